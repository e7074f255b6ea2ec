"""Helpers of participant linking: the states that places stand for, list members a parse splits,
antecedents of plural pronouns and definite body nouns, reciprocal and harmed recipients.

Recipients that reports name through places, and the states those places belong to:

The PLOVER gold records code a place as the recipient when the event is aimed at it: "withdrew
troops from Lebanon", "shelled Juba", "imposed a curfew in Cizre", "arrived in Amman" (the host).
PLOVER's recipient is an entity, so the place stands for its state: the country actor the
actors stage found for that country, else a country actor added here whose mention is the place
name (the text's only reference to that state). A place that is the object of the trigger
("attacked Aleppo") is a recipient for every event type; a place where the event happens only for
the types whose recipient is usually the territory they act on.
"""

from __future__ import annotations

from spacy.tokens import Token

from newswire.countries import country_table, country_tables
from newswire.draft import Draft
from newswire.records import Actor, Place

LOCATED_TARGET_TYPES = {"RETREAT", "CONCEDE", "COERCE", "ASSAULT", "MOBILIZE", "SANCTION", "PROTEST",
                        "THREATEN", "AID"}
OWN_FORCE_TYPES = {"RETREAT", "MOBILIZE"}  # "withdrew its troops", "strengthened its forces": not recipients
PURPOSE_DEPS = {"advcl", "xcomp", "acl"}
TERRITORY_NOUNS = {"territory", "land", "soil"}
PURPOSE_PREPS = {"against", "for", "over", "from"}
BODY_NOUNS = {"council", "ministry", "committee", "commission", "parliament", "assembly", "court", "agency",
              "alliance", "bloc", "mission", "department", "office", "tribunal", "union", "organisation",
              "organization", "senate", "congress", "junta", "cabinet"}
BODY_SPELLINGS = {"defense": "defence", "organisation": "organization"}


def country_names() -> dict[str, str]:
    """ISO3 code -> the name a country actor gets (the actors stage's display name)."""
    return country_tables()[1]


def demonyms() -> dict[str, str]:
    """Demonym ("French", "Iraqi") -> ISO3."""
    return country_table()["demonyms"]


class StateLinker:
    """Finds (or adds) the country actor that stands for a place's state."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.places = {place.id: place for place in draft.places}
        self.added: dict[str, str] = {}

    def state_of(self, place_id: str | None, word: Token | None = None) -> str | None:
        """The id of the actor for the state of a place, or None when the place has no known country;
        ``word``, the place's word in the event, becomes a mention of a state actor added here."""
        place = self.places.get(place_id or "")
        if place is None or not place.country:
            return None
        for actor in self.draft.actors:
            if actor.kind == "country" and actor.country == place.country:
                if word is not None and actor.id in self.added.values():
                    self.draft.add_mention(actor.id, self.draft.span(word.idx, word.idx + len(word.text)))
                return actor.id
        return self._add_state(place)

    def of_demonym(self, token: Token) -> str | None:
        """The country actor a demonym or country-name modifier stands for ("French mediation", "US
        Predator attacks"): the one the text names, else one added with that word as its mention."""
        code = demonyms().get(token.text) or demonyms().get(token.text.title()) or country_tables()[0].get(token.text)
        if code is None or token.ent_type_ not in ("NORP", "GPE"):
            return None
        if self.draft.in_boilerplate(token.idx, token.idx + len(token.text)):
            return None
        mention = self.draft.span(token.idx, token.idx + len(token.text))
        for actor in self.draft.actors:
            if actor.kind == "country" and actor.country == code:
                if actor.id in self.added.values():  # one this stage added: this word mentions it too
                    self.draft.add_mention(actor.id, mention)
                return actor.id
        if code not in country_names():
            return None
        actor = Actor(id=self.draft.new_id("a"), name=country_names()[code], kind="country",
                      mentions=(mention,), country=code, sector="GOV")
        self.draft.actors.append(actor)
        self.added[code] = actor.id
        return actor.id

    def _add_state(self, place: Place) -> str | None:
        """Add a country actor for the place's state, mentioned by the place's first mention."""
        mentions = tuple(m for m in place.mentions if not self.draft.in_boilerplate(m.start, m.end))
        if not mentions:
            return None
        name = country_names().get(place.country or "", place.name)
        actor = Actor(id=self.draft.new_id("a"), name=name, kind="country", mentions=mentions[:1],
                      country=place.country, sector="GOV")
        self.draft.actors.append(actor)
        self.added[place.country or ""] = actor.id
        return actor.id


def territory_owners(token: Token) -> list[Token]:
    """The words naming whose territory an event after ``token`` acts on, where the parse has hung
    the territory away from the object ("occupies an area … 50 miles wide of Ukrainian territory")."""
    return [c for t in token.subtree if t.i > token.i and t.lemma_.lower() in TERRITORY_NOUNS
            for c in t.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE")]


def own_forces(token: Token, troop_words: frozenset[str]) -> bool:
    """True for an object naming the actor's own forces ("its troops", "more men", "forces")."""
    word = token.lemma_.lower()
    if word not in troop_words:
        return False
    named = [c for c in token.children if c.dep_ in ("compound", "amod", "poss") and c.pos_ in ("PROPN", "ADJ")
             and c.ent_type_ in ("GPE", "NORP", "ORG")]
    return not named


def reciprocal(token: Token) -> bool:
    """True for "each other" / "one another"."""
    return token.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in token.children) \
        or (token.lower_ == "each" and any(c.lower_ == "other" for c in token.head.children))


def victims(token: Token, lex) -> list[Token]:
    """Who a violent noun harmed: the object of the verb it is subject of ("a bombing killed two
    soldiers", "attacks have killed eight leaders"), or the subject of a passive verb it is the
    means of ("a journalist was killed in a car bomb explosion")."""
    verb = token.head
    harm = lex.lists.get("harm_verbs", ())
    if token.dep_ == "nsubj" and verb.lemma_.lower() in harm:
        return [c for c in verb.children if c.dep_ == "dobj"]
    if token.dep_ == "pobj" and verb.dep_ in ("prep", "agent") and verb.lower_ in ("in", "by"):
        passive = verb.head
        if passive.lemma_.lower() in harm:
            return [c for c in passive.children if c.dep_ == "nsubjpass"]
    return []


def list_members(token: Token) -> list[Token]:
    """The members of a list headed by ``token``: its conjuncts, and the members a parse has hung
    elsewhere — an apposition that continues the list ("Mordor, the Shire, Fornost and Bree") or a
    modifier joined by "and" ("Fornost and the evil Gondor")."""
    members = [token, *token.conjuncts]
    for child in token.children:
        if child.dep_ == "appos" and (child.conjuncts or token.conjuncts):
            members.extend(m for m in (child, *child.conjuncts) if m not in members)
        elif child.dep_ in ("nmod", "compound") and child.i < token.i and any(
                c.dep_ in ("cc", "conj") for c in child.children):  # "Arnor, Calenardhon and the evil Gondor"
            members[:0] = [child, *(c for c in child.conjuncts if c.pos_ == "PROPN")]
    return members


def coordinated_subject(token: Token) -> Token | None:
    """The coordinated subject ("Gondor and Osgiliath") of the clause a plural pronoun sits in, or None."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.i < token.i and (subject.conjuncts or subject.i == token.i):
                return subject if subject.i != token.i and subject.conjuncts else None
            return None
    return None


def definite_body(token: Token, actors: list[Actor]) -> Actor | None:
    """The one body whose name holds every word of a definite common-noun phrase ("this council" ->
    the UN Security Council, "the defence ministry" -> the Russian Ministry of Defence)."""
    if not token.text.islower() or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                           for c in token.children):
        return None
    wanted = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children
                                       if c.dep_ == "compound" and c.text.islower()}
    wanted = {BODY_SPELLINGS.get(word, word) for word in wanted}
    if not wanted & BODY_NOUNS:
        return None
    fitting = [a for a in actors if a.kind in ("organization", "group")
               and wanted <= {BODY_SPELLINGS.get(w, w) for w in a.name.lower().replace("'s", "").split()}]
    return fitting[0] if len(fitting) == 1 else None


def purpose_objects(token: Token, anchor: Token | None) -> list[Token]:
    """What a protest or threat is aimed at, read from its purpose clause ("staged a strike to demand the
    resignation of X", "rioted, calling for the removal of X", "in protest against Y's decision"):
    the objects and 'against'/'for'/'over' objects of an infinitive or participle clause on the trigger
    or its light verb, and of 'in protest of/against' phrases."""
    found: list[Token] = []
    for owner in {token, anchor} - {None}:
        for clause in (c for c in owner.children if c.dep_ in PURPOSE_DEPS and c.pos_ in ("VERB", "NOUN")):
            found.extend(c for c in clause.children if c.dep_ in ("dobj", "ccomp"))
            found.extend(g for c in clause.children if c.dep_ == "prep" and c.lower_ in PURPOSE_PREPS
                         for g in c.children if g.dep_ == "pobj")
        for prep in (c for c in owner.children if c.dep_ == "prep" and c.lower_ in ("in", "against", "over")):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                found.extend(g for c in pobj.children if c.dep_ == "prep" and c.lower_ in PURPOSE_PREPS | {"of"}
                             for g in c.children if g.dep_ == "pobj")
    subjects = [c for item in found if item.dep_ == "ccomp" for c in item.children if c.dep_ == "nsubj"]
    return [t for t in found if t.dep_ != "ccomp"] + subjects
