"""Dates of events: find the date expression that governs an event and resolve it to a calendar day.

Conventions (so that a reader can replicate the numbers):

* A relative expression ("yesterday", "on Tuesday", "last week", "two days ago") is resolved
  against the document's publication date; without one it stays None.
* A period resolves to its first day: a week to its Monday (ISO weeks), a month to its 1st,
  a year to 1 January. So "last week" in a story published Wednesday 2022-11-16 is 2022-11-07.
* A bare weekday means the latest such day on or before publication ("on Tuesday"), or the
  next one on or after it when the event is in the future tense; "last Tuesday" is strictly before.
* An explicit date with a year ("9 November 2022", "2022-11-09") needs no publication date. Without
  a year, it takes the publication year, or the year before when that would put it over a month
  after publication (a past event).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span as TokenSpan, Token

MONTHS = {name: index for index, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
WEEKDAYS = {name: index for index, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}
SAME_DAY = {"today", "this morning", "this afternoon", "this evening", "tonight", "earlier today",
            "later today", "this week's", "now"}
DAY_BEFORE = {"yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening",
              "overnight"}
LATEST_PAST_SPAN_DAYS = 31
DATE_PREPOSITIONS = {"on", "in", "at", "during", "since", "by", "from", "until", "before", "after", "over"}
DATE_DEPS = {"npadvmod", "tmod", "advmod", "obl", "nmod", "pobj", "dobj"}

MONTH_NAME = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
              r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DAY_RANGE = r"(?:\s*[-–]\s*\d{1,2})?"
MONTH_DAY = re.compile(MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b" + DAY_RANGE + r"(?:,?\s+(\d{4}))?")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?" + DAY_RANGE + r"\s+(?:of\s+)?" + MONTH_NAME
                       + r"(?:,?\s+(\d{4}))?")
MONTH_YEAR = re.compile(r"^(?:early\s+|mid-?\s*|late\s+)?" + MONTH_NAME + r"(?:\s+(\d{4}))?$")
YEAR_ONLY = re.compile(r"^(?:early\s+|mid-?\s*|late\s+)?((?:19|20)\d{2})$")
AGO = re.compile(r"^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago$")
RELATIVE_PERIOD = re.compile(
    r"^(?:earlier\s+|later\s+)?(last|past|previous|this|next|coming)\s+(week|month|year|weekend)$")
WEEKDAY = re.compile(r"^(?:(last|this|next|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                     r"(?:\s+(?:morning|afternoon|evening|night))?$")
FILLER = re.compile(r"^(?:the|on|in|at|during|since|by|as of|until|early|earlier|late)\s+")


def parse_published(published: str | None) -> date | None:
    """The publication day from ``YYYY-MM-DD`` (or a longer ISO string), or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def resolve_date(expression: str, published: str | None, *, future: bool = False) -> str | None:
    """Resolve a date expression to ``YYYY-MM-DD`` by the conventions of this module, or None."""
    anchor = parse_published(published)
    text = " ".join(expression.lower().replace("’", "'").split()).strip(" ,.")
    while FILLER.match(text):
        text = FILLER.sub("", text, count=1)
    explicit = _explicit_date(text, anchor)
    if explicit is not None:
        return explicit.isoformat()
    if anchor is None:
        return None
    day = _relative_date(text, anchor, future=future)
    return day.isoformat() if day else None


def _explicit_date(text: str, anchor: date | None) -> date | None:
    """A date written out with a month (and maybe a year), or None."""
    if match := ISO_DATE.search(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    month = day = year = None
    if match := MONTH_DAY.search(text):
        month, day, year = MONTHS[match[1].rstrip(".")[:3]], int(match[2]), match[3]
    elif match := DAY_MONTH.search(text):
        month, day, year = MONTHS[match[2].rstrip(".")[:3]], int(match[1]), match[3]
    elif match := MONTH_YEAR.match(text):
        month, day, year = MONTHS[match[1].rstrip(".")[:3]], 1, match[2]
    elif match := YEAR_ONLY.match(text):
        return _safe_date(int(match[1]), 1, 1)
    if month is None:
        return None
    if year:
        return _safe_date(int(year), month, day)
    if anchor is None:
        return None
    guess = _safe_date(anchor.year, month, day)
    if guess and (guess - anchor).days > LATEST_PAST_SPAN_DAYS:
        guess = _safe_date(anchor.year - 1, month, day)
    return guess


def _relative_date(text: str, anchor: date, *, future: bool) -> date | None:
    """A date given relative to the publication day, or None."""
    if text in SAME_DAY:
        return anchor
    if text in DAY_BEFORE:
        return anchor - timedelta(days=1)
    if text == "tomorrow":
        return anchor + timedelta(days=1)
    if text == "the day before yesterday" or text == "day before yesterday":
        return anchor - timedelta(days=2)
    if match := AGO.match(text):
        count = int(match[1]) if match[1].isdigit() else NUMBER_WORDS[match[1]]
        return _shift(anchor, match[2], -count)
    if match := RELATIVE_PERIOD.match(text):
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[match[1]]
        return _period_start(anchor, match[2], step)
    if match := WEEKDAY.match(text):
        return _weekday(anchor, WEEKDAYS[match[2]], match[1], future=future)
    return None


def _shift(anchor: date, unit: str, count: int) -> date | None:
    """``anchor`` moved by ``count`` days, weeks, months or years."""
    if unit == "day":
        return anchor + timedelta(days=count)
    if unit == "week":
        return anchor + timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    for day in (anchor.day, 30, 29, 28):
        if result := _safe_date(year, month + 1, day):
            return result
    return None


def _period_start(anchor: date, unit: str, step: int) -> date | None:
    """The first day of the week, weekend, month or year ``step`` periods from ``anchor``'s."""
    if unit == "week":
        return anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    if unit == "weekend":
        return anchor - timedelta(days=anchor.weekday()) + timedelta(days=5, weeks=step)
    if unit == "month":
        first = anchor.replace(day=1)
        return _shift(first, "month", step)
    return _safe_date(anchor.year + step, 1, 1)


def _weekday(anchor: date, weekday: int, qualifier: str | None, *, future: bool) -> date:
    """The day with ``weekday`` nearest ``anchor`` in the direction the wording implies."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if qualifier in ("last", "past"):
        return anchor - timedelta(days=back or 7)
    if qualifier == "next":
        return anchor + timedelta(days=ahead or 7)
    if future:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def _safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when there is no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def entity_index(doc: Doc) -> dict[int, TokenSpan]:
    """Map every token index inside a DATE entity to that entity (built once per document)."""
    return {token.i: ent for ent in doc.ents if ent.label_ == "DATE" for token in ent}


def governing_date(chain: list[Token], dates: dict[int, TokenSpan]) -> TokenSpan | None:
    """The nearest DATE entity attached to a token of ``chain`` (trigger first, then its heads)."""
    for token in chain:
        for child in token.children:
            if child.i in dates and child.dep_ in DATE_DEPS:
                return dates[child.i]
            if child.dep_ == "prep" and child.lower_ in DATE_PREPOSITIONS:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and grandchild.i in dates:
                        return dates[grandchild.i]
    return None


def event_date(chain: list[Token], dates: dict[int, TokenSpan], published: str | None, *,
               future: bool = False) -> str | None:
    """Resolve the date that governs an event whose trigger and heads are ``chain``."""
    expression = governing_date(chain, dates)
    if expression is None:
        return None
    return resolve_date(expression.text, published, future=future)
