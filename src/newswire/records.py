"""The record model: every record newswire produces, and its JSON form.

This module is the single definition of the contract in ``docs/record-contract.md``. Every layer
(pipeline stages, CLI, store, web app) builds and reads these classes; none defines its own.
A span's ``start``/``end`` are Python string offsets into ``Document.text`` and
``Document.text[start:end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

CONTRACT_VERSION = "0.1.0"

ActorKind = Literal["person", "organization", "country", "group"]
PlaceKind = Literal["city", "region", "country", "other"]
# direct: a full quotation; partial: reported speech quoting some of its words; indirect: reported
# speech without marks; stance: a belief, stance, wish or charge held without a speech verb
# ("X believes …", "X accused Y of …", "X wants …", "the claim that …"), kept apart from speech.
StatementKind = Literal["direct", "partial", "indirect", "stance"]
EventStatus = Literal["asserted", "negated", "hypothetical", "conditional"]


@dataclass(frozen=True)
class Span:
    """A stretch of the document text, by character offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One news story as it was read: its text exactly as given plus its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class Boilerplate:
    """Text that is not the story (an inserted headline, an ad, a caption); nothing is read from it."""

    start: int
    end: int
    reason: str
    text: str = ""


@dataclass(frozen=True)
class Actor:
    """One real-world person, organisation, state or group, with every mention of it."""

    id: str
    name: str
    kind: ActorKind
    mentions: tuple[Span, ...]
    country: str | None = None
    sector: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Place:
    """One named place, resolved to a gazetteer entry where possible.

    ``mentions`` are literal uses: the text says something is or happens there ("in Kyiv",
    "Moscow said"); only they locate things, so events and maps read ``mentions`` alone.
    ``associations`` name the place without putting anything there (GeoWebNews's associative
    toponyms): demonyms ("Russian forces", "the Ukrainians"), the place inside another name
    ("Kyiv Post", "University of Texas") and the place as a noun modifier ("EU airlines").
    A place may have associations and no mentions.
    """

    id: str
    name: str
    kind: PlaceKind
    mentions: tuple[Span, ...]
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    associations: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Statement:
    """Something a speaker said or is reported to have said.

    ``speakers`` lists every actor when the text names several ("Both officials said");
    ``speaker`` is the first of them. ``parent`` names the statement this one is nested in, or,
    for a later paragraph of a quote that runs over paragraph breaks, the quote's first piece.
    ``kind`` is ``direct``, ``partial`` or ``indirect`` for speech, and ``stance`` for an
    attribution made without a speech verb: a belief, wish, stance or charge ("X believes …",
    "X wants …", "X accused Y of …", "X denied …", "X's claim that …"); a stance with no
    speaker is the article's own judgment ("the ceasefire seems fragile").
    """

    id: str
    speaker: str | None
    speaker_name: str | None
    kind: StatementKind
    cue: Span | None
    content: Span
    speakers: tuple[str, ...] = ()
    speaker_mention: Span | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Assessment:
    """An estimative judgment: how likely its holder thinks a proposition is.

    ``holder`` is None when the judgment is the article's own voice. ``basis`` says what the
    number rests on: a calibrated ``phrase``, a ``numeric`` expression, a ``modal`` verb (weaker
    evidence) or a ``difficulty`` judgment (a soft signal).
    """

    id: str
    holder: str | None
    holder_name: str | None
    statement: str | None
    expression: Span
    proposition: Span | None
    probability: float
    low: float
    high: float
    condition: Span | None = None
    basis: str = "phrase"


@dataclass(frozen=True)
class Event:
    """Something that happened or is said to happen, coded to PLOVER with the nearest CAMEO code."""

    id: str
    type: str
    mode: str | None
    cameo: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]
    place: str | None
    date: str | None
    status: EventStatus
    evidence: Span
    condition: Span | None = None
    statement: str | None = None
    contexts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, what it counts, and its SI value where the unit has one."""

    id: str
    value: float
    unit: str | None
    span: Span
    si_value: float | None = None
    si_unit: str | None = None
    approximate: bool = False
    counts: str | None = None


@dataclass(frozen=True)
class Reading:
    """Everything newswire read out of one document: the contract's top-level object."""

    document: Document
    boilerplate: tuple[Boilerplate, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    statements: tuple[Statement, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    events: tuple[Event, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    version: str = CONTRACT_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Return the contract JSON object (plain dicts and lists)."""
        body = {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "version"}
        return {"newswire": self.version, **body}


def _plain(value: Any) -> Any:
    """Turn records, tuples and nested values into JSON-ready dicts and lists."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def field_names(record_type: type) -> list[str]:
    """The JSON keys of a record type, in order (used by the schema test and the store)."""
    return [f.name for f in fields(record_type)]


__all__ = [
    "Actor", "Assessment", "Boilerplate", "CONTRACT_VERSION", "Document", "Event", "Place",
    "Quantity", "Reading", "Span", "Statement", "field_names",
]
