"""The estimates stage: estimative judgments ("unlikely", "close to zero", "could begin") as calibrated probabilities.

For every epistemic cue that carries a degree (see :mod:`estimates_cues`), the stage appends an
:class:`~newswire.records.Assessment`: who holds the judgment (the speaker of the innermost
statement around it, else the actor who is the subject of a speech verb in the sentence, else
the article's own voice), what proposition it judges, the probability with its range on the
reader's scale (:mod:`estimates_scale`), and the if-clause it depends on. The probability is
for the proposition as its span reads: "not likely that the talks resume" gives a low probability
for "the talks resume"; "the war would not end any time soon", a negated forecast whose negation
is inside the proposition, a high one for that clause. Confidence statements ("we assess with high confidence") are not likelihoods and are
not read.
"""

from __future__ import annotations

import logging

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.records import Assessment, Span, Statement
from newswire.stages.estimates_cues import find_cues
from newswire.stages.estimates_spans import BREAKS, Cue
from newswire.stages.estimates_scale import cue_sets, on_scale

log = logging.getLogger(__name__)
MAX_CLIMB = 8


def annotate(draft: Draft) -> None:
    """Append one Assessment per calibrated estimative judgment in the draft's text."""
    if not draft.text.strip():
        return
    try:
        cues = [c for c in find_cues(draft.doc) if c.estimate is not None]
    except Exception:  # noqa: BLE001 - never let an odd document stop the reading
        log.warning(
            "estimates: the cue finders failed on document %s; no assessments", draft.document.id, exc_info=True
        )
        return
    statements = sorted(draft.statements, key=lambda s: s.content.end - s.content.start)
    for cue in cues:
        if draft.in_boilerplate(cue.start, cue.end):
            continue
        try:
            draft.assessments.append(assessment(draft, cue, statements))
        except Exception:  # noqa: BLE001 - one unreadable judgment is skipped, not fatal
            log.warning("estimates: skipped the judgment at %d-%d", cue.start, cue.end, exc_info=True)


def assessment(draft: Draft, cue: Cue, statements: list[Statement]) -> Assessment:
    """Build the Assessment record for one calibrated cue."""
    estimate = on_scale(cue.estimate, draft.scale)
    statement = innermost_statement(statements, cue.start, cue.end)
    if statement is not None:
        actor = draft.actor(statement.speaker)
        holder, holder_name = statement.speaker, actor.name if actor else statement.speaker_name
    else:
        holder, holder_name = speech_subject(draft, cue.head)
    proposition = draft.span(*cue.proposition) if cue.proposition else None
    return Assessment(
        id=draft.new_id("j"),
        holder=holder,
        holder_name=holder_name,
        statement=statement.id if statement else None,
        expression=draft.span(cue.start, cue.end),
        proposition=proposition,
        probability=estimate.p,
        low=estimate.low,
        high=estimate.high,
        condition=condition(draft, cue),
        basis=estimate.basis,
    )


def innermost_statement(statements: list[Statement], start: int, end: int) -> Statement | None:
    """The statement with the shortest content that holds ``start``–``end`` (statements come shortest first)."""
    return next((s for s in statements if s.content.start <= start and end <= s.content.end), None)


def speech_subject(draft: Draft, head: Token | None) -> tuple[str | None, str | None]:
    """The actor who is the subject of a speech verb governing the judgment, else any in its sentence."""
    if head is None:
        return None, None
    verbs = cue_sets()["speech_verbs"]
    node, steps = head, 0
    while node.head.i != node.i and steps < MAX_CLIMB:
        node, steps = node.head, steps + 1
        if node.lemma_ in verbs:
            actor = _actor_subject(draft, node)
            if actor is not None:
                return actor
    for token in head.sent:
        if token.lemma_ in verbs and token.pos_ == "VERB":
            actor = _actor_subject(draft, token)
            if actor is not None:
                return actor
    return None, None


def _actor_subject(draft: Draft, verb: Token) -> tuple[str, str] | None:
    """The actor named by a verb's subject (climbing from a participle like "warning" to its clause)."""
    for node in (verb, verb.head):
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            actor = draft.actor_at(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
            return (actor.id, actor.name) if actor is not None else None
        if node.dep_ not in ("advcl", "conj", "xcomp"):
            break
    return None


def condition(draft: Draft, cue: Cue) -> Span | None:
    """The if-clause(s) the judgment depends on: "If X, if that happens, then Y may …" gives "If X, if that happens"."""
    if cue.head is None:
        return None
    marks = cue_sets()["condition_marks"] - {"whether"}
    node = cue.head
    for _ in range(3):
        clauses = [
            c
            for c in node.children
            if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
            and not (c.left_edge.idx <= cue.start < c.right_edge.idx + len(c.right_edge.text))
        ]
        if clauses:
            start = min(c.left_edge.i for c in clauses)
            end = max(c.right_edge.i for c in clauses) + 1
            return _condition_span(draft, start, end)
        if node.head.i == node.i or node.lemma_ in cue_sets()["speech_verbs"]:
            break
        node = node.head
    return _leading_if(draft, cue)


def _leading_if(draft: Draft, cue: Cue) -> Span | None:
    """Fallback for a sentence that opens with "If …," before the judgment when the parse lost it."""
    sent = cue.head.sent
    doc = draft.doc
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.lower_ not in ("if", "unless"):
        return None
    end = first.i
    i = first.i
    while i < sent.end and doc[i].idx < cue.start:
        if doc[i].text == "," and i + 1 < sent.end and doc[i + 1].lower_ not in ("if", "and", "or"):
            end = i
            break
        i += 1
    if end <= first.i or doc[end].idx >= cue.start:
        return None
    return _condition_span(draft, first.i, end)


def _condition_span(draft: Draft, start: int, end: int) -> Span | None:
    """A draft Span over tokens ``start``–``end`` with edge punctuation removed."""
    doc = draft.doc
    while start < end and (doc[start].is_punct or doc[start].text in BREAKS):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    return draft.span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
