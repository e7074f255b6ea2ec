"""Participants of events: who acts, who is acted on, and where, read from the dependency parse.

:func:`verb_frame` and :func:`noun_frame` find the argument tokens of a trigger (subject, objects, prepositional phrases,
the light verb of a nominal such as "held talks" or "faced criticism"); :class:`Resolver` turns
argument tokens into actor and place ids, following conjunctions ("Kyiv and Moscow"), titles
("Chairman … Mark Milley"), possessives ("Russia's withdrawal") and pronouns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.records import Actor, Place, Statement
from newswire.stages.events_lexicon import Lexicon, Trigger, lemma
from newswire.stages.events_targets import StateLinker, coordinated_subject, definite_body, list_members

SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "oprd"}
TARGET_PREPS = {"to", "with", "against", "on", "upon", "toward", "towards", "for", "over", "at"}
PLACE_PREPS = {"in", "from", "into", "near", "across", "inside", "around", "throughout", "outside", "within",
               "out", "through", "off", "onto", "along", "beyond"}
OF_TARGET_TYPES = {"COERCE", "ASSAULT", "ACCUSE", "SANCTION", "THREATEN", "SUPPORT", "AID", "REJECT", "PROTEST"}
VERBAL_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE"}
BENEFIT_TYPES = {"AGREE", "SUPPORT", "COOPERATE", "AID"}
COMPLEMENT_TARGET_TYPES = {"REJECT", "THREATEN", "AGREE", "REQUEST"}
PARTICIPATE_VERBS = {"engage", "participate", "join", "enter", "involve"}
QUANTITY_WORDS = {"dozen", "hundred", "thousand", "million", "score", "number", "group", "many", "several",
                  "few", "two", "three", "four", "five", "six", "ten"}
CORE_DEPS = {"compound", "amod", "poss", "case", "det", "nummod", "conj", "cc", "appos", "flat", "quantmod", "nmod"}
OF_EXPANDING = {"percent", "part", "rest", "all", "much", "most", "some", "member", "half", "third", "quarter",
                "fifth", "tenth", "sixth", "portion", "fraction", "bulk", "majority", "swathe",
                "piece", "swath", "area", "chunk", "share", "territory", "units", "unit"}
OWNER_PREPS = {"of", "by", "from", "with", "against", "for"}
GOVERNMENT_NOUNS = {"government", "administration", "cabinet", "ministry", "country", "people"}
MEASURE_NOUNS = {"series", "round", "wave", "day", "week", "month", "hour", "night", "spate", "string"}
COUNTRY_NOUNS = {"country", "nation"}
STATIVE_PASSIVES = {"oppose", "commit", "determine", "dedicate"}
TIME_ENTITIES = {"DATE", "TIME"}
NAMED_ENTITIES = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
SPEAKER_PRONOUNS = {"i", "me", "my", "myself"}
GROUP_SPEAKER_PRONOUNS = {"we", "us", "our", "ours", "ourselves"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
MILITARY_ROLES = {"general", "commander", "admiral", "colonel", "marshal", "officer"}
ROLE_NOUNS = MILITARY_ROLES | {"president", "minister", "secretary", "chancellor", "premier", "leader",
                               "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "king",
                               "prince", "monarch", "senator", "governor", "mayor", "diplomat", "chairman", "chief"}
ARMED_CLASSES = ("troops", "weapons", "police")
HELP_NOUNS = {"help", "support", "assistance", "backing", "aid", "cooperation", "blessing", "approval"}
PLURAL_PRONOUNS = {"their", "they", "them", "theirs"}
LOOKBACK_CHARS = 1500
NAMED_SEARCH_LIMIT = 40
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"}


@dataclass
class Frame:
    """The argument tokens of one trigger."""

    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    places: list[Token] = field(default_factory=list)
    anchor: Token | None = None  # the verb whose clause frames the event (a noun's light verb)
    light: bool = False  # a nominal used with a light verb ("held talks", "faced criticism")
    extra: list[Token] = field(default_factory=list)  # complements shown in the evidence


class SpanIndex:
    """Records with mention spans, searchable by character range without scanning them all."""

    def __init__(self, records: Iterable[Actor | Place]) -> None:
        items = sorted(((m.start, m.end, index, record) for index, record in enumerate(records)
                        for m in record.mentions), key=lambda item: (item[0], item[2]))
        self.items = items
        self.starts = [item[0] for item in items]
        self.longest = max((end - start for start, end, _, _ in items), default=0)

    def at(self, start: int, end: int):
        """The record whose mention overlaps ``start``–``end`` most (first record wins a tie), or None."""
        low = bisect_left(self.starts, start - self.longest)
        high = bisect_left(self.starts, end)
        best, best_key = None, (0, 0)
        for m_start, m_end, index, record in self.items[low:high]:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0 and (overlap, -index) > best_key:
                best, best_key = record, (overlap, -index)
        return best

    def before(self, position: int, accept) -> object | None:
        """The record of the nearest mention ending before ``position`` that ``accept`` takes."""
        index = bisect_left(self.starts, position) - 1
        while index >= 0 and self.starts[index] >= position - LOOKBACK_CHARS:
            m_start, m_end, _, record = self.items[index]
            if m_end <= position and accept(record):
                return record
            index -= 1
        return None


def subject_tokens(verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
    """The (actor, patient) tokens of a verb's subject: active subjects act, passive ones are acted on."""
    actors, patients = [], []
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            actors.append(child)
        elif child.dep_ == "nsubjpass":
            patients.append(child)
        elif child.dep_ == "agent":
            actors.extend(c for c in child.children if c.dep_ == "pobj")
    if actors or depth > 3:
        return actors, patients
    return _inherited_subject(verb, depth) or [], patients


def _inherited_subject(verb: Token, depth: int) -> list[Token] | None:
    """The subject a verb without one takes from its head ("urged Russia to withdraw", "attacked and seized")."""
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "xcomp":
        objects = [c for c in head.children if c.dep_ in OBJECT_DEPS]
        return objects or subject_tokens(head, depth + 1)[0]
    if verb.dep_ == "acomp" and head.pos_ in ("VERB", "AUX"):  # "he is prepared to lift the ban"
        return subject_tokens(head, depth + 1)[0]
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX") and (
            verb.dep_ == "conj" or verb.tag_ == "VBG" or infinitive):
        return subject_tokens(head, depth + 1)[0]  # "attacked and seized", "fired, killing one", "… to demand"
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return subject_tokens(head.head, depth + 1)[0]  # "struck a warmer tone after meeting Biden"
    if verb.dep_ in ("acl", "pcomp"):
        noun = head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" else head
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if owners:
            return owners
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
            return [c for c in noun.head.head.children if c.dep_ == "poss"] or None
        if verb.dep_ == "acl" and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":  # "issued a statement demanding"
            return subject_tokens(noun.head, depth + 1)[0] or None
    return None


def _add_preposition_phrases(frame: Frame, owner: Token, *, between_as_source: bool,
                             skip: Iterable[str] = ()) -> None:
    """Sort the prepositional objects of ``owner`` into targets and places."""
    for prep in owner.children:
        if prep.dep_ not in ("prep", "prt", "agent", "dative") or prep.pos_ not in ("ADP", "ADV", "PART"):
            continue
        word = prep.lower_
        if word in skip:
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ not in TIME_ENTITIES
                   and not (word == "with" and c.lemma_.lower() in HELP_NOUNS)]  # "with Albania's help": an ally
        if word == "out":  # "out of Ukraine": the object hangs from "of"
            objects += [g for c in prep.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if word == "between":
            (frame.sources if between_as_source else frame.targets).extend(objects)
        elif word in PLACE_PREPS or word == "out":
            frame.places.extend(objects)
        elif word in TARGET_PREPS:
            frame.targets.extend(objects)


def _add_object_phrases(frame: Frame, item: Token) -> None:
    """Add the prepositional targets of an object and of its 'of' phrase ("dollars of aid for Romania")."""
    parts = [item]
    for _ in range(3):  # "millions of euros of aid for Ukraine"
        for part in parts:
            _add_preposition_phrases(frame, part, between_as_source=False)
        parts = [g for part in parts for g in _of_objects(part)]
        if not parts:
            break


def verb_frame(trigger: Trigger) -> Frame:
    """The arguments of a verb trigger."""
    verb = trigger.token
    actors, patients = subject_tokens(verb)
    if not actors and lemma(verb) in STATIVE_PASSIVES:  # "Israel is opposed to the plan": Israel opposes
        actors, patients = patients, []
    frame = Frame(sources=actors, targets=patients, anchor=verb)
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.pos_ != "ADP"]
    frame.targets.extend(objects)
    consult = trigger.type == "CONSULT"
    _add_preposition_phrases(frame, verb, between_as_source=consult)
    for item in objects:  # "imposed sanctions on Russia", "sent tanks to Ukraine"
        _add_preposition_phrases(frame, item, between_as_source=consult)
        for part in _of_objects(item):  # "adopted a package of sanctions against Russia"
            _add_preposition_phrases(frame, part, between_as_source=consult)
        if trigger.type in BENEFIT_TYPES:  # "signed an accord to supply Gondor with wheat"
            for clause in _infinitives(item):
                frame.targets.extend(c for c in clause.children if c.dep_ in OBJECT_DEPS)
    if not objects and trigger.type in COMPLEMENT_TARGET_TYPES:  # "refused to negotiate with Russia"
        complements = [c for c in verb.children if c.dep_ == "xcomp"]
        for _ in range(3):  # "agreed to help finance purchases of shells for Ukraine"
            for complement in complements:
                complement_objects = [c for c in complement.children if c.dep_ in OBJECT_DEPS]
                frame.targets.extend(complement_objects)
                _add_preposition_phrases(frame, complement, between_as_source=False)
                for item in complement_objects:  # "agreed to provide aid for Romania"
                    _add_object_phrases(frame, item)
                frame.extra.append(complement)
            if frame.targets:
                break
            complements = [g for c in complements for g in c.children if g.dep_ == "xcomp"]
        for complement in (c for c in verb.children if c.dep_ == "ccomp"):  # "demanded that Russia withdraw"
            frame.targets.extend(c for c in complement.children if c.dep_ in ("nsubj", "nsubjpass"))
            frame.extra.append(complement)
    return frame


def noun_frame(trigger: Trigger, lex: Lexicon) -> Frame:
    """The arguments of a nominal trigger ("Russia's withdrawal from Kherson", "held talks with Moscow")."""
    noun = trigger.token
    frame = Frame()
    verbal = trigger.type in VERBAL_TYPES  # "criticism from Iran": the critic
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and child.pos_ in ("PROPN", "ADJ")
                                    and (child.ent_type_ in NAMED_ENTITIES or child.pos_ == "PROPN")):
            frame.sources.append(child)
        elif child.dep_ == "prep" and (child.lower_ == "by" or (child.lower_ == "from" and verbal)):
            frame.sources.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "of":
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            (frame.targets if trigger.type in OF_TARGET_TYPES else frame.sources).extend(pobjs)
    consult = trigger.type == "CONSULT"
    _add_preposition_phrases(frame, noun, between_as_source=consult, skip={"from"} if verbal else ())
    for part in _of_objects(noun):  # "the withdrawal of forces from Panama", "the delivery of arms to Kyiv"
        _add_preposition_phrases(frame, part, between_as_source=consult, skip={"from"} if verbal else ())
    if trigger.type in COMPLEMENT_TARGET_TYPES:  # "its demand that Israel ease the restrictions"
        for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)):
            frame.targets.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    if trigger.type in COMPLEMENT_TARGET_TYPES:  # "its refusal to talk to X"
        for clause in _infinitives(noun):
            frame.targets.extend(c for c in clause.children if c.dep_ in OBJECT_DEPS)
            _add_preposition_phrases(frame, clause, between_as_source=False)
    verb = _governing_verb(noun)
    frame.anchor = verb
    if verb is None:
        return frame
    word = lemma(verb)
    if word in lex.lists["light_patient"]:
        frame.light = True
        frame.targets.extend(subject_tokens(verb)[0])
        frame.sources.extend(c for p in verb.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                             for c in p.children if c.dep_ == "pobj")
    elif word in lex.lists["light_agent"] or word in PARTICIPATE_VERBS or _takes_part(verb):
        frame.light = True
        if all(t.pos_ == "PRON" or t.dep_ == "pobj" for t in frame.sources):  # "they continued their
            # hunger strike", "NATO ordered the activation of a force"
            actors, patients = subject_tokens(verb)
            frame.sources.extend(actors or (patients if word in PARTICIPATE_VERBS else []))  # "were engaged in"
        _add_preposition_phrases(frame, verb, between_as_source=consult)
    elif noun.dep_ in ("nsubj", "nsubjpass"):
        _add_preposition_phrases(frame, verb, between_as_source=consult)
    return frame


def _infinitives(noun: Token) -> list[Token]:
    """The infinitive clauses a noun governs ("a refusal to talk", "an accord to supply")."""
    return [c for c in noun.children if c.dep_ in ("acl", "xcomp") and c.pos_ == "VERB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def _takes_part(verb: Token) -> bool:
    """True for "take part (in)"."""
    return lemma(verb) == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun is subject or object of, directly or through a preposition."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and _is_measure(head.head):  # "held three days of drills"
        return _governing_verb(head.head)
    return None


def _is_measure(token: Token) -> bool:
    """True for a noun that measures what its 'of' phrase names ("three days of", "a series of")."""
    return token.pos_ == "NOUN" and (token.ent_type_ in TIME_ENTITIES or lemma(token) in MEASURE_NOUNS)


def core_tokens(token: Token) -> list[Token]:
    """The token with its modifiers and conjuncts (no clauses): the stretch that names an argument.

    A quantity or part ("20 percent of Ukraine") keeps its 'of' phrase, which names the whole.
    """
    found, stack = [], [token]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(c for c in current.children if c.dep_ in CORE_DEPS)
        if lemma(current) in OF_EXPANDING or lemma(current) in QUANTITY_WORDS or current.pos_ == "NUM":
            stack.extend(c for c in current.children if c.dep_ == "prep" and c.lower_ == "of"
                         and any(g.dep_ == "pobj" for g in c.children))
            stack.extend(_of_objects(current))
    return found


class Resolver:
    """Turns argument tokens into actor ids and place ids."""

    def __init__(self, draft: Draft, lex: Lexicon) -> None:
        self.draft = draft
        self.lex = lex
        self.actors = SpanIndex(draft.actors)
        self.places = SpanIndex(draft.places)
        self.by_content = sorted(draft.statements, key=lambda s: s.content.start)
        self.content_starts = [s.content.start for s in self.by_content]
        self.longest_content = max((s.content.end - s.content.start for s in self.by_content), default=0)
        self.by_cue = sorted((s for s in draft.statements if s.cue is not None), key=lambda s: s.cue.start)
        self.cue_starts = [s.cue.start for s in self.by_cue]
        self.longest_cue = max((s.cue.end - s.cue.start for s in self.by_cue), default=0)
        self.titled: dict[str, Actor | None] = {}
        self.by_name = _actors_by_mention_text(draft.actors)
        self.states = StateLinker(draft)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """Like ``Draft.actor_at``, through the index."""
        return self.actors.at(start, end)

    def is_actor(self, token: Token) -> bool:
        """True when ``token`` lies in an actor mention."""
        return self.actors.at(token.idx, token.idx + len(token.text)) is not None

    def statement_around(self, start: int, end: int) -> Statement | None:
        """The innermost statement whose content holds ``start``–``end`` (found through the content index)."""
        high = bisect_right(self.content_starts, start)
        low = bisect_left(self.content_starts, start - self.longest_content)
        holding = [s for s in self.by_content[low:high] if end <= s.content.end]
        return min(holding, key=lambda s: s.content.end - s.content.start, default=None)

    def statement_cued_at(self, start: int, end: int) -> Statement | None:
        """The first statement whose cue overlaps ``start``–``end``."""
        high = bisect_left(self.cue_starts, end)
        low = bisect_left(self.cue_starts, start - self.longest_cue)
        return next((s for s in self.by_cue[low:high] if s.cue.start < end and start < s.cue.end), None)

    def actor_ids(self, tokens: Iterable[Token]) -> list[str]:
        """The distinct actor ids named by argument tokens, each conjunct on its own, in order."""
        ids: list[str] = []
        for token in tokens:
            if token.lower_ in PLURAL_PRONOUNS and (antecedent := coordinated_subject(token)) is not None:
                tokens_ids = self.actor_ids([antecedent])  # "Gondor and Osgiliath postponed their meeting"
                ids.extend(i for i in tokens_ids if i not in ids)
                continue
            for conjunct in list_members(token):
                actor = self.one_actor(conjunct)
                found = [actor.id] if actor is not None else []
                armed = any(lemma(conjunct) in self.lex.classes.get(name, ()) for name in ARMED_CLASSES)
                for found_id in found + (self._named_by(conjunct) if armed or not found else []):
                    if found_id not in ids:
                        ids.append(found_id)
        return ids

    def _named_by(self, token: Token) -> list[str]:
        """The countries behind people, forces or weapons named only by a demonym or a place
        ("Russian missiles", "U.S. and British warplanes", "Swiss doctors", "lawmakers in Fornost")."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")
                     and c.ent_type_ in ("NORP", "GPE")]
        modifiers += [g for c in modifiers for g in c.conjuncts]
        owners = [self.modifier_id(c) for c in modifiers]
        if not any(owners) and token.pos_ == "NOUN":
            preps = ("in", "of", "from") if token.dep_ in ("nsubj", "nsubjpass") else ("in", "of")  # not
            # "withdrew forces from Panama"
            homes = [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps
                     for g in c.children if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in NAMED_ENTITIES)]
            owners = [self.modifier_id(g) for g in homes[:1]]
        return [owner for owner in owners if owner is not None]

    def one_actor(self, token: Token) -> Actor | None:
        """The actor one conjunct names: the head word, then appositions and modifiers, then the phrase."""
        if token.pos_ == "PRON" or token.tag_ == "PRP$":
            return self._token_actor(token) or self._pronoun_actor(token)
        modifiers = sorted((c for c in token.children if c.dep_ in ("appos", "compound", "poss", "amod", "flat")),
                           key=lambda c: c.dep_ != "appos")  # "a Houthi official, Mohammed Abdulsalam": the person
        for candidate in (token, *modifiers):
            if (actor := self._token_actor(candidate)) is not None:
                return actor
        if (lemma(token) in OF_EXPANDING or lemma(token) in QUANTITY_WORDS or token.pos_ == "NUM"
                or lemma(token) in self.lex.classes.get("troops", ())
                or lemma(token) in self.lex.classes.get("aid_carriers", ())):  # "a convoy of WFP trucks"
            for pobj in _of_objects(token):
                if (actor := self.one_actor(pobj)) is not None:
                    return actor
        if lemma(token) in ROLE_NOUNS and any(c.lower_ in ("the", "this", "that") for c in token.children):
            owner = next((a for pobj in _of_objects(token) if (a := self.modifier_id(pobj)) is not None), None)
            if owner is not None:  # "the president of Armenia": Armenia's government
                return self.draft.actor(owner)
            return self._role_actor(token)
        core = [t for t in core_tokens(token) if t.dep_ not in ("conj", "cc") or t.i == token.i]
        start = min(t.idx for t in core)
        end = max(t.idx + len(t.text) for t in core)
        actor = self.actors.at(start, end)
        if actor is None and (lemma(token) in self.lex.classes.get("troops", ())
                              or lemma(token) in GOVERNMENT_NOUNS):  # "his forces", "its army", "his government"
            owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
            actor = self._pronoun_actor(owner) if owner is not None else None
        return actor or self._definite_body(token)

    def _definite_body(self, token: Token) -> Actor | None:
        """The one body whose name holds every word of a definite common-noun phrase ("this council")."""
        return definite_body(token, self.draft.actors)

    def owner_ids(self, tokens: Iterable[Token]) -> list[str]:
        """The actors that own argument tokens naming no actor themselves: the possessor or the
        'of'/'by'/'from'/'with'/'against' phrase ("demanded the withdrawal of Serbian forces",
        "rejected calls by X", "denounced Serbia's suppression of the unrest", "suspended air links
        with Serbia", "mobilized reservists for a war against Iraq")."""
        owners: list[Token] = []
        named: list[Token] = []
        for token in tokens:
            for conjunct in (token, *token.conjuncts):
                if self.one_actor(conjunct) is not None:
                    continue
                owners.extend(c for c in conjunct.children if c.dep_ == "poss")
                owners.extend(g for c in conjunct.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPS
                              for g in c.children if g.dep_ == "pobj")
                named.extend(c for c in conjunct.children if c.dep_ in ("compound", "amod", "nmod")
                             and c.ent_type_ in NAMED_ENTITIES)
        ids = self.actor_ids(owners)
        for owner_token in (owners + named) if not ids else ():  # "a U.S. request", "an offer from Kabul"
            owner = self.modifier_id(owner_token)
            if owner is not None and owner not in ids:
                ids.append(owner)
        return ids

    def modifier_id(self, modifier: Token) -> str | None:
        """The actor a named word stands for: one it names, else the state of a place it names,
        else the country of a demonym ("French mediation")."""
        found = self._token_actor(modifier)
        if found is not None:
            return found.id
        place = self.places.at(modifier.idx, modifier.idx + len(modifier.text))
        if place is not None:
            return self.states.state_of(place.id, modifier)
        return self.states.of_demonym(modifier)

    def named_modifier_ids(self, token: Token) -> list[str]:
        """The actors named by a noun's named modifiers ("US Predator attacks", "Russian shelling")."""
        ids: list[str] = []
        for modifier in (c for c in token.children if c.dep_ in ("compound", "amod", "nmod")
                         and c.ent_type_ in NAMED_ENTITIES):
            owner = self.modifier_id(modifier)
            if owner is not None and owner not in ids:
                ids.append(owner)
        return ids

    def _token_actor(self, token: Token) -> Actor | None:
        """The actor a mention at ``token`` belongs to; for a named token the actors stage left
        unmarked, the one actor elsewhere mentioned by exactly that name."""
        actor = self.actors.at(token.idx, token.idx + len(token.text))
        if actor is None and token.ent_type_ in NAMED_ENTITIES:
            actor = self.by_name.get(_entity_text(token).lower()) or self.by_name.get(token.text.lower())
        if actor is None and lemma(token) in COUNTRY_NOUNS and any(c.lower_ == "the" for c in token.children):
            actor = self.actors.before(token.idx, lambda a: a.kind == "country")  # "the country's government"
        return actor

    def _pronoun_actor(self, token: Token) -> Actor | None:
        """The actor a pronoun most likely refers to: the speaker in a quote, else the nearest fitting mention."""
        word = token.lower_
        if word in self.lex.lists.get("generic_pronouns", ()):
            return None
        statement = self.statement_around(token.idx, token.idx + len(token.text))
        speaker = self.draft.actor(statement.speaker) if statement and statement.speaker else None
        if word in GROUP_SPEAKER_PRONOUNS:  # "our cities", "we will not negotiate": the speaker's side
            return self._speaker_group(speaker, token)
        if word in SPEAKER_PRONOUNS:
            return speaker
        if word in PERSON_PRONOUNS:
            if speaker is not None and speaker.kind == "person":
                return speaker
            return self.actors.before(token.idx, lambda a: a.kind == "person")
        if word in GROUP_PRONOUNS:
            return self._sentence_antecedent(token) or self.actors.before(token.idx, lambda a: a.kind != "person")
        return None

    def _speaker_group(self, speaker: Actor | None, token: Token) -> Actor | None:
        """Who "we"/"our" stands for in a quote: a speaking state or body itself; for a person, the
        armed forces of their country when "our" owns troops ("our units"), else their country —
        never the person, and nothing when their country is unknown or not named in the text."""
        if speaker is None or speaker.kind != "person":
            return speaker
        body = self._body_in_title(speaker.title)
        if body is not None:  # "we" from NATO's spokesman: NATO
            return body
        if not speaker.country:
            return None
        owned = token.head if token.tag_ == "PRP$" else None
        same = [a for a in self.draft.actors if a.country == speaker.country and a.kind != "person"]
        if owned is not None and lemma(owned) in self.lex.classes.get("troops", ()):
            forces = next((a for a in same if a.kind == "organization" and a.sector == "MIL"), None)
            if forces is not None:
                return forces
        return next((a for a in same if a.kind == "country"), None)

    def _body_in_title(self, title: str | None) -> Actor | None:
        """The organisation a speaker's title names ("Secretary-General of NATO"), or None."""
        if not title:
            return None
        if title not in self.titled:
            lowered = title.lower()
            self.titled[title] = next((a for a in self.draft.actors if a.kind == "organization" and any(
                len(n) > 2 and n in lowered for n in {a.name.lower()} | {m.text.lower() for m in a.mentions})), None)
        return self.titled[title]

    def _sentence_antecedent(self, token: Token) -> Actor | None:
        """The nearest state or organisation named earlier in the pronoun's own sentence."""
        for earlier in reversed(token.doc[token.sent.start:token.i]):
            if earlier.ent_type_ in ("GPE", "ORG", "NORP") and (actor := self._token_actor(earlier)) is not None:
                if actor.kind != "person":
                    return actor
        return None

    def _role_actor(self, token: Token) -> Actor | None:
        """The person a definite role noun ("the general") refers to: a recent person with that role."""
        role = lemma(token)

        def fits(actor: Actor) -> bool:
            title = (actor.title or "").lower()
            return actor.kind == "person" and (role in title or (role in MILITARY_ROLES and actor.sector == "MIL"))
        return self.actors.before(token.idx, fits)

    def place_id(self, tokens: Iterable[Token]) -> str | None:
        """The id of the first place named by argument tokens, or None."""
        for token in tokens:
            for conjunct in (token, *token.conjuncts):
                for candidate in (conjunct, *_of_objects(conjunct)):
                    place = self.places.at(candidate.idx, candidate.idx + len(candidate.text))
                    if place is not None:
                        return place.id
        return None


def _entity_text(token: Token) -> str:
    """The text of the named entity ``token`` is part of."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _actors_by_mention_text(actors: Iterable[Actor]) -> dict[str, Actor]:
    """Map each mention text (lowercase) to its actor, leaving out texts that name several actors."""
    owners: dict[str, Actor | None] = {}
    for actor in actors:
        for mention in actor.mentions:
            key = mention.text.lower()
            if key in owners and (owners[key] is None or owners[key].id != actor.id):
                owners[key] = None
            else:
                owners[key] = actor
    return {key: actor for key, actor in owners.items() if actor is not None}


def _of_objects(token: Token) -> list[Token]:
    """The objects of an 'of' phrase on ``token`` ("20 percent of Ukraine")."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def is_named(tokens: Iterable[Token]) -> bool:
    """True when an argument phrase (without its clauses) names something: a proper noun or a
    named entity ("leaders of the opposition coalition in Baku")."""
    for token in tokens:
        stack, seen = [token], 0
        while stack and seen < NAMED_SEARCH_LIMIT:
            item = stack.pop()
            seen += 1
            if item.pos_ == "PROPN" or item.ent_type_ in NAMED_ENTITIES:
                return True
            stack.extend(c for c in item.children if c.dep_ not in CLAUSE_DEPS)
    return False
