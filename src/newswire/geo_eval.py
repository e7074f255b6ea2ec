"""Geoparsing evaluation on GeoWebNews (``GWN.xml``, Gritta et al. 2019).

``evaluate_geoparsing(path)`` reads every article, runs the full reader over it, and compares the
places it finds with the gold toponyms:

- ``toponym_recall``: gold toponyms (literal, metonymic, mixed and modifier uses; not
  demonyms, languages, homonyms or common-noun expressions) overlapped by a place mention;
- ``toponym_recall_core``: the same, leaving out what newswire does not read as a place by
  design: adjectives ("Russian troops") and toponyms inside other names ("New York Times");
- ``accuracy_161km``: of the recalled gold toponyms that have gold coordinates, the share
  whose predicted coordinates lie within 161 km (100 miles), the field's usual threshold;
- ``country_correct``: of the recalled gold toponyms whose country can be told (from the gold
  GeoNames id, or the nearest gazetteer city within 100 km of the gold point), the share whose
  predicted country matches.

The gold data is third-party and is only read, never copied into the package.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from newswire.errors import GoldError
from newswire.evaluate import Tally
from newswire.records import Document, Place, Reading

TOPONYM_TYPES = frozenset({
    "Literal", "Metonymic", "Mixed", "Literal_Modifier", "Non_Literal_Modifier", "Coercion",
    "Embedded_Literal", "Embedded_Non_Lit",
})
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish", "can", "ic")
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

    @property
    def core(self) -> bool:
        """A toponym used by name, not inside another name and not an adjective ("Russian")."""
        from newswire.stages.places import gazetteer, place_key

        key = place_key(self.name)
        adjective = key in gazetteer().demonyms or (" " not in key and key.endswith(ADJECTIVE_ENDINGS))
        return not self.type.startswith("Embedded") and not adjective


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


def read_gwn(path: str | Path) -> list[tuple[Document, list[GoldToponym]]]:
    """Articles of a GeoWebNews XML file with their gold toponyms."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise GoldError(f"{path}: cannot read GeoWebNews XML ({error})") from error
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


def gold_country(toponym: GoldToponym) -> str | None:
    """ISO3 country of a gold toponym: by GeoNames id, else the nearest known city nearby."""
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


def _place_at(reading: Reading, toponym: GoldToponym) -> Place | None:
    """The predicted place one of whose mentions overlaps the gold toponym, or None."""
    for place in reading.places:
        if any(m.start < toponym.end and toponym.start < m.end for m in place.mentions):
            return place
    return None


def score_article(reading: Reading, gold: list[GoldToponym], metrics: dict[str, Tally]) -> None:
    """Add one article's comparisons to the tallies."""
    for toponym in gold:
        place = _place_at(reading, toponym)
        metrics["toponym_recall"].add(place is not None)
        if toponym.core:
            metrics["toponym_recall_core"].add(place is not None)
        if place is None:
            continue
        if toponym.lat is not None and toponym.lon is not None:
            close = place.lat is not None and kilometres(toponym.lat, toponym.lon, place.lat, place.lon) <= ACCURACY_KM
            metrics["accuracy_161km"].add(close)
        expected = gold_country(toponym)
        if expected is not None:
            metrics["country_correct"].add(place.country == expected)


def evaluate_geoparsing(path: str | Path, *, limit: int | None = None) -> dict[str, dict[str, float | int]]:
    """Run the reader over a GeoWebNews file and return each metric's value, hits and total."""
    from newswire.pipeline import Reader

    articles = read_gwn(path)[:limit]
    names = ("toponym_recall", "toponym_recall_core", "accuracy_161km", "country_correct")
    metrics = {name: Tally() for name in names}
    reader = Reader()
    readings = reader.read_many(document for document, _ in articles)
    for (_, gold), reading in zip(articles, readings):
        score_article(reading, gold, metrics)
    return {name: {"value": round(t.value, 4), "hits": t.hits, "total": t.total} for name, t in metrics.items()}
