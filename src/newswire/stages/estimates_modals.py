"""Modal verbs and difficulty judgments for the estimates stage.

"could begin", "there may be", "may …, it may not" are possibilities; "the war would not end" is a
negated forecast about a thing; "a very difficult task" is a soft signal that something is
unlikely. Epistemic "can" and "should" said of a thing ("the move should help") are hedges that
carry no number. Each finder yields :class:`~newswire.stages.estimates_spans.Cue` records and is careful
to skip permission ("Visitors may enter"), ability ("He could not reach"), questions and
intentions ("The president will not attend").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span as TokenSpan, Token

from newswire.stages.estimates_scale import Estimate, cue_sets, flip, phrase_estimate, phrases, table
from newswire.stages.estimates_spans import (
    Cue, clause_span, in_condition, in_quote, next_word, previous_word, subject_of, trimmed,
)  # fmt: skip


QUESTION_WORDS = {"whether", "how", "why", "what"}

# ---------------------------------------------------------------- modal verbs


def modal_cues(sent: TokenSpan, claimed: set[int]) -> Iterator[Cue]:
    """Epistemic may/might/could, and a negated will/would forecast about a thing, not a person."""
    skip: set[int] = set()
    for token in sent:
        if token.tag_ != "MD" or token.i in skip or token.i in claimed:
            continue
        if token.dep_ not in ("aux", "ROOT", "conj", "ccomp"):
            continue  # "might" as a noun, mis-tagged
        verb = token.head if token.dep_ == "aux" else token
        if verb.i in claimed or in_condition(verb):
            continue
        word = token.lower_
        if word in ("may", "might", "could"):
            cue = possibility_modal(token, verb, sent, skip)
        elif token.lemma_ in ("will", "would") or word in ("wo", "'ll"):
            cue = forecast_modal(token, verb)
        elif word in ("can", "should"):
            cue = hedge_modal(token, verb)
        else:
            cue = None
        if cue is not None:
            yield cue


def possibility_modal(modal: Token, verb: Token, sent: TokenSpan, skip: set[int]) -> Cue | None:
    """ "could begin", "there may be", "may become …, it may not": a possibility about an event."""
    if not epistemic(modal, verb):
        return None
    doc = modal.doc
    following = next_word(doc, modal.i)
    negated = following is not None and following.lower_ in ("not", "n't")
    both = _may_not_after(modal, sent)
    estimate = phrase_estimate("may", basis="modal")
    start = doc[modal.i - 1].idx if modal.i > sent.start and doc[modal.i - 1].dep_ == "expl" else modal.idx
    end = verb.idx + len(verb.text) if verb.i > modal.i else modal.idx + len(modal.text)
    proposition = clause_span(verb) if verb.i > modal.i else None
    if both is not None:
        skip.add(both.i - 1)
        estimate = phrase_estimate("may or may not", basis="modal")
        end = both.idx + len(both.text)
        if proposition is None:  # "The talks may or may not resume": the modal heads the clause
            subject = next((c for c in modal.children if c.dep_.startswith("nsubj")), None)
            proposition = trimmed(doc, subject.left_edge.i if subject is not None else modal.i, sent.end)
        else:
            last = trimmed(doc, both.i + 1, sent.end)
            proposition = (proposition[0], max(proposition[1], last[1] if last else proposition[1]))
    elif negated:
        estimate = flip(estimate)
    return Cue(start, end, "possibility", estimate, head=verb, proposition=proposition, both_ways=both is not None)


def _may_not_after(modal: Token, sent: TokenSpan) -> Token | None:
    """The "not" of a following "(or) (it) may not" within a few words, which makes the judgment even."""
    doc = modal.doc
    for i in range(modal.i + 1, min(sent.end - 1, modal.i + 10)):
        following, before = next_word(doc, i), previous_word(doc, i)
        if (
            doc[i].lower_ in ("may", "might")
            and following is not None
            and following.lower_ in ("not", "n't")
            and i > modal.i + 1
            and before is not None
            and before.lower_ in (",", "or", "it", "they", "he", "she", "that", "this")
        ):
            return following
    return None


def epistemic(modal: Token, verb: Token) -> bool:
    """Whether a may/might/could speaks of possibility, not permission, ability or a question."""
    doc = modal.doc
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None and subject.i > modal.i and subject.dep_ != "expl":
        return False  # "Could this …?" question inversion
    if embedded_question(verb):
        return False  # "no indication of how the disputes could be resolved"
    following = next_word(doc, modal.i)
    after = following.lower_ if following is not None else ""
    if after in ("only", "as") or (
        subject is not None and subject.lower_ in ("you", "one") and verb.lemma_ in cue_sets()["ability_verbs"]
    ):
        return False
    if modal.lower_ == "could":
        if after in ("not", "n't", "hardly", "barely", "never") or (
            verb.lemma_ in cue_sets()["ability_verbs"] and (_animate(subject) or verb.tag_ == "VBN")
        ):
            return False
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children) and verb.dep_ == "advcl":
            return False  # purpose: "so that he could be held"
        return verb.i != modal.i
    if modal.lower_ == "may":
        if subject is not None and subject.lower_ in cue_sets()["permission_subjects"]:
            return False
        if (
            after in ("not", "n't")
            and subject is not None
            and subject.lemma_ in cue_sets()["agent_nouns"]
            and verb.lemma_ not in cue_sets()["state_verbs"]
        ):
            return False  # "Officials may not disclose …": a prohibition
        if verb.lemma_ in cue_sets()["permission_verbs"] and (
            verb.tag_ == "VBN" or (subject is not None and subject.pos_ != "PRON")
        ):
            return False
    return verb.i != modal.i or any(c.dep_ in ("nsubj", "expl") for c in modal.children)


def _animate(subject: Token | None) -> bool:
    """Whether a subject names a person or body (so "could see" is ability); unknown subjects count as animate."""
    if subject is None or subject.pos_ == "PRON":
        return True
    return subject.ent_type_ in cue_sets()["animate_entities"] or subject.lemma_ in cue_sets()["agent_nouns"]


def forecast_modal(modal: Token, verb: Token) -> Cue | None:
    """ "the war would not end": a negated forecast whose subject is no person or organisation."""
    negation = next((c for c in verb.children if c.dep_ == "neg" and modal.i < c.i < verb.i), None)
    if negation is None or verb.i == modal.i or verb.lemma_ in ("be", "have", "surprise") or verb.tag_ == "VBN":
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if (
        subject is None
        or subject.pos_ != "NOUN"
        or subject.ent_type_ in cue_sets()["animate_entities"]
        or subject.lemma_ in cue_sets()["agent_nouns"]
    ):
        return None  # a person or body saying what it will not do is an intention, not a forecast
    if not (verb.dep_ in ("ccomp", "conj") or in_quote(modal)):
        return None
    estimate = phrase_estimate("will", basis="modal")  # for the clause as written, negation included
    return Cue(modal.idx, verb.idx + len(verb.text), "forecast", estimate, head=verb, proposition=clause_span(verb))


def hedge_modal(modal: Token, verb: Token) -> Cue | None:
    """Epistemic "can" (a possibility) and "should" (an expectation), detected but given no number.

    "Such a killing can have a backlash", "the move should improve liquidity": the modal speaks of
    what may or probably will happen to a thing. With a person or body as subject ("we should
    act", "the government can back down") it is duty or ability; a passive ("shares can be
    converted") is a rule; a question, a negation of "can" or an inverted "should peace efforts
    fail" is not read. No survey gives these words a number, so the cue is a hedge: it is measured
    against FactBank but yields no Assessment.
    """
    if verb.i == modal.i or verb.i < modal.i:
        return None
    subject = _subject(verb)
    if subject is None or subject.i > modal.i or subject.dep_ == "nsubjpass" or embedded_question(verb):
        return None  # a passive ("can be converted", "should be used") is a rule or a duty
    between = {t.lower_ for t in modal.doc[modal.i + 1 : verb.i]}
    if between & {"never", "no", "longer", "only", "hardly"} or (modal.lower_ == "can" and between & {"not", "n't"}):
        return None  # "cannot reach" is ability; "should not face" stays an expectation
    if subject.dep_ != "csubj" and not _thing(_antecedent(subject), modal.lower_ == "can"):
        return None
    cls = "possibility" if modal.lower_ == "can" else "likelihood"
    return Cue(modal.idx, verb.idx + len(verb.text), cls, None, head=verb, proposition=clause_span(verb))


def _subject(verb: Token) -> Token | None:
    """A verb's subject, or for a second verb sharing one ("rewards X and should improve Y") its first verb's."""
    for node in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)
        if subject is not None:
            return subject
    return None


def _antecedent(subject: Token) -> Token:
    """The noun a relative pronoun stands for ("a step that can backfire" → step), else the subject."""
    if subject.lower_ in ("that", "which") and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def _thing(subject: Token, strict: bool) -> bool:
    """Whether a subject names a thing or state of affairs, not a person, body or addressee.

    With ``strict`` (for "can", where "it can" is as often a company's ability) only nouns count."""
    if subject.lower_ in ("it", "this", "that", "there"):
        return not strict
    if subject.pos_ in ("PRON", "PROPN") or subject.ent_type_ in cue_sets()["animate_entities"]:
        return False
    if strict and subject.ent_type_:
        return False  # "the West can live without it"
    return subject.pos_ == "NOUN" and subject.lemma_ not in cue_sets()["agent_nouns"] | cue_sets()["person_nouns"]


def embedded_question(verb: Token) -> bool:
    """Whether a verb heads an embedded question ("whether the school can move", "how high the force
    could go", "what the sanctions could achieve"): it asks about a possibility, it judges none."""
    for child in verb.lefts:
        if child.dep_ in ("mark", "advmod", "dobj", "attr") and child.lower_ in QUESTION_WORDS:
            return True
        if child.dep_ in ("advmod", "acomp", "npadvmod") and any(g.lower_ == "how" for g in child.lefts):
            return True
    return False


# ---------------------------------------------------------------- difficulty


def difficulty_cues(sent: TokenSpan) -> Iterator[Cue]:
    """ "Kicking them out is a very difficult task", "it will be hard to retake the city"."""
    for token in sent:
        if token.pos_ != "ADJ" or token.lower_ not in phrases() or phrases()[token.lower_]["form"] != "difficulty":
            continue
        if any(c.dep_ == "neg" for c in token.head.children) or any(
            c.dep_ == "neg" or c.lower_ in ("more", "less", "increasingly", "too") for c in token.children
        ):
            continue
        cue = _task_difficulty(token) if token.dep_ == "amod" else _predicate_difficulty(token)
        if cue is not None:
            yield cue


def _difficulty_estimate(adjective: Token) -> Estimate | None:
    """The reading of a difficulty adjective with its intensifier ("very difficult")."""
    names = table()["modifiers"]["difficulty_intensifiers"]
    strongest = next((names[c.lower_] for c in adjective.children if c.dep_ == "advmod" and c.lower_ in names), None)
    return phrase_estimate(strongest or adjective.lower_, basis="difficulty")


def _task_difficulty(adjective: Token) -> Cue | None:
    """A difficult task/job/challenge, said of a subject: the subject is what may not happen."""
    noun = adjective.head
    if noun.lemma_ not in cue_sets()["task_nouns"] or noun.dep_ not in ("attr", "oprd"):
        return None
    subject = subject_of(noun.head)
    if subject is None:
        return None
    start = min([noun.left_edge.i] + [c.i for c in noun.children if c.dep_ == "det"])
    doc = adjective.doc
    return Cue(
        doc[start].idx,
        noun.idx + len(noun.text),
        "difficulty",
        _difficulty_estimate(adjective),
        head=noun.head,
        proposition=subject,
    )


def _predicate_difficulty(adjective: Token) -> Cue | None:
    """ "It will be difficult to retake the city" / "A deal will be hard to reach"."""
    if adjective.dep_ not in ("acomp", "ROOT"):
        return None
    copula = adjective.head if adjective.dep_ == "acomp" else adjective
    doc = adjective.doc
    infinitive = next((c for c in list(adjective.children) + list(copula.children) if c.dep_ == "xcomp"), None)
    if infinitive is not None and infinitive.lemma_ in cue_sets()["epistemic_infinitives"]:
        return None
    subject = next((c for c in copula.children if c.dep_ in ("nsubj", "csubj")), None)
    if subject is None:
        return None
    if subject.lower_ == "it" and infinitive is not None:
        proposition = trimmed(doc, infinitive.left_edge.i, infinitive.right_edge.i + 1)
    elif (
        subject.dep_ == "csubj"
        or subject.tag_ == "VBG"
        or (infinitive is not None and subject.pos_ in ("NOUN", "PROPN"))
    ):
        proposition = trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
    else:
        return None
    intensifier = [c for c in adjective.children if c.dep_ == "advmod"]
    start = min([adjective.i] + [c.i for c in intensifier])
    return Cue(
        doc[start].idx,
        adjective.idx + len(adjective.text),
        "difficulty",
        _difficulty_estimate(adjective),
        head=copula,
        proposition=proposition,
    )
