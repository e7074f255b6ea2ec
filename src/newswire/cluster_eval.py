"""Evaluation of story clustering: labelled pairs built from a folder of stories, and its speed.

Every distinct story in the folder is a family of its own. Some get copies made here by
programmatic edits of the kinds syndication produces (another headline, a byline, a line of
boilerplate, a sentence dropped or replaced, the last paragraph trimmed, a share of words
changed); a few get 30 copies, as a wire story running in 30 outlets. All documents are then
clustered in shuffled order. A pair of documents is positive when both are of one family, and
predicted when both land in one story. Different stories of the folder, such as two reports of
the same day of the Ukraine war from gdelt-ukraine, make the negative pairs.

Reported: pair precision and recall, the recall of each edit kind (a copy clustered with its
original), and the clustering time per 10,000 documents (shingling, signatures and LSH, no parse).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newswire.errors import GoldError

if TYPE_CHECKING:
    from newswire.evaluate import EvaluationReport

COPY_SHARE = 0.3
WIRE_FAMILIES = 3
WIRE_COPIES = 30
MIN_WORDS = 60
SEED = 7

OUTLETS = ("Daily Courier", "Evening Ledger", "Metro Wire", "Northern Herald", "Valley Times", "Globe Online")
NAMES = ("Ana Kovac", "Tom Reyes", "Lena Fischer", "Omar Haddad", "Mia Novak", "Raj Patel")
BOILERPLATE = (
    "Copyright {year} {outlet}. All rights reserved.",
    "Sign up for the {outlet} morning briefing to get the day's top stories in your inbox.",
    "Additional reporting by the {outlet} news desk.",
    "Follow {outlet} for live updates on this developing story.",
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


@dataclass(frozen=True)
class Doc:
    """One document of the evaluation: its family (the story it copies) and how it was made."""

    key: str
    family: str
    kind: str
    text: str


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def _headline(text: str, rng: random.Random) -> str:
    words = text.split()[:40]
    picked = rng.sample(words, min(len(words), rng.randint(6, 10)))
    return f"{rng.choice(OUTLETS)}: {' '.join(picked)}"


def _change_words(text: str, share: float, rng: random.Random) -> str:
    """Replace ``share`` of the words (at random places) with other words of the same text."""
    words = text.split(" ")
    for position in rng.sample(range(len(words)), max(1, round(len(words) * share))):
        words[position] = rng.choice(words)
    return " ".join(words)


def _trim(text: str) -> str:
    """Drop the last paragraph, or the last sentence when that paragraph is most of the text."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 1 and len(paragraphs[-1].split()) <= 0.15 * len(text.split()):
        return "\n".join(paragraphs[:-1])
    sentences = _sentences(text)
    return " ".join(sentences[:-1]) if len(sentences) > 1 else text


def edit(text: str, kind: str, rng: random.Random, other: str) -> str:
    """A copy of ``text`` edited the way ``kind`` says; ``other`` lends a sentence for 'replace-sentence'."""
    outlet, year = rng.choice(OUTLETS), rng.randint(2010, 2024)
    if kind == "exact":
        return text
    if kind == "headline":
        return _headline(text, rng) + "\n\n" + text
    if kind == "byline":
        return f"By {rng.choice(NAMES)}, {outlet}\n\n{text}"
    if kind == "boilerplate":
        lines = rng.sample(BOILERPLATE, rng.randint(1, 3))
        return text + "\n\n" + "\n".join(line.format(outlet=outlet, year=year) for line in lines)
    if kind in ("drop-sentence", "replace-sentence"):
        sentences = _sentences(text)
        if len(sentences) < 3:
            return _change_words(text, 0.05, rng)
        spot = rng.randrange(1, len(sentences))
        sentences[spot:spot + 1] = [] if kind == "drop-sentence" else [rng.choice(_sentences(other) or [other])]
        return " ".join(sentences)
    if kind == "trim":
        return _trim(text)
    if kind.startswith("words-"):
        return _change_words(text, int(kind.split("-")[1]) / 100, rng)
    if kind == "mixed":
        edited = _change_words(_trim(text), 0.05, rng)
        return f"{_headline(text, rng)}\nBy {rng.choice(NAMES)}, {outlet}\n\n{edited}\n\n" + \
            BOILERPLATE[0].format(outlet=outlet, year=year)
    raise ValueError(f"unknown edit kind {kind!r}")


EDIT_KINDS = ("exact", "headline", "byline", "boilerplate", "drop-sentence", "replace-sentence", "trim",
              "words-5", "words-10", "words-15", "mixed")


def read_folder(path: Path, *, limit: int | None = None) -> list[tuple[str, str]]:
    """(name, text) of every distinct .txt story under ``path`` with at least MIN_WORDS words."""
    if not path.exists():
        raise GoldError(f"evaluation 'clusters' needs a folder of .txt stories, e.g. ../shared/news; got {path}")
    files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    seen, stories = set(), []
    for file in files:
        text = file.read_text("utf-8", errors="replace").strip()
        normalized = " ".join(text.split())
        if len(normalized.split()) >= MIN_WORDS and normalized not in seen:
            seen.add(normalized)
            stories.append((str(file.relative_to(path) if path.is_dir() else file.name), text))
    if limit is not None:
        stories = random.Random(SEED).sample(stories, min(limit, len(stories)))
    if len(stories) < 2:
        raise GoldError(f"{path}: fewer than two distinct stories of {MIN_WORDS}+ words to evaluate on")
    return stories


def build_corpus(stories: list[tuple[str, str]], rng: random.Random) -> list[Doc]:
    """The originals plus their edited copies, shuffled."""
    docs = [Doc(name, name, "original", text) for name, text in stories]
    for name, text in stories:
        if rng.random() < COPY_SHARE:
            for kind in rng.sample(EDIT_KINDS, rng.randint(1, 3)):
                docs.append(Doc(f"{name}#{kind}", name, kind, edit(text, kind, rng, rng.choice(stories)[1])))
    for name, text in rng.sample(stories, min(WIRE_FAMILIES, len(stories))):
        for number in range(WIRE_COPIES):
            kind = rng.choice(EDIT_KINDS)
            docs.append(Doc(f"{name}#wire{number}-{kind}", name, kind, edit(text, kind, rng, rng.choice(stories)[1])))
    rng.shuffle(docs)
    return docs


def _pairs(groups: dict[str, list[Doc]]) -> int:
    return sum(len(members) * (len(members) - 1) // 2 for members in groups.values())


def score(docs: list[Doc], story_of: dict[str, str]) -> dict:
    """Pair precision and recall, recall per edit kind, and the wrongly joined pairs."""
    families, stories, both = defaultdict(list), defaultdict(list), defaultdict(list)
    for doc in docs:
        families[doc.family].append(doc)
        stories[story_of[doc.key]].append(doc)
        both[(doc.family, story_of[doc.key])].append(doc)
    true_pairs, predicted, hits = _pairs(families), _pairs(stories), _pairs(both)
    original_story = {doc.family: story_of[doc.key] for doc in docs if doc.kind == "original"}
    per_kind = defaultdict(lambda: [0, 0])
    for doc in docs:
        if doc.kind != "original":
            per_kind[doc.kind][0] += story_of[doc.key] == original_story[doc.family]
            per_kind[doc.kind][1] += 1
    wrong = [sorted({d.family for d in members}) for members in stories.values()
             if len({d.family for d in members}) > 1]
    return {"true_pairs": true_pairs, "predicted_pairs": predicted, "hits": hits, "per_kind": dict(per_kind),
            "mixed_stories": wrong}


def evaluate_clusters(path: Path, *, limit: int | None = None) -> dict:
    """Build the labelled corpus from ``path``, cluster it, and measure quality and speed."""
    from newswire.cluster import Signer, StoryIndex

    rng = random.Random(SEED)
    docs = build_corpus(read_folder(Path(path), limit=limit), rng)
    signer, index = Signer(), StoryIndex()
    started, cpu_started = time.perf_counter(), time.process_time()
    story_of = {doc.key: index.assign(doc.key, signer.of_text(doc.text)).story_id for doc in docs}
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    result = score(docs, story_of)
    result.update(documents=len(docs), originals=sum(d.kind == "original" for d in docs), seconds=seconds,
                  cpu_seconds=cpu_seconds,
                  words_per_document=sum(len(d.text.split()) for d in docs) / len(docs))
    return result


def run_clusters(path: Path | None, *, model: str = "") -> EvaluationReport:
    """``newswire evaluate clusters PATH``: the report of :func:`evaluate_clusters` (no model needed)."""
    from newswire.evaluate import EvaluationReport, Tally

    if path is None:
        raise GoldError("evaluation 'clusters' needs a folder of .txt stories, e.g. ../shared/news/gdelt-ukraine")
    result = evaluate_clusters(Path(path))
    metrics: dict = {
        "pair precision": Tally(result["hits"], result["predicted_pairs"]),
        "pair recall": Tally(result["hits"], result["true_pairs"]),
    }
    for kind in EDIT_KINDS:
        if kind in result["per_kind"]:
            metrics[f"recall {kind}"] = Tally(*result["per_kind"][kind])
    metrics["documents"] = result["documents"]
    metrics["seconds per 10k documents"] = round(result["seconds"] / result["documents"] * 10_000, 2)
    metrics["cpu seconds per 10k documents"] = round(result["cpu_seconds"] / result["documents"] * 10_000, 2)
    notes = [f"{result['originals']} distinct stories of {MIN_WORDS}+ words, {result['documents']} documents with "
             f"copies, {result['words_per_document']:.0f} words per document, clustered in {result['seconds']:.1f} s"]
    sizes = Counter(len(families) for families in result["mixed_stories"])
    notes += [f"stories mixing different originals: {len(result['mixed_stories'])} ({dict(sizes)} by number "
              "of originals)"] + [f"mixed: {' + '.join(f)}" for f in result["mixed_stories"][:10]]
    return EvaluationReport(name="clusters", metrics=metrics, notes=notes)
