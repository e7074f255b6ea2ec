"""The quantities stage: numbers with their unit, what they count, and their SI value.

What counts as a quantity: a number (digits, number words, "two dozen", "thousands of") that
is money ("$1.2 billion"), a percentage ("20 percent"), a measure in a known unit ("560 miles",
"3 square km") or a count of people or materiel ("300,000 troops", "a dozen tanks"). A bare
number, a date, a time, an ordinal ("7th session"), an age ("36-year-old") and a number inside a
name ("S-400", "Group of 20") are not.

Spans: a quantity's span runs from the number (with its currency sign) through its unit or
counted noun ("560 miles", "$1.2 billion", "300,000 Russian troops"). A qualifier such as
"roughly" is never inside the span; it sets ``approximate``. Vague plurals ("thousands of
civilians") take the smallest amount they literally allow (2,000) and are approximate.

Units and their conversion factors, currencies, counted nouns and qualifiers are data in
``data/units.json``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newswire.draft import Draft
from newswire.records import Quantity

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12}
VAGUE_AMOUNTS = {  # the least each vague plural literally allows
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6, "billions": 2e9,
    "tens of thousands": 2e4, "hundreds of thousands": 2e5, "tens of millions": 2e7,
    "hundreds of millions": 2e8, "tens of billions": 2e10, "hundreds of billions": 2e11,
}
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CARDINAL_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                 r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
                 r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
                 r"|fifteen|sixteen|seventeen|eighteen|nineteen)")
SCALE_WORDS = r"(?:[\s-]+(?:hundred|thousand|million|billion|trillion|dozen)\b)"
VAGUE = (r"(?:(?:tens|hundreds) of (?:thousands|millions|billions)|dozens|scores|hundreds|thousands|millions|billions)"
         r"(?= of )")
NUMBER_PATTERN = re.compile(
    rf"(?<![\w\-/.,:$€£¥₴₽₹₪])(?:(?P<currency>(?:US|CA|AU|NZ|HK|C|A)\$|[$€£¥₴₽₹₪])\s?)?"
    rf"(?:(?P<vague>\b{VAGUE})|(?P<digits>{DIGITS})(?P<scale>{SCALE_WORDS}*)"
    rf"|(?P<words>\b(?:{CARDINAL_WORD}{SCALE_WORDS}*|(?:a|an|half a){SCALE_WORDS}+)\b))",
    re.IGNORECASE)
SHORT_SCALE_PATTERN = re.compile(r"\s?(bn|mn|mln|trn|tn|b|m|k)\b", re.IGNORECASE)
ATTACHED_SCALE_PATTERN = re.compile(r"(bn|mn|m|k)\b", re.IGNORECASE)
HYPHENATED_WORD = re.compile(r"-[^\W\d_]")
PERCENT_PATTERN = re.compile(r"\s?(?:%|percent\b|per cent\b|percentage points?\b)", re.IGNORECASE)
TIME_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "NORP"})
INTERVENING_POS = frozenset({"ADJ", "PROPN", "NOUN", "NUM", "ADV", "PUNCT"})
MAX_INTERVENING_WORDS = 3
YEAR_RANGE = range(1800, 2101)


@dataclass(frozen=True)
class UnitSpec:
    """A unit as written in text: its canonical name and how to reach SI."""

    unit: str
    si_unit: str | None
    factor: float | None


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns and word lists from ``data/units.json``."""

    unit_pattern: re.Pattern
    units: dict[str, UnitSpec]  # lower-case spelling -> spec
    currency_symbols: dict[str, str]
    currency_pattern: re.Pattern
    currency_words: dict[str, str]
    count_pattern: re.Pattern
    count_nouns: dict[str, str]  # lower-case -> spelling recorded in ``counts`` ("pows" -> "POWs")
    person_nouns: frozenset[str]
    approximator_pattern: re.Pattern


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first so "square miles" beats "miles"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The unit lexicon, loaded and compiled once per process."""
    data = json.loads(resources.files("newswire.data").joinpath("units.json").read_text(encoding="utf-8"))
    units = {name.lower(): UnitSpec(item["unit"], item["si_unit"], item["factor"])
             for item in data["units"] for name in item["names"]}
    nouns = [*data["person_nouns"], *data["thing_nouns"]]
    return Lexicon(
        unit_pattern=re.compile(rf"(?:\s|-)?({_alternation(units)})(?![\w²])", re.IGNORECASE),
        units=units,
        currency_symbols=data["currency_symbols"],
        currency_pattern=re.compile(rf"\s({_alternation(data['currency_words'])})\b", re.IGNORECASE),
        currency_words={k.lower(): v for k, v in data["currency_words"].items()},
        count_pattern=re.compile(rf"\b({_alternation(nouns)})\b", re.IGNORECASE),
        count_nouns={n.lower(): n for n in nouns},
        person_nouns=frozenset(n.lower() for n in data["person_nouns"]),
        approximator_pattern=re.compile(rf"(?:^|\W)({_alternation(data['approximators'])})\s+$", re.IGNORECASE),
    )


def number_value(match: re.Match) -> float | None:
    """The value of a matched number phrase ("1.2 billion", "two dozen", "thousands"), or None."""
    if match.group("vague"):
        return VAGUE_AMOUNTS[" ".join(match.group("vague").lower().split())]
    if match.group("digits"):
        parts = [match.group("digits"), *match.group("scale").lower().split()]
    else:
        parts = re.split(r"[\s-]+", match.group("words").lower())
    return _combine(parts)


def _combine(parts: list[str]) -> float | None:
    """Add up number words and multiply scales: ["two", "hundred", "thousand"] -> 200000."""
    if parts[:2] == ["half", "a"]:
        parts = ["0.5", *parts[2:]]
    value, base_seen = 0.0, False
    for part in parts:
        if part in SCALES:
            value = (value or (1 if not base_seen else 0)) * SCALES[part]
            base_seen = True
        elif part in ("a", "an"):
            value, base_seen = 1.0, False
        elif part in SMALL_NUMBERS:
            value += SMALL_NUMBERS[part]
            base_seen = True
        elif re.fullmatch(r"[\d,]+(?:\.\d+)?", part):
            value += float(part.replace(",", ""))
            base_seen = True
        else:
            return None
    return value if base_seen else None


@dataclass
class Found:
    """A quantity being assembled: where it is and what it means."""

    start: int
    end: int
    value: float
    unit: str | None = None
    counts: str | None = None
    si_value: float | None = None
    si_unit: str | None = None
    approximate: bool = False


def _si(value: float, spec: UnitSpec) -> tuple[float | None, str | None]:
    """A value converted to the unit's SI unit, rounded to a sensible precision."""
    if spec.factor is None or spec.si_unit is None:
        return None, None
    converted = value * spec.factor
    if converted == 0 or abs(converted) >= 1:
        return round(converted, 1), spec.si_unit
    return float(f"{converted:.3g}"), spec.si_unit


def _money(lex: Lexicon, match: re.Match, value: float, text: str) -> Found | None:
    """A sum after a currency sign: "$1.2 billion", "$50bn", "€300m"."""
    end = match.end()
    short = SHORT_SCALE_PATTERN.match(text, end)
    if short and not match.group("scale"):
        value *= SHORT_SCALES[short.group(1).lower()]
        end = short.end()
    return Found(match.start(), end, value, unit=lex.currency_symbols.get(match.group("currency").upper()))


def _count(draft: Draft, lex: Lexicon, start: int, end: int, value: float) -> Found | None:
    """A number counting people or materiel: "300,000 troops", "a dozen Russian tanks"."""
    window = draft.text[end:end + 80]
    noun = lex.count_pattern.search(window)
    if noun is None:
        return None
    between = window[:noun.start()]
    if len(between.split()) > MAX_INTERVENING_WORDS or not _modifiers_only(draft, end, end + noun.start()):
        return None
    counts = lex.count_nouns[noun.group(1).lower()]
    unit = "person" if counts.lower() in lex.person_nouns else None
    return Found(start, end + noun.end(), value, unit=unit, counts=counts)


def _modifiers_only(draft: Draft, start: int, end: int) -> bool:
    """True when the text between a number and its noun holds only adjectives and the like."""
    if not draft.text[start:end].strip():
        return True
    tokens = draft.doc.char_span(start, end, alignment_mode="expand")
    if tokens is None:
        return False
    return all(t.is_space or (t.pos_ in INTERVENING_POS and not t.is_punct) or t.text == "-" for t in tokens)


def _measure(draft: Draft, lex: Lexicon, match: re.Match, value: float) -> Found | None:
    """What follows a plain number: a percent sign, a unit, a currency word or a counted noun."""
    text, start, end = draft.text, match.start(), match.end()
    if match.group("vague"):
        end += len(" of")
    short = ATTACHED_SCALE_PATTERN.match(text, end)
    if short and _names_what_follows(lex, text, short.end()):  # "38m tonnes", "5m people"
        value *= SHORT_SCALES[short.group(1).lower()]
        end = short.end()
    percent = PERCENT_PATTERN.match(text, end)
    if percent and not match.group("vague"):
        unit = "percentage point" if "point" in percent.group(0).lower() else "percent"
        return Found(start, percent.end(), value, unit=unit)
    currency = lex.currency_pattern.match(text, end)
    if currency:
        return Found(start, currency.end(), value, unit=lex.currency_words[currency.group(1).lower()])
    unit = lex.unit_pattern.match(text, end)
    if unit and not match.group("vague"):
        spec = lex.units.get(unit.group(1).lower()) or lex.units.get(unit.group(1))
        if spec is not None:
            si_value, si_unit = _si(value, spec)
            return Found(start, unit.end(), value, unit=spec.unit, si_value=si_value, si_unit=si_unit)
    if text[end:end + 1].isalpha() or HYPHENATED_WORD.match(text, end):  # "7th", "1990s", "36-year-old"
        return None
    return _count(draft, lex, start, end, value)


def _names_what_follows(lex: Lexicon, text: str, end: int) -> bool:
    """True when a unit, currency word or counted noun comes right after ``end``."""
    return bool(lex.unit_pattern.match(text, end) or lex.currency_pattern.match(text, end)
                or lex.count_pattern.match(text, end + 1))


def _in_excluded_entity(draft: Draft, start: int, end: int, found: Found) -> bool:
    """True when the number sits in a date, time or ordinal, or a count's number sits in a name.

    A number with an explicit unit, currency or percent sign is kept even inside a "name":
    the small model tags numbers in all-caps text as PRODUCT or ORG.
    """
    tokens = draft.doc.char_span(start, end, alignment_mode="expand")
    if tokens is None:
        return False
    excluded = TIME_LABELS | NAME_LABELS if found.counts else TIME_LABELS
    return any(t.ent_type_ in excluded for t in tokens)


def _is_year(match: re.Match, found: Found) -> bool:
    """A bare four-digit year before a noun ("in 2014 troops entered") is not a count."""
    digits = match.group("digits")
    return (found.unit in (None, "person") and digits is not None and digits.isdigit()
            and int(digits) in YEAR_RANGE and not match.group("scale"))


def _approximate(lex: Lexicon, text: str, found: Found, match: re.Match) -> bool:
    """True when a qualifier ("roughly", "at least", "some") or a vague plural makes it inexact."""
    if match.group("vague"):
        return True
    if lex.approximator_pattern.search(text[max(0, found.start - 40):found.start]):
        return True
    return bool(re.match(r"(?:\s?or so\b|-odd\b|\+)", text[found.end:found.end + 7]))


def find_quantities(draft: Draft) -> list[Found]:
    """Every quantity in the text outside boilerplate, in text order."""
    lex, text, results = lexicon(), draft.text, []
    for match in NUMBER_PATTERN.finditer(text):
        value = number_value(match)
        if value is None:
            continue
        if match.group("currency"):
            found = _money(lex, match, value, text)
        else:
            found = _measure(draft, lex, match, value)
        if (found is None or _is_year(match, found) or draft.in_boilerplate(found.start, found.end)
                or _in_excluded_entity(draft, match.start(), match.end(), found)):
            continue
        found.approximate = _approximate(lex, text, found, match)
        results.append(found)
    return results


def _plain(value: float) -> float | int:
    """An integral value as an int (560, not 560.0), anything else unchanged."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def annotate(draft: Draft) -> None:
    """Append a :class:`Quantity` for every quantity the story states outside boilerplate."""
    try:
        for found in find_quantities(draft):
            draft.quantities.append(Quantity(
                id=draft.new_id("q"), value=_plain(found.value), unit=found.unit,
                span=draft.span(found.start, found.end), si_value=found.si_value, si_unit=found.si_unit,
                approximate=found.approximate, counts=found.counts))
    except Exception as error:  # odd input must never stop a reading: log it and keep what was found
        logging.getLogger(__name__).warning("quantities stage skipped on document %s: %s", draft.document.id, error,
                                            exc_info=True)
