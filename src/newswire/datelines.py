"""The wire-story dateline ("KYIV, Nov 3 (Reuters) -"): where and when a story was filed, not its text.

Shared by the stages that must step over it: the actors stage (its city and agency are not actors)
and the speech stage (a reported clause that opens the story starts after it).
"""

from __future__ import annotations

import re

# An all-caps city (and optional region), a date and/or an agency in brackets, a dash.
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’ -]{0,40}[A-Z.](?:,[ \t]*[A-Z][A-Za-z.]{0,20}(?: [A-Z][A-Za-z.]{0,20}){0,3})?"
    r"(?P<date>,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?P<agency>\([^()\n]{1,40}\))?\s*[-–—]",
    re.MULTILINE)


def after_dateline(text: str, start: int) -> int:
    """``start``, or where the text goes on after a dateline that begins at ``start`` (a line's start)."""
    if start > 0 and text[start - 1] != "\n":
        return start
    found = DATELINE.match(text, start)
    if found is None:
        return start
    end = found.end()
    while end < len(text) and text[end] in " \t":
        end += 1
    return end
