"""The events stage: code what happened (or is said, denied, or supposed to happen) as PLOVER events.

It runs after actors, places, speech and estimates. For every sentence outside boilerplate it finds
trigger verbs and nouns from the PLOVER lexicon (``events_lexicon``), reads their participants from
the dependency parse (``events_args``), decides the status — asserted, negated, hypothetical
(under could/might/may/would, inside an if-clause, after "plan to" or "the chance of") or
conditional (with an "until"/"unless"/"if" clause, kept as the condition span) — resolves the
date (``events_dates``) and links the event to the statement that expresses or reports it.

PLOVER rules applied: a refusal in the future tense of a cooperative act ("will not engage in
talks") is coded REJECT; cooperative acts in the future tense are AGREE, and so is an offer to
concede or retreat ("ready to release", "willing to withdraw"); an announced future retreat is
CONCEDE; a future act with an "unless" clause, and announced coercion, protest or sanctions ("said
they would blockade the capital"), are a THREATEN; every party to a meeting is its actor (only a
visit has a recipient, the host). A trigger that is the object or complement of another trigger
("urged Russia to withdraw", "accused Russia of attacking", "adopted a package of sanctions") is
part of that event and is not coded again. An event with no named participant at all ("you want
to negotiate", "fighting in winter") is not coded, unless it is a violent noun reported by its
effect ("an explosion destroyed the bridge").

Participants missing from a trigger's own clause are looked for where reports put them: the
speaker of a speech act joined to a reported clause, the owner of an object ("the withdrawal of
Serbian forces"), the purpose clause of a protest ("a strike to demand the resignation of X") and
the condition of a threat ("unless Israel rescinds the law").

The date is the nearest date expression attached to the trigger or to a clause above it, so an
event reported in a dated report ("made headlines last week when he suggested talks could
begin") takes the report's date when it has none of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span as TokenSpan, Token

from newswire.draft import Draft
from newswire.records import Event, Span
from newswire.stages.events_args import (Frame, Resolver, core_tokens, is_named, noun_frame, purpose_objects,
                                         subject_tokens, verb_frame)
from newswire.stages.events_dates import entity_index, event_date
from newswire.stages.events_lexicon import Lexicon, Trigger, lemma, lexicon, match_trigger, mode_from_cues

log = logging.getLogger(__name__)

AIMED_TYPES = {"PROTEST", "THREATEN"}
SPEECH_ACT_TYPES = {"REQUEST", "ACCUSE", "THREATEN", "REJECT", "SUPPORT"}
COMPLEMENT_TYPES = {"REQUEST", "REJECT", "AGREE", "THREATEN", "ACCUSE", "SUPPORT", "CONCEDE"}
OBJECT_LINKS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
COMPLEMENT_LINKS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj", "advcl"}
CLAUSE_STOPS = {"ccomp", "advcl", "relcl", "parataxis", "ROOT", "csubj", "csubjpass", "acl"}
OBLIGATION_MODALS = {"must", "should"}
NOT_DEMANDED = {"be", "have", "remain", "know", "expect", "worry", "fear"}
EMPTY_SUBJECTS = {"it", "there", "this", "that", "what", "which", "one", "you", "we", "i"}
MODALS = {"could", "might", "may", "would", "should", "must", "ought"}
FUTURE = {"will", "wo", "shall", "'ll"}
POSSIBLE_ADJECTIVES = {"possible", "potential", "likely", "prospective", "planned", "future", "proposed",
                       "expected", "imminent", "looming", "hypothetical", "feared", "threatened", "alleged"}
CONDITION_MARKS = {"until", "unless", "if", "provided", "till"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether", "until", "till", "provided", "lest"}
REFUSAL_MODES = {"CONSULT": "meet", "COOPERATE": "assist", "AID": "assist", "SUPPORT": "assist",
                 "AGREE": None, "RETREAT": "yield", "CONCEDE": "yield"}
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict",
                "MOBILIZE": "violence", "RETREAT": "relations", "CONSULT": "relations"}
FUTURE_AGREE_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
FUTURE_RETREAT_CAMEO = "0356"
OFFERED_TYPES = {"CONCEDE", "RETREAT"}
OFFER_CAMEO = "035"
FUTURE_THREAT_TYPES = {"COERCE", "PROTEST", "SANCTION"}  # announced coercion is a threat (PLOVER GSR)
SETTLE_CAMEO = {"REQUEST": "107", "REJECT": "127"}
PLACE_OBJECT_TYPES = {"COERCE", "ASSAULT", "RETREAT", "MOBILIZE", "CONSULT"}
CUE_SKIP_DEPS = {"advcl", "relcl", "parataxis", "punct", "nsubj", "nsubjpass", "csubj"}
MAX_CUE_TOKENS = 60


@dataclass(frozen=True)
class ClauseReading:
    """How a trigger's clause frames it: status, condition, and whether it is in the future tense."""

    status: str
    condition: TokenSpan | None
    negated: bool
    future: bool
    path: tuple[Token, ...]
    threat: bool = False
    willing: bool = False  # under "ready/willing/prepared to": an offer


def annotate(draft: Draft) -> None:
    """Append the PLOVER events of the draft's text (none from boilerplate)."""
    try:
        coder = EventCoder(draft)
    except (OSError, ValueError, KeyError) as error:
        log.warning("events stage skipped: %s", error)
        return
    draft.events.extend(coder.events())


class EventCoder:
    """Codes the events of one draft."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.lex: Lexicon = lexicon()
        self.resolver = Resolver(draft, self.lex)
        self.dates = entity_index(draft.doc)
        self.skipped = 0

    def events(self) -> Iterator[Event]:
        """Yield the events of every sentence outside boilerplate, in text order."""
        for sentence in self.draft.doc.sents:
            if self.draft.in_boilerplate(sentence.start_char, sentence.end_char):
                continue
            try:
                yield from self.sentence_events(sentence)
            except Exception as error:  # noqa: BLE001 - one odd sentence must not cost the document
                self.skipped += 1
                log.warning("events: skipped sentence %d (at char %d): %r", self.skipped,
                            sentence.start_char, error)

    def sentence_events(self, sentence: TokenSpan) -> Iterator[Event]:
        """Yield the events coded from one sentence."""
        triggers: dict[int, Trigger] = {}
        for token in sentence:
            trigger = match_trigger(token, self.resolver.is_actor) or self.reported_demand(token)
            if trigger is not None:
                triggers[token.i] = trigger
        for trigger in triggers.values():
            if not governed(trigger, triggers):
                event = self.code(trigger, sentence)
                if event is not None:
                    yield event

    def reported_demand(self, token: Token) -> Trigger | None:
        """A REQUEST voiced as a report of obligation: "said that China must drop its barriers"."""
        if token.pos_ != "VERB" or lemma(token) not in self.lex.lists.get("demand_speech", ()):
            return None
        for clause in (c for c in token.children if c.dep_ == "ccomp" and lemma(c) not in NOT_DEMANDED):
            obliged = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in clause.children)
            subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in EMPTY_SUBJECTS]
            if obliged and subjects:
                return Trigger(token, "REQUEST", None, self.lex.cameo("REQUEST", None), nominal=False)
        return None

    def code(self, trigger: Trigger, sentence: TokenSpan) -> Event | None:
        """Turn one trigger into an event, or None when it names no participant."""
        frame = noun_frame(trigger, self.lex) if trigger.nominal else verb_frame(trigger)
        arguments = frame.sources + frame.targets + frame.places + frame.extra
        reading = read_status(trigger, frame, self.lex)
        type_, mode, cameo, status = self.refine(trigger, reading)
        sources = self.resolver.actor_ids(frame.sources)
        if not sources or _joined_across_tense(trigger.token):
            sources = self.speaker_source(trigger) or sources
        targets = self.resolver.actor_ids(frame.targets) or self.resolver.owner_ids(frame.targets)
        if not targets and type_ in AIMED_TYPES:
            targets = self.aimed_at(trigger, frame, reading)
        targets = [a for a in targets if a not in sources]
        if type_ == "CONSULT" and mode != "visit":  # PLOVER: every party to a meeting is an actor
            sources, targets = sources + targets, []
        place = self.resolver.place_id(frame.places)
        if place is None and type_ in PLACE_OBJECT_TYPES:
            place = self.resolver.place_id(frame.targets)
        if not (sources or targets or place or is_named(arguments) or self.harmful(trigger)):
            return None
        if trigger.light_only and not (frame.light or sources or self.harmful(trigger)):
            return None
        token = trigger.token
        statement = self.statement_for(token)
        return Event(
            id=self.draft.new_id("e"), type=type_, mode=mode, cameo=cameo, source=tuple(sources),
            target=tuple(targets), place=place,
            date=event_date([*reading.path, *reading.path[-1].ancestors], self.dates,
                            self.draft.document.published, future=reading.future),
            status=status, evidence=self.evidence(token, arguments, sentence),
            condition=self.draft.token_span(reading.condition) if reading.condition is not None else None,
            statement=statement)

    def refine(self, trigger: Trigger, reading: ClauseReading) -> tuple[str, str | None, str | None, str]:
        """Apply PLOVER's tense rules and mode cues: (type, mode, cameo, status)."""
        type_, mode, cameo, status = trigger.type, trigger.mode, trigger.cameo, reading.status
        if reading.future and reading.threat and type_ not in COMPLEMENT_TYPES:  # "will boycott … unless"
            type_, mode = "THREATEN", THREAT_MODES.get(type_)
            cameo = self.lex.cameo("THREATEN", mode)
        elif reading.negated and reading.future and type_ in REFUSAL_MODES:
            type_, mode = "REJECT", REFUSAL_MODES[type_]
            cameo = self.lex.cameo("REJECT", mode)
            status = "conditional" if reading.condition is not None else "asserted"
        elif reading.future and status in ("asserted", "conditional"):
            if reading.willing and type_ in OFFERED_TYPES:  # "ready to release", "willing to withdraw": an offer
                cameo = FUTURE_RETREAT_CAMEO if type_ == "RETREAT" else OFFER_CAMEO
                type_, mode = "AGREE", None
            elif type_ in FUTURE_AGREE_CAMEO:
                type_, mode, cameo = "AGREE", None, FUTURE_AGREE_CAMEO[type_]
            elif type_ == "RETREAT":
                type_, mode, cameo = "CONCEDE", None, FUTURE_RETREAT_CAMEO
            elif type_ in FUTURE_THREAT_TYPES:  # "said they would blockade Paris"
                type_, mode = "THREATEN", THREAT_MODES[type_]
                cameo = self.lex.cameo("THREATEN", mode)
            elif type_ not in COMPLEMENT_TYPES and status == "asserted":
                status = "hypothetical"
        if mode is None and type_ in self.lex.mode_cues:
            cue = mode_from_cues(type_, cue_words(trigger.token, reading))
            if cue is not None:
                mode, cameo, word = cue
                if mode == "meet" and word in self.lex.lists.get("settle_words", ()):
                    cameo = SETTLE_CAMEO.get(type_, cameo)
        return type_, mode, cameo, status

    def aimed_at(self, trigger: Trigger, frame: Frame, reading: ClauseReading) -> list[str]:
        """The actors a protest or threat is aimed at when it has no object: the one its purpose clause
        names ("a strike to demand the resignation of X"), or the subject of its unless/if condition
        ("threatened a strike unless Israel rescinded the law")."""
        aimed = purpose_objects(trigger.token, frame.anchor)
        ids = self.resolver.actor_ids(aimed) or self.resolver.owner_ids(aimed)
        if not ids and reading.condition is not None:
            ids = self.resolver.actor_ids(c for c in reading.condition.root.children if c.dep_ == "nsubj")
        if not ids and trigger.type == "THREATEN":
            clauses = [c for c in trigger.token.subtree if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)][:2]
            ids = self.resolver.actor_ids(s for c in clauses for s in c.children if s.dep_ == "nsubj")
        return ids

    def speaker_source(self, trigger: Trigger) -> list[str]:
        """The speaker of a speech act joined to a reported clause ("said the city had fuel and urged
        residents to stay calm"): the subject of the reporting verb, when the act's own subject names no actor."""
        token = trigger.token
        if trigger.nominal or trigger.type not in SPEECH_ACT_TYPES or token.dep_ != "conj":
            return []
        clause = token.head
        if clause.dep_ == "xcomp":  # "ordered his army to advance and accused Kyiv of …": the one who ordered
            return self.resolver.actor_ids(subject_tokens(clause.head)[0])
        if clause.dep_ != "ccomp" or lemma(clause.head) not in self.lex.lists.get("demand_speech", ()):
            return []
        return self.resolver.actor_ids(c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass"))

    def harmful(self, trigger: Trigger) -> bool:
        """True for a violent noun reported by its effect ("an explosion destroyed the bridge", "a fire caused
        by shelling"): an assault even when nobody is named as its author."""
        token = trigger.token
        if not trigger.nominal or trigger.type != "ASSAULT":
            return False
        verb = token.head
        if token.dep_ == "pobj" and verb.dep_ == "agent":
            verb = verb.head
        elif token.dep_ != "nsubj":
            return False
        return lemma(verb) in self.lex.lists.get("harm_verbs", ())

    def statement_for(self, token: Token) -> str | None:
        """The statement that expresses the event (its cue is the trigger) or reports it (holds the trigger)."""
        start, end = token.idx, token.idx + len(token.text)
        for statement in self.draft.statements:
            if statement.cue is not None and statement.cue.start < end and start < statement.cue.end:
                return statement.id
        around = self.resolver.statement_around(start, end)
        return around.id if around is not None else None

    def evidence(self, token: Token, arguments: list[Token], sentence: TokenSpan) -> Span:
        """The stretch of the sentence from the first to the last word of the trigger and its arguments."""
        tokens = [token, *[c for c in token.children if c.dep_ in ("compound", "prt", "neg", "amod", "nummod")]]
        for argument in arguments:
            if sentence.start <= argument.i < sentence.end:
                tokens.extend(t for t in core_tokens(argument) if sentence.start <= t.i < sentence.end)
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        return self.draft.span(start, end)


def governed(trigger: Trigger, triggers: dict[int, Trigger]) -> bool:
    """True when the trigger is the object or complement of another trigger and so part of its event."""
    token = trigger.token
    if token.dep_ == "conj":
        return False
    link, current = token.dep_, token
    for _ in range(4):
        head = current.head
        if head is current:
            return False
        if head.i in triggers:
            outer = triggers[head.i]
            if current is token and link in OBJECT_LINKS:
                return True
            if current.dep_ == "prep" and current is token.head and link == "pobj":
                return True
            return (outer.type in COMPLEMENT_TYPES or outer.type == trigger.type) and current.dep_ in COMPLEMENT_LINKS
        if current.dep_ not in COMPLEMENT_LINKS:
            return False
        current = head
    return False


def _joined_across_tense(token: Token) -> bool:
    """True for a past-tense verb joined to a modal or present clause ("said the group would keep
    attacking and warned that …"): the parse has hung the speaker's second act on the reported clause."""
    head = token.head
    if token.dep_ != "conj" or token.tag_ != "VBD" or head.dep_ != "ccomp":
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in MODALS | FUTURE for c in head.children)
    return modal or head.tag_ in ("VBZ", "VBP")


def clause_path(token: Token, anchor: Token | None) -> list[Token]:
    """The trigger and its heads up to the head of its clause (a noun's verb included)."""
    path = [token]
    current = token
    for _ in range(12):
        if current.dep_ in CLAUSE_STOPS or current.head is current:
            break
        current = current.head
        path.append(current)
    if anchor is not None and anchor not in path:
        path.append(anchor)
    return path


def read_status(trigger: Trigger, frame: Frame, lex: Lexicon) -> ClauseReading:
    """Decide whether the trigger's event is asserted, negated, hypothetical or conditional."""
    path = clause_path(trigger.token, frame.anchor)
    verbs = [t for t in path if t.pos_ in ("VERB", "AUX")]
    aux_words = {c.lower_ for v in verbs for c in v.children if c.dep_ in ("aux", "auxpass")}
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for v in verbs for c in v.children)
    negated = negated or any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.token.children)
    negated = negated or any(t.dep_ == "xcomp" and lemma(t.head) == "fail" for t in path)  # "failed to reach"
    possible = trigger.nominal and any(c.dep_ == "amod" and c.lower_ in POSSIBLE_ADJECTIVES
                                       for c in trigger.token.children)
    head = path[-1]
    future_in_past = "would" in aux_words and head.dep_ == "ccomp" and \
        lemma(head.head) in lex.lists.get("future_in_past_heads", ())  # "said it would allow …"
    willing = any(t.dep_ == "xcomp" and lemma(t.head) in lex.lists.get("willing_words", ()) for t in path)
    future = bool(aux_words & FUTURE) or future_in_past or willing or (negated and "would" in aux_words)
    modal = aux_words & MODALS - ({"would"} if future_in_past or negated else set())
    hypothetical = bool(modal) or possible or _inside_condition(head) or _intended(path, lex)
    hypothetical = hypothetical or _under_possibility(path, lex)
    condition = _condition_clause(verbs, path)
    threat = condition is not None and condition[0].lower_ == "unless"
    if condition is not None:
        status = "conditional"
    elif negated:
        status = "negated"
    elif hypothetical:
        status = "hypothetical"
    else:
        status = "asserted"
    return ClauseReading(status, condition, negated, future, tuple(path), threat, willing)


def _inside_condition(head: Token) -> bool:
    """True when the clause is itself an if/unless/until clause."""
    return head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in head.children)


def _intended(path: list[Token], lex: Lexicon) -> bool:
    """True when the trigger is what someone wants, plans or hopes to do."""
    intent = lex.lists.get("hypothetical_heads", frozenset())
    return any(t.dep_ == "xcomp" and lemma(t.head) in intent for t in path)


def _under_possibility(path: list[Token], lex: Lexicon) -> bool:
    """True when the trigger is the subject of 'the probability/chance/risk of …'."""
    nouns = lex.lists.get("possibility_nouns", frozenset())
    if any(lemma(t) in nouns for t in path[1:]):
        return True
    head = path[-1]
    if any(c.dep_ == "nsubj" and lemma(c) in nouns for c in head.children):
        return True
    if head.dep_ in ("csubj", "nsubj") and head.head is not head:
        return any(c.dep_ == "nsubj" and lemma(c) in nouns for c in head.head.children)
    return False


def _condition_clause(verbs: list[Token], path: list[Token]) -> TokenSpan | None:
    """The until/unless/if clause that the event depends on, as a token span, or None."""
    for verb in verbs:
        clauses = [c for c in verb.children if c.dep_ == "advcl"]
        clauses += [g for c in verb.children if c.dep_ == "advmod" and c.lower_ == "long"  # "as long as"
                    for g in c.children if g.dep_ == "advcl"]
        for child in clauses:
            if child in path:
                continue
            marks = [c for c in child.children if c.dep_ == "mark" and (
                c.lower_ in CONDITION_MARKS or (c.lower_ == "as" and child.head.lower_ == "long"))]
            if marks:
                tokens = [t for t in child.subtree if not t.is_space]
                while tokens and tokens[-1].is_punct:
                    tokens.pop()
                start = min(marks[0].i, tokens[0].i)
                if child.head.lower_ == "long":  # the span starts at "as long as"
                    start = min(start, child.head.left_edge.i)
                return child.doc[start:tokens[-1].i + 1]
    return None


def cue_words(token: Token, reading: ClauseReading) -> set[str]:
    """Lemmas of the trigger's own clause (its complements, not side clauses) for mode cues."""
    words = {lemma(token)} | {lemma(c) for c in token.children if c.dep_ in ("compound", "amod")}
    words |= {lemma(c) for c in token.children if c.dep_ == "nsubj"}  # "drones attacked"
    stack = [c for c in token.children if c.dep_ not in CUE_SKIP_DEPS]
    for item in reading.path[1:]:
        words.add(lemma(item))
        stack.extend(c for c in item.children if c.dep_ in ("dobj", "prep", "xcomp") and c not in reading.path)
    seen = 0
    while stack and seen < MAX_CUE_TOKENS:
        current = stack.pop()
        seen += 1
        words.add(lemma(current))
        stack.extend(c for c in current.children if c.dep_ not in CUE_SKIP_DEPS)
    return words
