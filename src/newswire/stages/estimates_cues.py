"""Finding epistemic cues in a parsed document: the words that say how likely something is.

Each finder yields :class:`~newswire.stages.estimates_spans.Cue` records. Four run over each
sentence: chance frames ("the probability of X is not high", "a 70% chance of X") and calibrated
phrases ("unlikely", "almost certainly", "is expected to") here, modal verbs (may, might, could;
"will not"; can, should) and difficulty judgments ("a very difficult task") in :mod:`estimates_modals`.
Hedges that name no degree ("potential", "raises questions", "will be lucky to", "appears to")
are found too, with ``estimate`` None: they count as cues but give no Assessment.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Span as TokenSpan, Token

from newswire.stages.estimates_modals import difficulty_cues, modal_cues
from newswire.stages.estimates_spans import (
    QUOTES, Cue, clause_span, complement, next_word, predicate_proposition, previous_word, subject_of, trimmed,
)  # fmt: skip
from newswire.stages.estimates_scale import (
    Estimate, cue_sets, flip, intensify, negate_judgment, numeric_estimate, phrase_estimate, phrases,
)  # fmt: skip

log = logging.getLogger(__name__)
REGEX_FORMS = {"adj", "adv", "pp", "clause", "np", "forecast"}
LEVEL_WORDS = {
    "%", "-", "in", "out", "of", "than", "no", "little", "even", "percent", "per", "cent", "to", "close",
    "near", "better", "worse", "less", "more", "about", "roughly", "around", "nearly", "almost", "not",
}  # fmt: skip
MAX_LEVEL_TOKENS = 7
RATING_VERBS = {"put", "rate", "place", "peg", "estimate", "assess", "see", "set", "judge", "give"}
MAX_FRAME_REACH = 45


def find_cues(doc: Doc) -> list[Cue]:
    """Every epistemic cue in ``doc``, in text order; a sentence that trips a parser oddity is skipped."""
    found: list[Cue] = []
    for sent in doc.sents:
        try:
            found.extend(sentence_cues(sent))
        except Exception:  # noqa: BLE001 - one odd sentence must not sink the document
            log.warning(
                "estimates: skipped a sentence at %d that the cue finders could not read",
                sent.start_char,
                exc_info=True,
            )
    return found


def sentence_cues(sent: TokenSpan) -> list[Cue]:
    """The cues of one sentence, with cues nested inside a longer one dropped."""
    if len(sent) > 400 or not any(t.is_alpha for t in sent):
        return []
    claimed: set[int] = set()
    found = list(frame_cues(sent, claimed))
    found += phrase_cues(sent, claimed)
    found += modal_cues(sent, claimed)
    found += difficulty_cues(sent)
    return drop_nested(found)


def drop_nested(found: list[Cue]) -> list[Cue]:
    """Keep one of overlapping cues: a calibrated phrase beats a modal verb, which beats a bare hedge;
    among equals the longest wins. A "may …, it may not" counts as a phrase."""

    def rank(cue: Cue) -> int:
        if cue.estimate is None:
            return 2
        return 1 if cue.estimate.basis == "modal" and not cue.both_ways else 0

    ordered = sorted(found, key=lambda c: (rank(c), -(c.end - c.start), c.start))
    kept: list[Cue] = []
    for cue in ordered:
        if not any(cue.start < k.end and k.start < cue.end for k in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


# ---------------------------------------------------------------- chance frames


def frame_noun(token: Token) -> str | None:
    """The frame noun a token spells ("chances" → "chance"), or None."""
    word = token.lower_
    nouns = cue_sets()["frame_nouns"]
    if token.pos_ not in ("NOUN", "PROPN") and word not in ("odds",):
        return None
    if word in nouns:
        return word
    return word[:-1] if word.endswith("s") and word[:-1] in nouns else None


def frame_cues(sent: TokenSpan, claimed: set[int]) -> Iterator[Cue]:
    """Chance frames: "a good chance of X", "the odds of X are long", "there is a possibility that X"."""
    for token in sent:
        noun = frame_noun(token)
        if noun is None or token.i in claimed or token.dep_ in ("compound", "amod", "nmod"):
            continue
        cue = _pre_level_frame(token, noun, sent) or _post_level_frame(token, noun, sent) or _bare_frame(token, noun)
        if cue is not None:
            claimed.update(range(token.i, token.i + 1))
            claimed.update(t.i for t in sent if cue.start <= t.idx < cue.end)
            yield cue


def _pre_level_frame(noun_token: Token, noun: str, sent: TokenSpan) -> Cue | None:
    """A level written before the noun: "a very good chance", "little chance", "a 70% chance"."""
    first = noun_token.i
    while (
        first - 1 >= sent.start and noun_token.i - first < MAX_LEVEL_TOKENS and _level_like(noun_token.doc[first - 1])
    ):
        first -= 1
    doc = noun_token.doc
    for start in range(first, noun_token.i):
        words = doc[start : noun_token.i].text
        with_word = "with " + words if start > sent.start and doc[start - 1].lower_ == "with" else None
        estimate = resolve_level(words, noun, prefix=with_word)
        if estimate is not None:
            cls = "possibility" if noun == "possibility" and estimate.p < 0.7 else "likelihood"
            expression_start = doc[start - 1].idx if with_word else doc[start].idx
            return Cue(
                expression_start,
                noun_token.idx + len(noun_token.text),
                cls,
                estimate,
                head=noun_token.head,
                proposition=complement(noun_token, sent),
            )
    return None


def _level_like(token: Token) -> bool:
    """Whether a token can belong to a level written before a frame noun."""
    return token.pos_ in ("ADJ", "ADV", "NUM", "SYM") or token.lower_ in LEVEL_WORDS or token.lower_ in phrases()


def _post_level_frame(noun_token: Token, noun: str, sent: TokenSpan) -> Cue | None:
    """A level stated after a copula: "the probability of X … is close to zero"."""
    after = next_word(noun_token.doc, noun_token.i)
    has_complement = after is not None and after.i < sent.end and after.lower_ in ("of", "that", "for")
    if noun_token.dep_ == "dobj" and noun_token.head.lemma_ in RATING_VERBS:
        return _rated_frame(noun_token, noun, sent, has_complement)
    if not has_complement and not noun_token.dep_.startswith("nsubj"):
        return None
    doc = noun_token.doc
    stop = min(sent.end, noun_token.i + MAX_FRAME_REACH)
    for copula in doc[noun_token.i + 1 : stop]:
        if copula.dep_ == "mark" and copula.lower_ in ("though", "although", "while", "whereas", "but", "because"):
            return None
        if copula.lemma_ not in cue_sets()["copulas"] or copula.pos_ not in ("AUX", "VERB"):
            continue
        level = _level_after(copula, noun, sent)
        if level is None and noun_token.head.i == copula.i and noun_token.dep_.startswith("nsubj"):
            return None  # the frame's own predicate names no level: "the odds are against it"
        if level is not None:
            (start, end), estimate = level
            proposition = complement(noun_token, sent, stop=copula.i) if has_complement else None
            cls = "possibility" if noun == "possibility" and estimate.p < 0.7 else "likelihood"
            return Cue(start, end, cls, estimate, head=copula, proposition=proposition)
    return None


def _rated_frame(noun_token: Token, noun: str, sent: TokenSpan, has_complement: bool) -> Cue | None:
    """A level given as an object complement: "put that risk close to zero", "put the chances of X at 1 in 3"."""
    doc = noun_token.doc
    anchor = noun_token
    if has_complement:
        anchor = next((t for t in doc[noun_token.i + 1 : min(sent.end, noun_token.i + 15)] if t.lower_ == "at"), None)
        if anchor is None:
            return None
    level = _level_after(anchor, noun, sent)
    if level is None:
        return None
    (start, end), estimate = level
    proposition = complement(noun_token, sent, stop=anchor.i) if has_complement else None
    return Cue(start, end, "likelihood", estimate, head=noun_token.head, proposition=proposition)


def _level_after(copula: Token, noun: str, sent: TokenSpan) -> tuple[tuple[int, int], Estimate] | None:
    """The longest level phrase right after a copula (quotes and "still", "now" skipped)."""
    doc = copula.doc
    first = copula.i + 1
    while first < sent.end and (
        doc[first].lower_ in QUOTES or doc[first].lower_ in ("still", "now", "also", "then", "at")
    ):
        first += 1
    for end in range(min(sent.end, first + MAX_LEVEL_TOKENS), first, -1):
        tokens = doc[first:end]
        if tokens[-1].lower_ in QUOTES or tokens[-1].is_punct:
            continue
        estimate = resolve_level(tokens.text, noun)
        if estimate is not None:
            return (tokens.start_char, tokens.end_char), estimate
    return None


def _bare_frame(noun_token: Token, noun: str) -> Cue | None:
    """A frame noun with no level: "there is a chance that X" is a possibility; others are bare hedges
    ("the risk that X"; "they took the risk of …" is an act, not a judgment)."""
    doc = noun_token.doc
    head = noun_token.head
    existential = noun_token.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children)
    if existential and noun in ("chance", "possibility"):
        start = noun_token.i - 1 if noun_token.i > 0 and doc[noun_token.i - 1].lower_ in ("a", "an") else noun_token.i
        estimate = phrase_estimate("possibility" if noun == "possibility" else "a chance")
        return Cue(
            doc[start].idx,
            noun_token.idx + len(noun_token.text),
            "possibility",
            estimate,
            head=head,
            proposition=complement(noun_token, noun_token.sent),
        )
    after = next_word(doc, noun_token.i)
    if noun == "risk" and after is not None and after.lower_ in ("that", "of") and noun_token.dep_ != "dobj":
        return Cue(noun_token.idx, noun_token.idx + len(noun_token.text), "possibility", None, head=head)
    if noun in ("possibility", "likelihood", "probability"):
        cls = "possibility" if noun == "possibility" else "likelihood"
        return Cue(noun_token.idx, noun_token.idx + len(noun_token.text), cls, None, head=head)
    return None


def resolve_level(words: str, noun: str | None = None, prefix: str | None = None) -> Estimate | None:
    """Read a level phrase: a number, a table phrase (with or without its noun), or a modified one."""
    text = " ".join(words.lower().replace("“", "").replace("”", "").replace('"', "").split())
    text = re.sub(r"\s*-\s*", "-", text)
    if not text:
        return None
    estimate = numeric_estimate(text)
    if estimate is not None:
        return estimate
    candidates = ([f"{prefix} {noun}"] if prefix and noun else []) + ([f"{text} {noun}"] if noun else []) + [text]
    for key in candidates:
        entry = phrases().get(key)
        if entry is not None and entry["form"] in ("level", "np", "adj", "pp"):
            return phrase_estimate(key)
    first, _, rest = text.partition(" ")
    if not rest:
        return None
    inner = resolve_level(rest, noun)
    if inner is None:
        return None
    if first in cue_sets()["negators"] and first != "no":
        return negate_judgment(inner)
    return intensify(inner, first)


# ---------------------------------------------------------------- calibrated phrases


@lru_cache(maxsize=1)
def phrase_pattern() -> re.Pattern[str]:
    """One regular expression matching every phrase the finders read from text, longest first."""
    nouns = cue_sets()["frame_nouns"]
    keys = [
        k
        for k, e in phrases().items()
        if e["form"] in REGEX_FORMS
        and not (e["form"] == "np" and (k.split()[-1] in nouns or k.split()[-1].rstrip("s") in nouns))
    ]
    keys += list(cue_sets()["evidentials"]) + list(cue_sets()["hedge_words"]) + list(cue_sets()["likelihood_hedges"])
    parts = [
        r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", k)) for k in sorted(set(keys), key=len, reverse=True)
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def phrase_cues(sent: TokenSpan, claimed: set[int]) -> Iterator[Cue]:
    """Calibrated words and phrases read from the sentence text ("unlikely", "is expected to")."""
    doc = sent.doc
    for match in phrase_pattern().finditer(sent.text):
        span = doc.char_span(sent.start_char + match.start(), sent.start_char + match.end(), alignment_mode="expand")
        if span is None or any(t.i in claimed for t in span):
            continue
        key = " ".join(re.split(r"[\s\-]+", match.group(0).lower()))
        if key not in phrases() and key not in cue_sets()["hedge_words"] | cue_sets()["likelihood_hedges"]:
            key = match.group(0).lower().replace(" ", "-")
        cue = read_phrase(span, key)
        if cue is not None:
            claimed.update(t.i for t in span)
            yield cue


def read_phrase(span: TokenSpan, key: str) -> Cue | None:
    """Turn one matched phrase into a cue, applying its form's checks and modifiers."""
    entry = phrases().get(key)
    if entry is None:
        return hedge_cue(span, key)
    form = entry["form"]
    if form == "adj":
        return adjective_cue(span, key, entry["class"])
    if form in ("adv", "pp"):
        return adverb_cue(span, key, entry["class"])
    if form == "forecast":
        return forecast_cue(span, key)
    if form == "clause":
        return clause_cue(span, key)
    if form == "np":
        return Cue(
            span.start_char,
            span.end_char,
            entry["class"],
            phrase_estimate(key),
            head=span.root,
            proposition=subject_of(span.root.head),
        )
    return None


def hedge_cue(span: TokenSpan, key: str) -> Cue | None:
    """A hedge with no degree: "appears to", "seemingly", "unclear", "fears that" (class only, no number)."""
    word = span.root
    if key in cue_sets()["likelihood_hedges"]:
        return likelihood_idiom(span, key)
    if key.startswith("appear"):
        after = next_word(span.doc, span.end - 1)
        if not (
            (after is not None and after.lower_ in ("to", "that"))
            or any(c.dep_ in ("acomp", "xcomp", "ccomp", "attr") for c in word.children)
        ):
            return None
    if key == "potential" and not _potential_thing(span[0]):
        return None
    if key.startswith("worr") and not _has_content(span):
        return None
    if key == "unknown" and span.start > span.sent.start and span.text[:1].isupper():
        return None  # a name: "the Tomb of the Unknown Soldier"
    cls = "possibility" if key in cue_sets()["hedge_words"] else "evidential"
    return Cue(span.start_char, span.end_char, cls, None, head=word.head)


def likelihood_idiom(span: TokenSpan, key: str) -> Cue | None:
    """Idioms that judge how likely an event is without a number: "will be lucky to break even"
    (unlikely), "is close to completing a deal", "looks to increase" (likely). "She was lucky to
    survive" tells what happened, so "lucky to" needs a modal before its "be"."""
    doc = span.doc
    before, after = previous_word(doc, span.start), next_word(doc, span.end - 1)
    if after is None or after.is_punct:
        return None
    if key == "lucky to":
        fits = before is not None and before.tag_ == "VB" and before.lemma_ == "be" and after.tag_ == "VB"
    elif key == "close to":
        fits = before is not None and before.lemma_ in ("be", "come", "get", "edge", "move") and after.tag_ == "VBG"
    else:  # "looks to increase" of a thing; "the firm looks to buy" is an intention
        subject = next((c for c in span[0].children if c.dep_ == "nsubj"), None)
        fits = after.tag_ == "VB" and subject is not None and subject.pos_ == "NOUN" and not subject.ent_type_
        fits = fits and subject.lemma_ not in cue_sets()["agent_nouns"]
    if not fits:
        return None
    return Cue(span.start_char, span.end_char, "likelihood", None, head=after, proposition=clause_span(after))


def _has_content(span: TokenSpan) -> bool:
    """Whether a worry names what is feared: "worry that X", "worries about falling prices", "the worry is that X"."""
    doc = span.doc
    after = next_word(doc, span.end - 1)
    if after is None:
        return False
    if after.lower_ == "that" or (after.lemma_ == "be" and any(c.dep_ == "ccomp" for c in after.children)):
        return True
    following = next_word(doc, after.i)
    return after.lower_ in ("about", "over") and following is not None and not following.is_punct


def _potential_thing(word: Token) -> bool:
    """Whether "potential" hedges an event or thing ("potential charges", "the potential for injury"),
    not merely names a role someone might fill ("potential buyers")."""
    if word.dep_ != "amod":
        return word.pos_ == "NOUN" or word.dep_ in ("nsubj", "dobj", "pobj")
    noun = word.head
    return noun.lemma_ not in cue_sets()["person_nouns"] and noun.lemma_ not in cue_sets()["agent_nouns"]


def adjective_cue(span: TokenSpan, key: str, cls: str) -> Cue | None:
    """ "unlikely", "almost certain", "possible": predicate uses carry a number, attributive ones are hedges."""
    word = span[-1]
    doc = span.doc
    before_token, after_token = previous_word(doc, span.start), next_word(doc, span.end - 1)
    before = before_token.lower_ if before_token is not None else ""
    after = after_token.lower_ if after_token is not None else ""
    if key in ("possible", "impossible") and (
        before in ("as", "if", "where", "whenever", "wherever", "when", "everything")
        or (before_token is not None and before_token.tag_ in ("JJS", "RBS"))
    ):
        return None
    if key in ("possible", "impossible") and word.head.lemma_ in ("make", "render"):
        return None
    if key == "certain" and (word.dep_ == "amod" or word.dep_ == "det" or after not in ("to", "that", ".", ",", "")):
        return None
    if (
        key == "impossible"
        and after == "to"
        and after_token is not None
        and (next_word(doc, after_token.i) or after_token).lemma_ in cue_sets()["epistemic_infinitives"]
    ):
        return None
    if before == "how":
        return None  # a question about likelihood, not a judgment
    if key in ("likely", "probable") and word.dep_ == "amod" and before in ("the", "a", "an", "its", "their", "'s"):
        return None  # "the likely role": names an expected thing, judges no proposition
    if before in ("more", "less", "as", "increasingly") or word.dep_ == "amod":
        return Cue(span.start_char, span.end_char, cls, None, head=word.head)
    if word.dep_ == "advmod" and word.head.pos_ in ("VERB", "AUX"):
        return adverb_cue(span, key, cls)  # "would likely precede"
    estimate, start = modified(phrase_estimate(key), span)
    base = word
    while base.dep_ == "conj" and base.head.i != base.i:
        base = base.head  # "possible, but highly unlikely, that …"
    copula = base.head if base.dep_ in ("acomp", "attr", "oprd") else word
    return Cue(start, span.end_char, cls, estimate, head=copula, proposition=predicate_proposition(word, copula))


def adverb_cue(span: TokenSpan, key: str, cls: str) -> Cue | None:
    """ "probably", "almost certainly", "perhaps": judge the clause of the verb they modify."""
    head = span.root.head if span.root.head.i != span.root.i else span.root
    while head.dep_ in ("aux", "auxpass", "neg") and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("VERB", "AUX") and not any(c.dep_ == "nsubj" for c in head.children):
        return Cue(span.start_char, span.end_char, cls, None, head=head)
    estimate, start = modified(phrase_estimate(key), span)
    end = span.end_char
    negation = [c for c in head.children if c.dep_ == "neg" and c.i >= span.end and c.i - span.end <= 2]
    if negation and "not" not in key:
        estimate = flip(estimate)
        end = negation[0].idx + len(negation[0].text)
    return Cue(start, end, cls, estimate, head=head, proposition=clause_span(head))


def forecast_cue(span: TokenSpan, key: str) -> Cue | None:
    """ "is expected to", "is set to": a hedged forecast about the following verb phrase."""
    doc = span.doc
    if span.end >= len(doc) or not span.text.lower().endswith("to") or doc[span.end].pos_ not in ("VERB", "AUX"):
        return None
    if key != "will likely" and not (span.start > 0 and doc[span.start - 1].lemma_ == "be"):
        return None
    verb = doc[span.end]
    predicate = span[0] if span[0].pos_ in ("VERB", "AUX") and key != "will likely" else verb
    return Cue(
        doc[span.start - 1].idx,
        span.end_char,
        "forecast",
        phrase_estimate(key),
        head=predicate,
        proposition=clause_span(predicate),
    )


def clause_cue(span: TokenSpan, key: str) -> Cue | None:
    """ "we doubt", "no reason to doubt": judge the clause that follows."""
    verb = next((t for t in span if t.lemma_ == "doubt"), span.root)
    target = next((c for c in verb.children if c.dep_ in ("ccomp", "dobj")), None)
    proposition = trimmed(span.doc, target.left_edge.i, target.right_edge.i + 1) if target is not None else None
    if key in ("we doubt", "i doubt") and verb.pos_ != "VERB":
        return None
    cls = phrases()[key]["class"]
    return Cue(span.start_char, span.end_char, cls, phrase_estimate(key), head=verb, proposition=proposition)


def modified(estimate: Estimate, span: TokenSpan) -> tuple[Estimate, int]:
    """Apply the negators and intensifiers written just before a phrase; return it and its new start."""
    doc = span.doc
    modifiers: list[Token] = []
    i = span.start - 1
    while i >= 0 and span.start - i <= 6:
        token = doc[i]
        if token.lower_ in cue_sets()["negators"] or intensify(estimate, token.lower_) is not None:
            modifiers.append(token)
        elif not (token.lemma_ == "be" or token.lower_ in QUOTES or token.is_space):
            break
        i -= 1
    start = span.start_char
    for token in modifiers:  # nearest first: "not very likely" = not (very likely)
        if token.lower_ in cue_sets()["negators"]:
            if token.lower_ == "no":
                break
            estimate = negate_judgment(estimate)
        else:
            estimate = intensify(estimate, token.lower_) or estimate
        start = token.idx
    return estimate, start
