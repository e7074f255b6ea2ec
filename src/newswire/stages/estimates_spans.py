"""The Cue record of the estimates stage and the spans it points at: clause extents and propositions.

The span helpers only read the spaCy parse. They return character offsets (start, end) with edge
punctuation, quote marks and leading markers ("that", "while", "then") trimmed, or None.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span as TokenSpan, Token

from newswire.stages.estimates_scale import Estimate, cue_sets

BREAKS = {",", ";", ":", "—", "–", "…", "(", ")", '"', "“", "”", "?", "!", "--"}
QUOTES = {'"', "“", "”", "'", "‘", "’", "``", "''"}
LEADING_JUNK = (
    {"that", "whether", "then", "so", "but", "and", "while", "because", "if", "or", "to", "where"} | BREAKS | QUOTES
)
COMPLEMENT_STOPS = {"if", "unless", "although", "though", "because", "but", "while", "whereas"}


@dataclass(frozen=True)
class Cue:
    """One epistemic expression: character span, cue class, reading and what it judges.

    ``cls`` is likelihood, possibility, forecast, difficulty or evidential. ``estimate`` is None
    for a hedge that names no degree. ``head`` is the token whose clause holds the judgment;
    ``proposition`` is a (start, end) character pair or None.
    """

    start: int
    end: int
    cls: str
    estimate: Estimate | None
    head: Token | None = None
    proposition: tuple[int, int] | None = None
    both_ways: bool = False


def next_word(doc: Doc, i: int) -> Token | None:
    """The first token after index ``i`` that is not whitespace, or None."""
    i += 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def previous_word(doc: Doc, i: int) -> Token | None:
    """The last token before index ``i`` that is not whitespace, or None."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def complement(noun_token: Token, sent: TokenSpan, stop: int | None = None) -> tuple[int, int] | None:
    """What a frame noun is about: the words after its "of"/"that"/"for", up to ``stop`` or a break."""
    doc = noun_token.doc
    start = noun_token.i + 1
    while start < sent.end and (doc[start].lower_ in QUOTES or doc[start].is_space):
        start += 1
    if start >= sent.end or doc[start].lower_ not in ("of", "that", "for", "to"):
        clause = next(
            (c for c in noun_token.children if c.dep_ in ("acl", "relcl", "ccomp") and c.left_edge.i == start), None
        )
        return clause_span(clause) if clause is not None else None  # "a good chance the talks resume"
    if doc[start].lower_ != "to":
        start += 1
    end = start
    limit = stop if stop is not None else sent.end
    while (
        end < limit
        and doc[end].text not in BREAKS
        and doc[end].lower_ not in QUOTES
        and not (end > start and doc[end].lower_ in COMPLEMENT_STOPS)
    ):
        end += 1
    return trimmed(doc, start, end)


def trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character offsets of tokens ``start``–``end`` without leading/trailing junk, or None if empty."""
    while start < end and (
        doc[start].is_space
        or (
            doc[start].lower_ in LEADING_JUNK
            and (doc[start].lower_ not in ("that", "so") or doc[start].dep_ in ("mark", "advmod", "cc"))
        )
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in QUOTES):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def in_quote(token: Token) -> bool:
    """Whether an odd number of straight or curly double quotes precede the token in its sentence."""
    sent = token.sent
    marks = sum(1 for t in sent if t.i < token.i and t.text in ('"', "“", "”", "``", "''"))
    opened = any(t.text in ('"', "“", "``") for t in sent if t.i < token.i) and marks % 2 == 1
    return opened or (sent.start < len(token.doc) and token.doc[sent.start].text in ('"', "“"))


def in_condition(verb: Token) -> bool:
    """Whether a verb sits inside an if-clause (the condition, not the judgment)."""
    node = verb
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in cue_sets()["condition_marks"] for c in node.children):
            return True
        if node.head.i == node.i or node.dep_ not in ("conj", "aux"):
            return False
        node = node.head
    return False


def clause_span(head: Token) -> tuple[int, int] | None:
    """The clause a verb heads, without its if/after/because clauses, leading marks and edge punctuation.

    In an existential clause ("there may be X") it is X and what follows it.
    """
    doc = head.doc
    skip_marks = cue_sets()["excluded_clause_marks"]
    kept = [head]
    existential = any(c.dep_ == "expl" for c in head.children)
    for child in head.children:
        if child.dep_ in ("mark", "cc", "punct", "expl") or (existential and child.i < head.i):
            continue
        if child.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in skip_marks for m in child.children
        ):
            continue
        if child.dep_ in ("conj", "parataxis") and any(
            g.dep_ in ("nsubj", "nsubjpass", "csubj", "expl", "mark") for g in child.children
        ):
            continue
        kept.append(child)
    if existential:
        kept = [c for c in kept if c.i != head.i] or [head]
    start = min(t.i if t.i == head.i else t.left_edge.i for t in kept)
    end = max(t.i if t.i == head.i else t.right_edge.i for t in kept) + 1
    if (
        not existential
        and head.dep_ in ("ccomp", "ROOT")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in head.children)
    ):
        start = _after_reporting_verb(head, start)  # the parser lost the subject: "said X … was Y"
    antecedent = relative_antecedent(head)
    if antecedent is not None:
        start = min(start, antecedent.left_edge.i)  # "conditions that it said could lead to error"
    return trimmed(doc, start, end)


def relative_antecedent(head: Token) -> Token | None:
    """The noun a relative clause is about, when its subject is the relative pronoun.

    "a deal that it said was unlikely to last": the clause of "was" has "that" for subject and sits
    in a relative clause on "deal", so the judgment is about the deal lasting.
    """
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in ("that", "which", "who"):
        return None
    node = head
    for _ in range(4):
        if node.dep_ == "relcl" and node.head.i != node.i:
            return node.head
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _after_reporting_verb(head: Token, start: int) -> int:
    """For a clause that lost its subject, start just after the nearest speech verb before it."""
    for token in reversed(head.doc[head.sent.start : start]):
        if token.lemma_ in cue_sets()["speech_verbs"] and any(
            c.dep_ == "dobj" and token.i < c.i < start for c in token.children
        ):
            return token.i + 1
    return start


def predicate_proposition(adjective: Token, copula: Token) -> tuple[int, int] | None:
    """What a predicate likelihood adjective judges: its that-clause, its subject + infinitive, or its subject."""
    doc = adjective.doc
    children = list(adjective.children) + ([] if copula.i == adjective.i else list(copula.children))
    children += [c for c in adjective.head.children if c.dep_ == "ccomp"] if adjective.dep_ == "conj" else []
    clause = next((c for c in children if c.dep_ == "ccomp"), None)
    subject = next((c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if clause is not None and (subject is None or subject.lower_ in ("it", "this", "that")):
        return clause_span(clause)
    for_clause = next((c for c in children if c.dep_ in ("advcl", "ccomp", "xcomp") and _marked_for(c)), None)
    if for_clause is not None and (subject is None or subject.lower_ == "it"):
        mark = next(m for m in for_clause.children if m.dep_ == "mark" and m.lower_ == "for")
        return trimmed(doc, mark.i + 1, for_clause.right_edge.i + 1)  # "possible for X to Y" → "X to Y"
    if any(c.dep_ == "xcomp" for c in children):
        return clause_span(copula)
    if subject is None or subject.lower_ in ("it", "this", "that", "which"):
        return None
    return trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)


def _marked_for(clause: Token) -> bool:
    """Whether a clause opens with "for" ("for the army to retake the city")."""
    return any(m.dep_ == "mark" and m.lower_ == "for" and m.i < clause.i for m in clause.children)


def subject_of(verb: Token) -> tuple[int, int] | None:
    """The subject of a verb as a span (pronouns "it"/"this" give None)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "which"):
        return None
    return trimmed(verb.doc, subject.left_edge.i, subject.right_edge.i + 1)
