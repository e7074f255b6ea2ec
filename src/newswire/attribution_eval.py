"""Evaluation of the speech stage against PolNeAR attribution relations (brat standoff).

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution in US election news as
Source / Cue / Content spans tied together by an ``E`` line. ``evaluate_polnear`` reads the articles
of one split, runs newswire over them, and scores its Statement records; with ``compare_textacy``
it also scores textacy's rule-based ``direct_quotations`` on the same spaCy docs.

Rules (all documented in the result's notes too):

- **One annotator per article**: some articles carry several ``<name>_<annotator>.ann`` files; the
  first in sorted file-name order is used and the others are ignored.
- **Content match**: a predicted content span matches a gold one when their overlap is at least
  half the length of the shorter of the two (lengths and overlaps summed over the pieces of a
  discontinuous span). Recall counts gold attributions matched by any prediction, precision counts
  predictions matching any gold attribution (so one prediction may cover two gold ones).
- **Direct vs indirect**: a gold attribution is *direct* when its content opens with (or right
  after) an opening double quotation mark and at least half of its non-space characters lie between
  double quotation marks (“…”, «…», paired straight quotes or paired doubled apostrophes '' … '',
  paired within one paragraph; an unclosed quote runs to the paragraph end). Single quotation
  marks are not counted (they double as apostrophes). Indirect and mixed quotes are *indirect*.
- **Precision by kind**: the precision of newswire's statements of each kind (``direct``,
  ``partial``, ``indirect``, ``stance``), so the speech kinds can be judged apart from the stances.
- **Source match**: a matched gold attribution has the right source when its gold Source span
  overlaps a mention of a speaker actor of a matching statement, or that statement's
  ``speaker_mention`` (for textacy: the speaker tokens). Gold attributions with no Source span
  (``Attribution-no-source``) are left out of both source metrics; ``source_of_all`` divides by all
  gold attributions that have a Source span.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newswire.errors import GoldError
from newswire.inputs import make_document
from newswire.records import Reading

Pieces = tuple[tuple[int, int], ...]
OPENING_QUOTES = "“«„"
CLOSING_QUOTES = "”»"
STRAIGHT_QUOTE = '"'
DOUBLED_APOSTROPHE = "''"
MATCH_SHARE = 0.5
DIRECT_SHARE = 0.5
TOP_MISSED_CUES = 15
STATEMENT_KINDS = ("direct", "partial", "indirect", "stance")  # predictions are labelled "kind:cue"
BRAT_ID = re.compile(r"^[A-Z#*][0-9]*$")
RULES_NOTE = ("one annotator per article (first .ann in sorted order); match = overlap >= half of the "
              "shorter span; direct = content opens at a double quote and is >= half inside quotes; "
              "source metrics skip gold attributions without a Source span")


@dataclass(frozen=True)
class GoldAttribution:
    """One PolNeAR attribution: its content, source and cue as (start, end) character pieces."""

    id: str
    content: Pieces
    source: Pieces
    cue: Pieces
    cue_text: str
    direct: bool = False


@dataclass(frozen=True)
class Prediction:
    """One predicted attribution: content pieces, the pieces naming its speaker, and a label."""

    content: Pieces
    source: Pieces
    label: str = ""


@dataclass
class ArticleScore:
    """Which gold attributions and which predictions of one article matched each other."""

    golds: list[GoldAttribution]
    predictions: list[Prediction]
    gold_matches: list[list[int]] = field(default_factory=list)
    gold_source_right: list[bool | None] = field(default_factory=list)
    prediction_matched: list[bool] = field(default_factory=list)


# --- reading the brat files ---------------------------------------------------------------------

def parse_pieces(offsets: str) -> Pieces:
    """``"3 9;12 20"`` -> ((3, 9), (12, 20))."""
    pieces = []
    for part in offsets.split(";"):
        start, end = part.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def read_brat(ann_text: str, where: str) -> tuple[dict[str, tuple[str, Pieces, str]], list[tuple[str, dict[str, str]]]]:
    """The T-lines (id -> label, pieces, text) and E-lines (id, role -> T id) of one ``.ann`` file.

    A line that does not open with a brat id (``T12``, ``E3``, ``A1``, ``#2``…) continues the text
    of the span before it, whose text ran over a line break, and is skipped."""
    spans: dict[str, tuple[str, Pieces, str]] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for number, line in enumerate(ann_text.splitlines(), start=1):
        fields = line.split("\t")
        if not BRAT_ID.match(fields[0]):
            continue  # the rest of a span text that holds a line break (a few PolNeAR train files)
        try:
            if line.startswith("T"):
                label, offsets = fields[1].split(" ", 1)
                spans[fields[0]] = (label, parse_pieces(offsets), fields[2] if len(fields) > 2 else "")
            elif line.startswith("E"):
                relations.append((fields[0], dict(arg.split(":", 1) for arg in fields[1].split())))
        except (IndexError, ValueError) as error:
            raise GoldError(f"{where} line {number}: not a brat T/E line ({line[:60]!r})") from error
    return spans, relations


def parse_brat(ann_text: str, text: str, where: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file; E-lines without a Content argument are skipped."""
    spans, relations = read_brat(ann_text, where)
    mask = quoted_mask(text)
    golds = []
    for relation_id, roles in relations:
        if roles.get("Content") not in spans:
            continue
        pieces = {role: spans[roles[role]][1] if roles.get(role) in spans else ()
                  for role in ("Content", "Source", "Cue")}
        cue_text = spans[roles["Cue"]][2] if roles.get("Cue") in spans else ""
        if any(end > len(text) or start > end for start, end in pieces["Content"] + pieces["Source"]):
            raise GoldError(f"{where}: {relation_id} has offsets outside the article text")
        golds.append(GoldAttribution(relation_id, pieces["Content"], pieces["Source"], pieces["Cue"], cue_text,
                                     is_direct(text, pieces["Content"], mask)))
    return golds


def split_articles(root: Path, split: str) -> list[tuple[str, Path, Path]]:
    """(name, text file, the chosen .ann file) of every article of a split, sorted by name.

    ``root`` is the PolNeAR folder, or a folder holding it as ``polnear/``.
    """
    if not (root / "data").is_dir() and (root / "polnear" / "data").is_dir():
        root = root / "polnear"
    text_dir, ann_dir = root / "data" / split / "text", root / "data" / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise GoldError(f"{root}: no data/{split}/text and data/{split}/attributions folders (is this PolNeAR?)")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    missing = [name for name in chosen if not (text_dir / f"{name}.txt").is_file()]
    if missing:
        raise GoldError(f"{text_dir}: no text for {len(missing)} annotated articles (first: {missing[0]}.txt)")
    return [(name, text_dir / f"{name}.txt", ann) for name, ann in sorted(chosen.items())]


# --- spans, quotes and matching -----------------------------------------------------------------

def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges between double quotation marks (marks included), paired per paragraph.

    Curly and angle marks say which way they face; a straight ``"`` and a doubled apostrophe
    ``''`` (how some PolNeAR NYT texts write quotes) open when no quote is open and close otherwise.
    """
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    index = 0
    while index < len(text):
        char, width = text[index], 2 if text.startswith(DOUBLED_APOSTROPHE, index) else 1
        toggles = char == STRAIGHT_QUOTE or width == 2
        if char == "\n":
            if opened is not None:
                regions.append((opened, index))
            opened = None
        elif char in OPENING_QUOTES or (toggles and opened is None):
            opened = index if opened is None else opened
        elif (char in CLOSING_QUOTES or toggles) and opened is not None:
            regions.append((opened, index + width))
            opened = None
        index += width
    if opened is not None:
        regions.append((opened, len(text)))
    return regions


def quoted_mask(text: str) -> bytearray:
    """One byte per character of the text: 1 inside a quote region (see :func:`quote_regions`)."""
    mask = bytearray(len(text))
    for start, end in quote_regions(text):
        mask[start:end] = b"\x01" * (end - start)
    return mask


def is_direct(text: str, content: Pieces, mask: bytearray) -> bool:
    """Whether a content span is a direct quote by the module's rule (see the module docstring).

    A content that begins right after an opening mark begins inside its region, since a region
    runs from the opening mark to the closing one.
    """
    positions = [i for start, end in sorted(content) for i in range(start, min(end, len(text)))
                 if not text[i].isspace()]
    if not positions or not mask[positions[0]]:
        return False
    return sum(mask[i] for i in positions) >= DIRECT_SHARE * len(positions)


def length(pieces: Pieces) -> int:
    return sum(end - start for start, end in pieces)


def overlap(a: Pieces, b: Pieces) -> int:
    """Characters two (possibly discontinuous) spans share."""
    return sum(max(0, min(a_end, b_end) - max(a_start, b_start)) for a_start, a_end in a for b_start, b_end in b)


def spans_match(predicted: Pieces, gold: Pieces) -> bool:
    """The content rule: overlap of at least half of the shorter span."""
    shorter = min(length(predicted), length(gold))
    return shorter > 0 and overlap(predicted, gold) >= MATCH_SHARE * shorter


def score_article(golds: list[GoldAttribution], predictions: list[Prediction]) -> ArticleScore:
    """Match one article's predictions against its gold attributions."""
    score = ArticleScore(golds, predictions, prediction_matched=[False] * len(predictions))
    for gold in golds:
        matches = [i for i, p in enumerate(predictions) if spans_match(p.content, gold.content)]
        for i in matches:
            score.prediction_matched[i] = True
        score.gold_matches.append(matches)
        right = any(overlap(predictions[i].source, gold.source) > 0 for i in matches) if gold.source else None
        score.gold_source_right.append(right)
    return score


# --- predictions --------------------------------------------------------------------------------

def newswire_predictions(reading: Reading) -> list[Prediction]:
    """Each Statement as a prediction; its source is its speaker_mention plus its speakers' mentions."""
    mentions = {actor.id: actor.mentions for actor in reading.actors}
    predictions = []
    for statement in reading.statements:
        source = [(m.start, m.end) for i in {statement.speaker, *statement.speakers} if i for m in mentions.get(i, ())]
        if statement.speaker_mention is not None:
            source.append((statement.speaker_mention.start, statement.speaker_mention.end))
        cue = statement.cue.text if statement.cue else ""
        predictions.append(Prediction(((statement.content.start, statement.content.end),), tuple(source),
                                      f"{statement.kind}:{cue}"))
    return predictions


def token_pieces(tokens) -> Pieces:
    """Character pieces of a list of tokens, one piece per run of consecutive tokens."""
    pieces: list[list[int]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        end = token.idx + len(token.text)
        if pieces and pieces[-1][2] == token.i - 1:
            pieces[-1][1:] = [end, token.i]
        else:
            pieces.append([token.idx, end, token.i])
    return tuple((start, end) for start, end, _ in pieces)


def textacy_predictions(doc) -> list[Prediction]:
    """textacy's direct quotations of a doc as predictions (raises what textacy raises)."""
    from textacy.extract.triples import direct_quotations

    return [Prediction(token_pieces(triple.content), token_pieces(triple.speaker),
                       " ".join(t.text for t in triple.cue)) for triple in direct_quotations(doc)]


def textacy_available() -> str | None:
    """None when textacy can be imported, else the reason it cannot."""
    try:
        from textacy.extract.triples import direct_quotations  # noqa: F401
    except Exception as error:  # an import failure of any kind means: no comparison
        return f"textacy is not installed or failed to import ({type(error).__name__}: {error})"
    return None


# --- running and summing up ---------------------------------------------------------------------

@dataclass
class ArticleResult:
    """One article scored for newswire and (when compared) for textacy."""

    name: str
    text: str
    reading: Reading | None
    newswire: ArticleScore
    textacy: ArticleScore | None = None
    textacy_error: str | None = None


def published_date(name: str) -> str | None:
    """The date in a PolNeAR file name (``publisher_2016-09-12_slug``), if there is one."""
    parts = name.split("_")
    return parts[1] if len(parts) > 2 and len(parts[1]) == 10 and parts[1][4] == "-" else None


def score_articles(path: str | Path, *, split: str = "dev", reader=None, compare_textacy: bool = True,
                   limit: int | None = None) -> Iterator[ArticleResult]:
    """Read every article of a split once and score newswire (and textacy) against its gold."""
    from newswire.pipeline import Reader

    reader = reader or Reader()
    chosen = split_articles(Path(path), split)[:limit]
    texts = [read_exact(text_file) for _, text_file, _ in chosen]
    documents = [make_document(text, where=name, published=published_date(name), doc_id=name)
                 for (name, _, _), text in zip(chosen, texts)]
    for (name, _, ann), text, document, doc in zip(chosen, texts, documents, reader.nlp.pipe(texts)):
        golds = parse_brat(read_exact(ann), text, where=str(ann))
        reading = reader.read_parsed(document, doc)
        result = ArticleResult(name, text, reading, score_article(golds, newswire_predictions(reading)))
        if compare_textacy:
            try:
                result.textacy = score_article(golds, textacy_predictions(doc))
            except Exception as error:  # textacy bails out on odd quote counts: that is part of the comparison
                result.textacy_error = f"{type(error).__name__}: {str(error)[:80]}"
                result.textacy = score_article(golds, [])
        yield result


def read_exact(path: Path) -> str:
    """A file's text with its line endings untouched, so brat offsets stay valid."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def tally(hits: int, total: int) -> dict[str, Any]:
    """A counted metric in the shape ``evaluate.flatten`` turns into a Tally."""
    return {"value": round(hits / total, 4) if total else 0.0, "hits": hits, "total": total}


def summarise(scores: list[ArticleScore]) -> dict[str, Any]:
    """Recall, precision, F1, recall per class and source agreement over many articles."""
    counts: Counter = Counter()
    for score in scores:
        for gold, matches, right in zip(score.golds, score.gold_matches, score.gold_source_right):
            kind = "direct" if gold.direct else "indirect"
            counts["gold"] += 1
            counts[f"gold_{kind}"] += 1
            counts["matched"] += bool(matches)
            counts[f"matched_{kind}"] += bool(matches)
            if right is not None:
                counts["with_source"] += 1
                counts["matched_with_source"] += bool(matches)
                counts["right_source"] += bool(right)
        counts["predictions"] += len(score.predictions)
        counts["correct_predictions"] += sum(score.prediction_matched)
        for prediction, matched in zip(score.predictions, score.prediction_matched):
            kind = prediction.label.split(":", 1)[0] if ":" in prediction.label else ""
            if kind in STATEMENT_KINDS:
                counts[f"predictions_{kind}"] += 1
                counts[f"correct_{kind}"] += matched
    recall = tally(counts["matched"], counts["gold"])
    precision = tally(counts["correct_predictions"], counts["predictions"])
    f1 = (2 * recall["value"] * precision["value"] / (recall["value"] + precision["value"])
          if recall["value"] + precision["value"] else 0.0)
    return {
        "content_recall": recall, "content_precision": precision, "content_f1": round(f1, 4),
        "direct_recall": tally(counts["matched_direct"], counts["gold_direct"]),
        "indirect_recall": tally(counts["matched_indirect"], counts["gold_indirect"]),
        "source_of_matched": tally(counts["right_source"], counts["matched_with_source"]),
        "source_of_all": tally(counts["right_source"], counts["with_source"]),
        "predictions": counts["predictions"],
        "precision_by_kind": {kind: tally(counts[f"correct_{kind}"], counts[f"predictions_{kind}"])
                              for kind in STATEMENT_KINDS if counts[f"predictions_{kind}"]},
    }


def missed_cues(scores: list[ArticleScore]) -> str:
    """The commonest cue words of gold attributions nothing matched, as ``said ×12, …``."""
    cues = Counter(gold.cue_text.lower() or "(no cue)" for score in scores
                   for gold, matches in zip(score.golds, score.gold_matches) if not matches)
    return ", ".join(f"{cue} ×{count}" for cue, count in cues.most_common(TOP_MISSED_CUES))


def gold_counts(scores: list[ArticleScore]) -> dict[str, int]:
    golds = [gold for score in scores for gold in score.golds]
    return {"attributions": len(golds), "direct": sum(g.direct for g in golds),
            "indirect": sum(not g.direct for g in golds), "without_source": sum(not g.source for g in golds)}


def evaluate_polnear(path: str | Path, *, split: str = "dev", reader=None, compare_textacy: bool = True,
                     limit: int | None = None) -> dict[str, Any]:
    """Score newswire's statements (and textacy's direct quotations) against PolNeAR gold.

    ``path`` is the PolNeAR folder (holding ``data/<split>/text`` and ``data/<split>/attributions``).
    For articles with several annotator files the first ``.ann`` in sorted order is used. See the
    module docstring for the matching, direct/indirect and source rules. Returns plain dicts:
    counted metrics as ``{"value", "hits", "total"}``, strings as notes.
    """
    unavailable = textacy_available() if compare_textacy else None
    results = list(score_articles(path, split=split, reader=reader, limit=limit,
                                  compare_textacy=compare_textacy and unavailable is None))
    newswire_scores = [r.newswire for r in results]
    newswire = summarise(newswire_scores)
    newswire["missed_cues"] = missed_cues(newswire_scores)
    report: dict[str, Any] = {"split": split, "articles": len(results), "rules": RULES_NOTE,
                              "gold": gold_counts(newswire_scores), "newswire": newswire}
    if compare_textacy and unavailable:
        report["textacy"] = {"note": f"comparison skipped: {unavailable}"}
    elif compare_textacy:
        report["textacy"] = textacy_summary(results)
    return report


def textacy_summary(results: list[ArticleResult]) -> dict[str, Any]:
    """textacy's scores, the documents it refused, and its scores on the documents it read."""
    failed = [r for r in results if r.textacy_error]
    summary = summarise([r.textacy for r in results if r.textacy])
    summary["failed_documents"] = len(failed)
    readable = summarise([r.textacy for r in results if r.textacy and not r.textacy_error])
    summary["direct_recall_on_read_documents"] = readable["direct_recall"]
    summary["content_recall_on_read_documents"] = readable["content_recall"]
    if failed:
        reasons = Counter("unpaired quotation marks" if "quotation marks found" in (r.textacy_error or "")
                          else (r.textacy_error or "").split(":")[0] for r in failed)
        listed = ", ".join(f"{reason} ×{count}" for reason, count in reasons.most_common(3))
        summary["failures"] = f"textacy failed on {len(failed)} documents ({listed})"
    return summary
