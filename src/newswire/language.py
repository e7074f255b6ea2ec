"""A cheap check that a text is English, so other languages get an empty reading, not noise."""

from __future__ import annotations

import re

ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is was that for on it with as by he she they at from his her their "
    "said says be are were has have had not but this which will would an or its who been".split())
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 8
MIN_SHARE = 0.12


def detect_language(text: str) -> str:
    """Return ``"en"`` when the text reads as English, else ``"und"`` (undetermined).

    Very short texts are given the benefit of the doubt.
    """
    words = [w.lower() for w in WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return "en"
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    return "en" if share >= MIN_SHARE else "und"
