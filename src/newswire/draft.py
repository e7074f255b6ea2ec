"""The working state of one reading: the parsed document plus the records the stages have added.

Stages receive a :class:`Draft`, read the spaCy ``Doc`` and the records so far, and append their
own. When every stage has run, :meth:`Draft.finish` freezes it into a :class:`~newswire.records.Reading`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as TokenSpan

from newswire.records import (
    Actor, Assessment, Boilerplate, Document, Event, Place, Quantity, Reading, Span, Statement,
)


@dataclass
class Draft:
    """One document being read: its spaCy parse and the records found so far."""

    document: Document
    doc: Doc
    scale: str = "survey"
    boilerplate: list[Boilerplate] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    _ids: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        """The document text that every span indexes."""
        return self.document.text

    def new_id(self, prefix: str) -> str:
        """Return the next unused id with ``prefix`` (``a1``, ``a2`` …)."""
        self._ids[prefix] += 1
        return f"{prefix}{self._ids[prefix]}"

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` of the document text from ``start`` to ``end``."""
        return Span(start, end, self.text[start:end])

    def token_span(self, tokens: TokenSpan) -> Span:
        """A :class:`Span` covering a spaCy span (or token range)."""
        return self.span(tokens.start_char, tokens.end_char)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when any part of ``start``–``end`` lies in a boilerplate span."""
        return any(b.start < end and start < b.end for b in self.boilerplate)

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with ``actor_id``, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor one of whose mentions overlaps ``start``–``end`` most, or None."""
        best, best_overlap = None, 0
        for actor in self.actors:
            for mention in actor.mentions:
                overlap = min(end, mention.end) - max(start, mention.start)
                if overlap > best_overlap:
                    best, best_overlap = actor, overlap
        return best

    def place_at(self, start: int, end: int) -> Place | None:
        """The place one of whose mentions overlaps ``start``–``end``, or None."""
        for place in self.places:
            if any(m.start < end and start < m.end for m in place.mentions):
                return place
        return None

    def add_mention(self, actor_id: str, mention: Span) -> None:
        """Record another mention (a pronoun, a title) of an existing actor."""
        for index, actor in enumerate(self.actors):
            if actor.id == actor_id and mention not in actor.mentions:
                mentions = tuple(sorted((*actor.mentions, mention), key=lambda m: m.start))
                self.actors[index] = dataclasses.replace(actor, mentions=mentions)

    def replace_actor(self, updated: Actor) -> None:
        """Swap in a changed copy of an actor (same id)."""
        self.actors = [updated if a.id == updated.id else a for a in self.actors]

    def finish(self) -> Reading:
        """Freeze the draft into the contract's :class:`Reading`."""
        return Reading(
            document=self.document,
            boilerplate=tuple(self.boilerplate),
            actors=tuple(self.actors),
            places=tuple(self.places),
            statements=tuple(self.statements),
            assessments=tuple(self.assessments),
            events=tuple(self.events),
            quantities=tuple(self.quantities),
        )
