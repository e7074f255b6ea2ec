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
they would blockade the capital"), are a THREATEN; the parties to a meeting that the text does not
tell apart ("talks between Kyiv and Moscow", "Russia and Ukraine held talks") are all its actors,
while one met by another ("Zelenskyy met Biden", "talks with Russia") or a visit's host is its
recipient, as the PLOVER gold records and the team's gold code them. A trigger that is the object
or complement of another trigger ("urged Russia to withdraw", "accused Russia of attacking",
"adopted a package of sanctions") is part of that event and is not coded again. An event with no
named participant at all ("you want to negotiate", "fighting in winter") is not coded, unless it is
a violent noun reported by its effect ("an explosion destroyed the bridge").

Participants missing from a trigger's own clause are looked for where reports put them: the
speaker of a speech act joined to a reported clause, the owner of an object ("the withdrawal of
Serbian forces"), the purpose clause of a protest ("a strike to demand the resignation of X") and
the condition of a threat ("unless Israel rescinds the law").

Recipients (``recipients``) come from the first of: the objects and their owners ("a U.S. request",
"Serbia's suppression"), the author of a condemned event rather than its victim ("condemned the
attack on Ukraine" names no recipient; "condemned the strikes" names whoever struck before), the
victims of a violent noun ("a bombing killed two soldiers"), the aim of a protest or threat, the
subject of a condition ("as long as the RSF did"), the recipients of the act a result participle
follows ("fired on the crowd, killing two"), and the state of a place the event is aimed at
(``events_targets``: "withdrew from Kherson" -> Ukraine). "Each other" makes every actor a
recipient. Inside a quote "we"/"our" is the speaker's body or country, never the speaker. An event
inside the proposition of an estimate short of certainty ("talks were unlikely") is hypothetical.

The date is the nearest date expression attached to the trigger or to a clause above it, so an
event reported in a dated report ("made headlines last week when he suggested talks could
begin") takes the report's date when it has none of its own.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span as TokenSpan, Token

from newswire.draft import Draft
from newswire.records import Event, Span
from newswire.stages.events_args import (Frame, Resolver, core_tokens, is_named, noun_frame,
                                         subject_tokens, verb_frame)
from newswire.stages.events_contexts import contexts_for
from newswire.stages.events_dates import entity_index, event_date
from newswire.stages.events_lexicon import Lexicon, Trigger, lemma, lexicon, match_trigger, mode_from_cues
from newswire.stages.events_targets import (LOCATED_TARGET_TYPES, OWN_FORCE_TYPES, own_forces, purpose_objects,
                                            reciprocal, territory_owners, victims)

log = logging.getLogger(__name__)

AIMED_TYPES = {"PROTEST", "THREATEN"}
JUDGED_TYPES = {"ACCUSE"}  # condemning an attack is aimed at the attacker
FORCE_TYPES = {"ASSAULT", "COERCE"}
CONDITIONED_TYPES = {"AGREE", "REJECT", "CONCEDE", "RETREAT", "THREATEN"}
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
NEAR_CERTAIN = 0.9
MAX_OPEN_ESTIMATES = 8  # estimates whose proposition may still be open at a given word
MAX_ANTECEDENT_EVENTS = 40  # how far back "the strikes" looks for the strikes it names
MAX_PURPOSE_WORDS = 12
PURPOSE_NOUNS = {"protest", "defiance", "response", "retaliation", "solidarity", "opposition"}


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
        self.states = self.resolver.states
        self.coded: list[tuple[str, Event]] = []  # (trigger lemma, event) in text order
        self.by_clause: dict[int, Event] = {}  # the event coded at a token (a nominal's verb included)
        self.uncertain = sorted((j.proposition for j in draft.assessments if j.proposition is not None
                                 and j.basis != "modal" and j.probability < NEAR_CERTAIN), key=lambda span: span.start)
        self.uncertain_starts = [span.start for span in self.uncertain]
        self.troops = self.lex.classes.get("troops", frozenset())
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
                    self.coded.append((lemma(trigger.token), event))
                    self.by_clause.setdefault(trigger.token.i, event)
                    if trigger.nominal and trigger.token.dep_ in ("dobj", "nsubj"):  # "opened fire": the verb's clause
                        self.by_clause.setdefault(trigger.token.head.i, event)
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
        if status == "asserted" and self.judged_uncertain(trigger.token):
            status = "hypothetical"  # "talks were unlikely", "Russia is likely to attack"
        sources = self.resolver.actor_ids(frame.sources)
        if not sources or _joined_across_tense(trigger.token):
            sources = self.speaker_source(trigger) or sources
        place = self.resolver.place_id(frame.places)
        if place is None and type_ in PLACE_OBJECT_TYPES:
            place = self.resolver.place_id(frame.targets)
        targets = self.recipients(trigger, frame, reading, (type_, mode), place)
        if not any(reciprocal(t) for t in frame.targets):  # "accused each other": every actor is a recipient
            targets = [a for a in targets if a not in sources]
        if not (sources or targets or place or is_named(arguments) or self.harmful(trigger)):
            return None
        if trigger.light_only and not (frame.light or sources or self.harmful(trigger)):
            return None
        token = trigger.token
        statement = self.statement_for(token)
        event = Event(
            id=self.draft.new_id("e"), type=type_, mode=mode, cameo=cameo, source=tuple(sources),
            target=tuple(targets), place=place,
            date=event_date([*reading.path, *reading.path[-1].ancestors], self.dates,
                            self.draft.document.published, future=reading.future),
            status=status, evidence=self.evidence(token, arguments, sentence),
            condition=self.draft.token_span(reading.condition) if reading.condition is not None else None,
            statement=statement)
        return replace(event, contexts=contexts_for(self.draft, sentence, event))

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

    def recipients(self, trigger: Trigger, frame: Frame, reading: ClauseReading, kind: tuple[str, str | None],
                   place: str | None) -> list[str]:
        """The event's recipients, from the first of: its objects and their owners, the author of an event
        it condemns, the victims of a violent noun, the aim of a protest or threat, the subject of its
        condition ("as long as the RSF did"), and the state of a place it is aimed at."""
        type_, mode = kind
        if any(reciprocal(t) for t in frame.targets):
            return self.resolver.actor_ids(frame.sources)
        aimed = [t for t in frame.targets if not (trigger.type in OWN_FORCE_TYPES and own_forces(t, self.troops))]
        judged = aimed + [t for t in frame.places if t.head.lower_ == "into"]  # "an investigation into crimes"
        if type_ in JUDGED_TYPES and (events := [t for t in judged if self.is_event_noun(t)]):
            others = [t for t in aimed if t not in events and not any(e in t.ancestors for e in events)]
            # "blamed Israel for the bombing": Israel; "condemned the attack on Ukraine": the attacker, not Ukraine
            return self.resolver.actor_ids(others) or self.authors(events)
        targets = self.resolver.actor_ids(aimed) or self.resolver.owner_ids(aimed)
        if not targets and type_ == "ASSAULT":
            targets = self.resolver.actor_ids(victims(trigger.token, self.lex))
        if not targets and type_ in AIMED_TYPES:
            targets = self.aimed_at(trigger, frame, reading)
        if not targets and type_ in FORCE_TYPES:  # "opened fire to disperse Islamist demonstrators"
            targets = self.named_in_purpose(trigger.token, frame, participles=False)
        if not targets and type_ in FORCE_TYPES:
            targets = self.result_of(trigger.token)
        if not targets and type_ in SPEECH_ACT_TYPES and trigger.token.dep_ == "conj":  # "met Trump and asked for"
            targets = self.resolver.actor_ids(c for c in trigger.token.head.children if c.dep_ == "dobj")
        if not targets and reading.condition is not None and type_ in CONDITIONED_TYPES:
            targets = self.resolver.actor_ids(condition_subjects(reading.condition))
        located = trigger.type if trigger.type in LOCATED_TARGET_TYPES else type_
        if not targets and (located in LOCATED_TARGET_TYPES or (type_ == "CONSULT" and mode == "visit")):
            targets = self.resolver.actor_ids(frame.places)  # "arrived in Gondor", "withdrew from Kyiv"
        if not targets:
            targets = self.place_targets(aimed, located, mode, place)
        if not targets and located in LOCATED_TARGET_TYPES:
            targets = [state for state in map(self.states.of_demonym, territory_owners(trigger.token)) if state][:1]
        return targets

    def result_of(self, token: Token) -> list[str]:
        """The recipients of the act a result participle follows ("fired on the crowd, killing two
        and arresting twelve": the crowd)."""
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if token.dep_ != "advcl" or token.tag_ != "VBG":
            return []
        head_event = self.by_clause.get(token.head.i)
        return list(head_event.target) if head_event is not None else []

    def is_event_noun(self, token: Token) -> bool:
        """True for an object that names an event of force or a wrong ("the attack", "Serbia's
        suppression", "alleged crimes by X")."""
        if lemma(token) in self.lex.classes.get("wrongs", ()):
            return True
        trigger = match_trigger(token, self.resolver.is_actor)
        return trigger is not None and trigger.nominal and trigger.type in FORCE_TYPES

    def authors(self, nouns: list[Token]) -> list[str]:
        """Who carried out the events named by ``nouns``: their owner or 'by' phrase, else (for "the
        strikes") the actors of the latest such event coded earlier in the text."""
        found: list[str] = []
        for noun in nouns:
            owners = [c for c in noun.children if c.dep_ == "poss"]
            owners += [g for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
                       for g in c.children if g.dep_ == "pobj"]
            owners += [g for clause in noun.children if clause.dep_ == "acl"  # "crimes committed by X"
                       for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            ids = self.resolver.actor_ids(owners) or self.resolver.named_modifier_ids(noun)
            definite = any(c.lower_ in ("the", "these", "those", "this", "that") for c in noun.children)
            if not ids and definite:
                kind = match_trigger(noun, self.resolver.is_actor)
                recent = self.coded[-MAX_ANTECEDENT_EVENTS:]
                earlier = [e for word, e in recent if e.type == (kind.type if kind else None) and e.source]
                same_word = [e for word, e in recent if word == lemma(noun) and e.source]
                earlier = same_word or earlier  # "the strikes": the strikes reported before
                ids = list(earlier[-1].source) if earlier else []
            found.extend(i for i in ids if i not in found)
        return found

    def place_targets(self, aimed: list[Token], type_: str, mode: str | None, place: str | None) -> list[str]:
        """The state of a place the event is aimed at: its object ("shelled Juba", "sent aid to Gaza"), or
        where it happens for events that act on a territory ("a curfew in Cizre", "arrived in Amman")."""
        object_place = self.resolver.place_id(aimed)
        if object_place is None and type_ in LOCATED_TARGET_TYPES:  # "fired at targets in Jericho"
            object_place = self.resolver.place_id(g for t in aimed for c in t.children if c.dep_ == "prep"
                                                  and c.lower_ in ("in", "at", "near") for g in c.children)
        if object_place is None and (type_ in LOCATED_TARGET_TYPES or (type_ == "CONSULT" and mode == "visit")):
            object_place = place
        state = self.states.state_of(object_place)
        return [state] if state else []

    def aimed_at(self, trigger: Trigger, frame: Frame, reading: ClauseReading) -> list[str]:
        """The actors a protest or threat is aimed at when it has no object: the one its purpose clause
        names ("a strike to demand the resignation of X"), or the subject of its unless/if condition
        ("threatened a strike unless Israel rescinded the law")."""
        aimed = purpose_objects(trigger.token, frame.anchor)
        ids = self.resolver.actor_ids(aimed) or self.resolver.owner_ids(aimed)
        if not ids and reading.condition is not None:
            ids = self.resolver.actor_ids(condition_subjects(reading.condition))
        if not ids and trigger.type == "THREATEN":
            clauses = [c for c in trigger.token.subtree if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)][:2]
            ids = self.resolver.actor_ids(s for c in clauses for s in c.children if s.dep_ == "nsubj")
        return ids or self.named_in_purpose(trigger.token, frame)

    def named_in_purpose(self, token: Token, frame: Frame, *, participles: bool = True) -> list[str]:
        """The first actor other than the event's own named inside its purpose clause (or, with
        ``participles``, a participle clause: "rioted, calling for the removal of X") or "in
        protest/defiance of" phrase ("blocked roads to press their demands on Bouteflika's government",
        "opened fire to disperse Islamist demonstrators")."""
        own = set(self.resolver.actor_ids(frame.sources))
        for owner in (o for o in (token, frame.anchor) if o is not None):
            clauses = [c for c in owner.children if c.dep_ in ("advcl", "xcomp", "acl") and c.pos_ == "VERB"
                       and ((participles and c.tag_ == "VBG") or any(a.dep_ == "aux" and a.lower_ == "to"
                                                                      for a in c.children))]
            clauses += [c for c in owner.children if c.dep_ == "prep" and c.lower_ == "in"
                        and any(lemma(g) in PURPOSE_NOUNS for g in c.children)]
            for clause in clauses:
                words = [t for t in clause.subtree if t.dep_ in ("dobj", "pobj", "poss", "compound", "amod")]
                found = [i for i in self.resolver.actor_ids(words[:MAX_PURPOSE_WORDS]) if i not in own]
                if found:
                    return found[:1]
        return []

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

    def judged_uncertain(self, token: Token) -> bool:
        """True when the trigger lies in the proposition of an estimate that is not near certainty
        (the estimates stage's records), so the story does not assert that the event happens."""
        start, end = token.idx, token.idx + len(token.text)
        index = bisect_right(self.uncertain_starts, start)
        for span in reversed(self.uncertain[max(0, index - MAX_OPEN_ESTIMATES):index]):
            if span.start <= start and end <= span.end:
                return True
        return False

    def statement_for(self, token: Token) -> str | None:
        """The statement that expresses the event (its cue is the trigger) or reports it (holds the trigger)."""
        start, end = token.idx, token.idx + len(token.text)
        cued = self.resolver.statement_cued_at(start, end)
        if cued is not None:
            return cued.id
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
        if head.i == current.i:
            return False
        if head.i in triggers:
            outer = triggers[head.i]
            if current.i == token.i and link in OBJECT_LINKS:
                return True
            return (outer.type in COMPLEMENT_TYPES or outer.type == trigger.type) and current.dep_ in COMPLEMENT_LINKS
        if current.dep_ not in COMPLEMENT_LINKS:
            return False
        current = head
    return False


def condition_subjects(condition: TokenSpan) -> list[Token]:
    """The subject of an until/unless/if clause ("as long as the RSF did": the RSF)."""
    clause = next((t for t in condition if t.dep_ == "advcl"), condition.root)
    return [c for c in clause.children if c.dep_ == "nsubj"]


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
        if current.dep_ in CLAUSE_STOPS or current.head.i == current.i:
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
    if head.dep_ in ("csubj", "nsubj") and head.head.i != head.i:
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
