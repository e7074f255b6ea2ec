"""A cheap check that a text is English, so other languages get an empty reading, not noise.

It compares how many words are common English function words with how many are common function
words of other languages written in Latin script, and how much of the text is in other scripts.
Short, name-heavy English ("Taiwan's Vice Foreign Minister visited Russia today.") stays English.
"""

from __future__ import annotations

import re

ENGLISH_WORDS = frozenset(
    "the of and to a in is was that for on it with as by he she they at from his her their "
    "said says be are were has have had not but this which will would an or its who been".split())
OTHER_LATIN_WORDS = frozenset(
    # German, French, Spanish, Italian, Portuguese, Dutch, Polish, Turkish function words
    "der die das und ist nicht ein eine mit den dem des auf für sich von zu sagte "
    "le la les et est une des du pour dans que qui pas sur avec il elle "
    "el los las y es una por con para del se lo como pero sus "
    "il di che è non per una con sono della gli "
    "o os as e não um uma com para pelo pela "
    "het een en van zijn niet dat voor met op "
    "i w z na się nie że jest do "
    "ve bir bu ile için da de çok".split()) - ENGLISH_WORDS
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
MIN_WORDS = 6
MIN_OTHER_SHARE = 0.12
MAX_OTHER_SCRIPT_SHARE = 0.5


def detect_language(text: str) -> str:
    """Return ``"en"`` when the text reads as English, else ``"und"`` (undetermined)."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if letters and 1 - sum(bool(LATIN_LETTER.match(c)) for c in letters) / len(letters) > MAX_OTHER_SCRIPT_SHARE:
        return "und"
    words = [w.lower() for w in WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return "en"
    english = sum(w in ENGLISH_WORDS for w in words)
    other = sum(w in OTHER_LATIN_WORDS for w in words)
    return "und" if other > english and other / len(words) >= MIN_OTHER_SHARE else "en"
