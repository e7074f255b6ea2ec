"""Calibration for the estimates stage: what number a phrase of estimative probability stands for.

The numbers live in ``data/probability_phrases.json``, each entry naming its source (the three
public surveys, the ICD 203 and Kent scales, or a composition of named parts). This module loads
that table once, composes modified phrases ("not high", "very unlikely", "fairly likely"), reads
numbers ("a 70% chance", "one in three") and maps a result onto the scale the reader asked for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

SCALES = ("survey", "icd203", "kent")
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "thousand": 1000,
    "million": 1000000,
}
APPROXIMATE = 0.05
PERCENT = re.compile(
    r"^(?P<bound>less than|fewer than|under|below|at most|more than|over|above|at least|greater than)?\s*"
    r"(?P<approx>about|around|roughly|approximately|nearly|almost|some|close to)?\s*"
    r"(?P<a>\d{1,3}(?:\.\d+)?)\s*(?:(?:%|percent|per cent)\s*)?(?:(?:-|–|to)\s*(?P<b>\d{1,3}(?:\.\d+)?))?"
    r"\s*(?:%|percent|per cent)$"
)
RATIO = re.compile(
    r"^(?P<approx>about|around|roughly|nearly|almost)?\s*(?P<a>\w+)[\s-]+(?:in|out[\s-]+of)[\s-]+(?P<b>\w+)$"
)


@dataclass(frozen=True)
class Estimate:
    """A calibrated reading: point ``p`` inside ``low``–``high``, what it rests on, and its table key.

    ``key`` names the table entry the reading started from (None for a plain number); ``composed``
    is True once a modifier moved it away from that entry's values.
    """

    p: float
    low: float
    high: float
    basis: str = "phrase"
    key: str | None = None
    composed: bool = False


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The calibration table (``data/probability_phrases.json``), with aliases resolved."""
    raw = json.loads(resources.files("newswire").joinpath("data/probability_phrases.json").read_text("utf-8"))
    phrases = raw["phrases"]
    for entry in phrases.values():
        target = entry
        for _ in range(5):
            if "alias_of" not in target:
                break
            target = phrases[target["alias_of"]]
        for field in ("p", "low", "high"):
            entry.setdefault(field, target[field])
    return raw


def cues() -> dict[str, Any]:
    """The cue word lists that sit beside the calibration table."""
    return table()["cues"]


@lru_cache(maxsize=1)
def cue_sets() -> dict[str, frozenset[str]]:
    """Each cue word list (and the negators) as a frozenset, for fast membership tests."""
    sets = {name: frozenset(words) for name, words in cues().items() if isinstance(words, list)}
    sets["negators"] = frozenset(table()["modifiers"]["negators"])
    return sets


def phrases() -> dict[str, dict[str, Any]]:
    """Every calibrated phrase, keyed by its lower-case text."""
    return table()["phrases"]


def phrase_estimate(key: str, basis: str = "phrase") -> Estimate | None:
    """The table's reading of ``key`` (lower case, single spaces), or None when it has none."""
    entry = phrases().get(key)
    if entry is None:
        return None
    return Estimate(entry["p"], entry["low"], entry["high"], basis=basis, key=key)


def intensify(estimate: Estimate, word: str) -> Estimate | None:
    """Push a reading toward its nearer end ("very", "highly") or toward even ("fairly").

    Returns None when ``word`` is no modifier this table knows.
    """
    modifiers = table()["modifiers"]
    if word in modifiers["toward_certainty"]:
        keep = modifiers["toward_certainty"][word]
        end = 1.0 if estimate.p > 0.5 else 0.0
        move = lambda x: end - (end - x) * keep  # noqa: E731 - a one-line rule
    elif word in modifiers["toward_even"]:
        keep = modifiers["toward_even"][word]
        move = lambda x: 0.5 + (x - 0.5) * keep  # noqa: E731
    else:
        return None
    if estimate.p == 0.5:
        return estimate
    low, high = sorted((move(estimate.low), move(estimate.high)))
    return _clean(replace(estimate, p=move(estimate.p), low=low, high=high, composed=True))


def negate_judgment(estimate: Estimate) -> Estimate:
    """Read "not X" where X is a judgment ("not likely", "not high", "not impossible").

    A term above even becomes its mirror image around 0.5 (fitted to the surveys' "probably" →
    "probably not"); the ends and the low terms follow the table's composed exceptions.
    """
    rules = table()["modifiers"]["negation"]
    if estimate.p <= 0.1:
        rule = rules["of_extreme_low"]
    elif estimate.p >= 0.9:
        rule = rules["of_extreme_high"]
    elif estimate.p < 0.45:
        rule = rules["of_low"]
    else:
        return flip(estimate)
    return replace(estimate, p=rule["p"], low=rule["low"], high=rule["high"], composed=True)


def flip(estimate: Estimate) -> Estimate:
    """The reading of the opposite event: "will not happen" from "will happen"."""
    return _clean(replace(estimate, p=1 - estimate.p, low=1 - estimate.high, high=1 - estimate.low, composed=True))


def numeric_estimate(words: str) -> Estimate | None:
    """Read a stated chance: "70%", "about 70 percent", "60-70%", "less than 10%", "one in three"."""
    text = " ".join(words.lower().replace("per cent", "percent").split())
    match = PERCENT.match(text)
    if match:
        first = float(match["a"]) / 100
        second = float(match["b"]) / 100 if match["b"] else None
        return _bounded(first, second, match["bound"], bool(match["approx"]))
    match = RATIO.match(text)
    if match:
        top, bottom = _number(match["a"]), _number(match["b"])
        if top is not None and bottom and 0 < top <= bottom:
            return _bounded(top / bottom, None, None, bool(match["approx"]))
    return None


def _bounded(first: float, second: float | None, bound: str | None, approximate: bool) -> Estimate | None:
    """Turn a number (or range) with its bound words into an estimate; None when out of [0, 1]."""
    if not 0 <= first <= 1 or (second is not None and not first <= second <= 1):
        return None
    if second is not None:
        return Estimate((first + second) / 2, first, second, basis="numeric")
    if bound in ("less than", "fewer than", "under", "below", "at most"):
        return Estimate(first / 2, 0.0, first, basis="numeric")
    if bound:
        top = first + (1 - first) / 2
        return Estimate((first + top) / 2, first, top, basis="numeric")
    margin = APPROXIMATE if approximate else 0.0
    return _clean(Estimate(first, first - margin, first + margin, basis="numeric"))


def _number(word: str) -> float | None:
    """A count written in digits or as a small English number word."""
    if word.isdigit():
        return float(word)
    return WORD_NUMBERS.get(word)


def _clean(estimate: Estimate) -> Estimate:
    """Clip to [0, 1], keep low <= p <= high, and round to four places."""
    p = min(1.0, max(0.0, estimate.p))
    low = min(p, max(0.0, estimate.low))
    high = max(p, min(1.0, estimate.high))
    return replace(estimate, p=round(p, 4), low=round(low, 4), high=round(high, 4))


def on_scale(estimate: Estimate, scale: str) -> Estimate:
    """Express a reading on ``scale``: the surveys as they are, or an ICD 203 / Kent band.

    On "icd203" and "kent" the point becomes the band's midpoint (Kent: its published point) and
    the range the band's edges. A phrase the scale names keeps its named band unless a modifier
    moved it; anything else goes to the band holding its point. Stated numbers stay as stated.
    """
    if scale not in ("icd203", "kent") or estimate.basis == "numeric":
        return _clean(estimate)
    bands = table()["scales"][scale]["bands"]
    entry = phrases().get(estimate.key or "")
    name = entry.get(scale) if entry and not estimate.composed else None
    if name not in bands:
        name = _band_of(estimate.p, bands)
    band = bands[name]
    point = band.get("point", (band["low"] + band["high"]) / 2)
    return _clean(replace(estimate, p=point, low=band["low"], high=band["high"]))


def _band_of(p: float, bands: dict[str, dict[str, float]]) -> str:
    """The band holding ``p``, or the nearest one (Kent's bands leave gaps)."""

    def distance(name: str) -> tuple[float, float]:
        band = bands[name]
        middle = band.get("point", (band["low"] + band["high"]) / 2)
        return round(max(band["low"] - p, 0.0, p - band["high"]), 6), abs(p - middle)

    return min(bands, key=distance)
