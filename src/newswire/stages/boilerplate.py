"""The boilerplate stage: mark lines that are not the story so that no later stage reads them.

It runs first. Each line of the text is judged on its own: an inserted related headline (a whole
line in capital letters), a "READ MORE:" or "RELATED:" link, an advertisement marker, a newsletter
or follow-us prompt, a video or photo caption, a copyright notice. A marked line becomes one
:class:`~newswire.records.Boilerplate` record covering the line without its line break or its
surrounding blanks. The line patterns live in ``data/boilerplate_patterns.json``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newswire.draft import Draft
from newswire.records import Boilerplate

MIN_HEADLINE_WORDS = 4
MIN_LONG_CAPITAL_WORDS = 3
HEADLINE_CAPITAL_SHARE = 0.8
MAX_LOWERCASE_WORDS = 1
ALL_CAPS_DOCUMENT_SHARE = 0.5
WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


@dataclass(frozen=True)
class Line:
    """One line of the text, without its line break and surrounding blanks."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class LineRule:
    """A compiled line pattern and the reason it gives."""

    reason: str
    pattern: re.Pattern
    max_chars: int


@lru_cache(maxsize=1)
def line_rules() -> tuple[LineRule, ...]:
    """The line patterns from ``data/boilerplate_patterns.json``, compiled once."""
    raw = json.loads(resources.files("newswire").joinpath("data", "boilerplate_patterns.json").read_text("utf-8"))
    return tuple(LineRule(rule["reason"], re.compile(rule["pattern"]), int(rule.get("max_chars", 400)))
                 for rule in raw["rules"])


def lines_of(text: str) -> Iterator[Line]:
    """Yield every non-blank line of ``text`` with its offsets (blanks at either end left out)."""
    position = 0
    for raw_line in text.splitlines(keepends=True):
        body = raw_line.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        stripped = body.strip()
        if stripped:
            start = position + (len(body) - len(body.lstrip()))
            yield Line(start, start + len(stripped), stripped)
        position += len(raw_line)


def is_capital_word(word: str) -> bool:
    """True when every letter of ``word`` is a capital."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_capitals_line(text: str) -> bool:
    """True for a line written in capitals, such as an inserted headline.

    Most words must be in capitals and at least three of them must be four letters or longer,
    so a line dense with acronyms ("NATO, the EU and the UN met in the UAE") does not count, and
    at most one word may have small letters, so a story line quoting a shouted message
    (He wrote: "WE WILL NOT …") does not count either.
    """
    words = WORD.findall(text)
    if len(words) < MIN_HEADLINE_WORDS:
        return False
    capitals = [w for w in words if is_capital_word(w)]
    long_capitals = [w for w in capitals if sum(c.isalpha() for c in w) >= 4]
    written_words = [w for w in words if len(w) >= 2 and any(c.islower() for c in w)]
    return (len(capitals) >= HEADLINE_CAPITAL_SHARE * len(words)
            and len(long_capitals) >= MIN_LONG_CAPITAL_WORDS
            and len(written_words) <= MAX_LOWERCASE_WORDS)


def pattern_reason(line: Line) -> str | None:
    """The reason of the first line pattern that matches ``line``, or None."""
    for rule in line_rules():
        if len(line.text) <= rule.max_chars and rule.pattern.search(line.text):
            return rule.reason
    return None


def find_boilerplate(text: str) -> Iterator[Boilerplate]:
    """Yield a record for every line of ``text`` that is not part of the story.

    A capitals line counts as an inserted headline unless it is the first line (the story's own
    headline) or most of the text is in capitals (then capitals say nothing about a line).
    """
    lines = list(lines_of(text))
    capital_lines = {index for index, line in enumerate(lines) if is_capitals_line(line.text)}
    capital_chars = sum(len(lines[i].text) for i in capital_lines)
    all_caps_text = capital_chars > ALL_CAPS_DOCUMENT_SHARE * max(1, sum(len(l.text) for l in lines))
    for index, line in enumerate(lines):
        reason = pattern_reason(line)
        if reason is None and index in capital_lines and index > 0 and not all_caps_text:
            reason = "related-headline"
        if reason is not None:
            yield Boilerplate(line.start, line.end, reason, line.text)


def annotate(draft: Draft) -> None:
    """Append a :class:`Boilerplate` record for every line of the draft that is not the story."""
    try:
        draft.boilerplate.extend(find_boilerplate(draft.text))
    except (re.error, ValueError, OSError) as error:  # a broken pattern file must not stop a reading
        logging.getLogger(__name__).warning("boilerplate stage skipped: %s", error)
