"""Quotation marks, for the speech stage: pairing the marks of a text into quotations.

:func:`find_quotes` pairs quote marks into :class:`Quote` spans without any parse, so it is linear
in the text and never fails on odd input: a stray mark costs at most the one quote it belongs to,
and a text of a million marks is scanned in well under a second. It knows the marks of English
news: straight and curly double quotes, curly single quotes (British style), guillemets, straight
single quotes when they are clearly bounded, and pairs of straight apostrophes used as double
quotes. A paragraph that ends inside a quote with no closing mark, followed by a paragraph that
reopens with a mark, continues the same quote (the news convention), so one :class:`Quote` can
cover several paragraphs. Lines written in capital letters (inserted headlines) are never searched.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

OPEN, CLOSE, EITHER, NONE = "open", "close", "either", "none"

DOUBLE_MARKS = '"“”«»„'
SINGLE_MARKS = "'‘’‹›"
# Characters after which a mark opens a quote, and before which a mark closes one.
OPENING_CONTEXT = set(" \t\n\r([{—–-/:;")
CLOSING_CONTEXT = set(" \t\n\r)]}.,;:!?…—–-/")
SHOUTING_SHARE = 0.8
SHOUTING_MIN_LETTERS = 12
LINE = re.compile(r"[^\n]*")
MAX_MARK_SHARE = 0.25  # more marks than this per character: not prose
MIN_MARKS_TO_JUDGE = 200
MAX_RUN = 2  # three marks in a row are never quotation: a run is ignored whole
DOUBLED_APOSTROPHES = re.compile(r"(?<!')'{2,3}(?!')")


@dataclass(frozen=True)
class Quote:
    """One quotation: ``start``/``end`` include the outer marks, ``content_*`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    paragraphs: int = 1

    def contains(self, start: int, end: int) -> bool:
        """True when ``start``–``end`` lies inside the quoted words."""
        return self.content_start <= start and end <= self.content_end


def is_shouting(line: str) -> bool:
    """True for a line written in capital letters (an inserted headline, a banner)."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) >= SHOUTING_SHARE * len(letters)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every non-blank line of ``text``, in order."""
    return [(m.start(), m.end()) for m in LINE.finditer(text) if m.group().strip()]


def find_quotes(text: str, skip: Callable[[int, int], bool] | None = None) -> list[Quote]:
    """Every quotation in ``text``, in order, without nested or overlapping ones.

    Args:
        text: the document text.
        skip: optional test ``skip(start, end)`` for paragraphs not to search (boilerplate).
    Returns:
        Double-mark quotes plus single-mark quotes found outside them, sorted by start.
    """
    paragraphs = [(s, e) for s, e in paragraph_spans(text)
                  if not is_shouting(text[s:e]) and not (skip and skip(s, e))]
    marks = _doubled_apostrophes(text)
    doubles = list(_pair_marks(marks, paragraphs, DOUBLE_MARKS, _double_role))
    singles = list(_pair_marks(marks, paragraphs, SINGLE_MARKS, _single_role,
                               blocked=_Blocked(doubles)))
    quotes = sorted(doubles + singles, key=lambda q: q.start)
    return [q for q in quotes if _has_words(text, q)]


def _doubled_apostrophes(text: str) -> str:
    """``text`` with each pair of straight apostrophes used as a double quotation mark (a style of
    some newspapers: two apostrophes before and after the quote) written as two double marks, so
    that single quotes inside it pair on their own. In a run of three, one is a single mark beside
    the pair: after a word, an inner quote closes before the outer pair; before a word, the outer
    pair opens before the inner quote."""
    if "''" not in text:
        return text
    return DOUBLED_APOSTROPHES.sub(_as_double_marks, text)


def _as_double_marks(found: re.Match) -> str:
    """The replacement of one run of two or three apostrophes (same length)."""
    run = found.group()
    if len(run) == 2:
        return '""'
    text, start = found.string, found.start()
    closing = start > 0 and not text[start - 1].isspace()
    return "'\"\"" if closing else "\"\"'"


class _Blocked:
    """Answers 'is this position inside one of these quotes?' for positions asked in order."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.index = 0

    def __call__(self, position: int) -> bool:
        while self.index < len(self.quotes) and self.quotes[self.index].end <= position:
            self.index += 1
        return self.index < len(self.quotes) and self.quotes[self.index].start <= position


def _has_words(text: str, quote: Quote) -> bool:
    """True when the quoted stretch holds at least one letter or digit."""
    return any(c.isalnum() for c in text[quote.content_start:quote.content_end])


def _pair_marks(text: str, paragraphs: list[tuple[int, int]], marks: str,
                role: Callable[[str, int], str],
                blocked: Callable[[int], bool] | None = None) -> Iterator[Quote]:
    """Pair the marks of one family into quotes, paragraph by paragraph.

    An opening mark met while a quote is open means the earlier mark was stray: the scan restarts
    from the new one. A paragraph left open continues into the next paragraph only when that one
    begins with an opening mark; otherwise the open mark is dropped. A paragraph made mostly of
    marks (garbage, not prose) is skipped whole.
    """
    runs = re.finditer("[" + re.escape(marks) + "]+", text)
    positions = [i for m in runs if m.end() - m.start() <= MAX_RUN for i in range(m.start(), m.end())]
    pending: tuple[int, int] | None = None  # (opening mark position, paragraphs spanned)
    for number, (start, end) in enumerate(paragraphs):
        first, last = bisect_left(positions, start), bisect_left(positions, end)
        if last - first > MAX_MARK_SHARE * (end - start) and last - first > MIN_MARKS_TO_JUDGE:
            pending = None
            continue
        opened, spanned = None, 1
        if pending is not None and first < last and positions[first] == _first_visible(text, start):
            opened, spanned, first = pending[0], pending[1] + 1, first + 1
        for position in positions[first:last]:
            if blocked is not None and blocked(position):
                continue
            kind = role(text, position)
            if opened is None:
                if kind in (OPEN, EITHER):
                    opened, spanned = position, 1
            elif kind in (CLOSE, EITHER):
                yield Quote(opened, position + 1, opened + 1, position, spanned)
                opened = None
            elif kind == OPEN:
                opened, spanned = position, 1
        pending = (opened, spanned) if opened is not None and _continues(text, paragraphs, number, marks) else None


def _continues(text: str, paragraphs: list[tuple[int, int]], number: int, marks: str) -> bool:
    """True when the paragraph after ``number`` begins with a mark of the same family."""
    if number + 1 >= len(paragraphs):
        return False
    start = paragraphs[number + 1][0]
    first = _first_visible(text, start)
    return first < len(text) and text[first] in marks


def _first_visible(text: str, start: int) -> int:
    """Position of the first non-space character at or after ``start``."""
    position = start
    while position < len(text) and text[position] in " \t\r":
        position += 1
    return position


def _flanks(text: str, position: int) -> tuple[bool, bool]:
    """Whether the mark at ``position`` can open (left-flanking) and can close (right-flanking)."""
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    can_open = (before in OPENING_CONTEXT or before in DOUBLE_MARKS + SINGLE_MARKS) and not after.isspace()
    can_close = not before.isspace() and (after in CLOSING_CONTEXT or after in DOUBLE_MARKS + SINGLE_MARKS)
    return can_open, can_close


def _double_role(text: str, position: int) -> str:
    """Whether a double mark opens or closes; curly marks say so unless their context contradicts."""
    mark = text[position]
    can_open, can_close = _flanks(text, position)
    if mark in "“«„":
        return CLOSE if can_close and not can_open and mark == "“" else OPEN
    if mark in "”»":
        return OPEN if can_open and not can_close and mark == "”" else CLOSE
    if can_open and not can_close:
        return OPEN
    if can_close and not can_open:
        return CLOSE
    return EITHER


def _single_role(text: str, position: int) -> str:
    """Single marks double as apostrophes, so they count only when their context is clear."""
    mark = text[position]
    can_open, can_close = _flanks(text, position)
    after = text[position + 1] if position + 1 < len(text) else " "
    if mark in "‘‹" and not after.isspace():
        return OPEN
    if mark == "›":
        return CLOSE
    if can_open and not can_close and (after.isalnum() or after in "“\""):
        return OPEN
    if can_close and not can_open:
        return CLOSE
    return NONE
