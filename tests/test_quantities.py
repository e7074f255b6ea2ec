"""The quantities stage: numbers with units, money, percentages and counts; not dates or names."""

from __future__ import annotations

import pytest

from newswire.draft import Draft
from newswire.inputs import make_document
from newswire.records import Boilerplate
from newswire.stages import quantities


def quantity(reader, text: str, span_text: str):
    """The quantity whose span text is ``span_text`` (failing the test when there is none)."""
    reading = reader.read_text(text)
    found = next((q for q in reading.quantities if q.span.text == span_text), None)
    assert found is not None, f"{span_text!r} not found; got {[q.span.text for q in reading.quantities]}"
    assert text[found.span.start:found.span.end] == span_text
    return found


@pytest.mark.parametrize("text, span, value, unit, si_value, si_unit, approximate", [
    ("It holds roughly 20 percent of the country.", "20 percent", 20, "percent", None, None, True),
    ("Inflation reached 12% in March.", "12%", 12, "percent", None, None, False),
    ("The currency fell 5 per cent.", "5 per cent", 5, "percent", None, None, False),
    ("The front runs roughly 560 miles from north to south.", "560 miles", 560, "mile", 901.2, "km", True),
    ("The zone is 50 miles wide.", "50 miles", 50, "mile", 80.5, "km", False),
    ("The column stretched nearly 40 km.", "40 km", 40, "km", 40.0, "km", True),
    ("The crater was 30 feet deep.", "30 feet", 30, "foot", 9.1, "m", False),
    ("The lake covers 300 square miles.", "300 square miles", 300, "square mile", 777.0, "km2", False),
    ("Debris flew 2 nautical miles.", "2 nautical miles", 2, "nautical mile", 3.7, "km", False),
    ("Congress approved $1.2 billion in aid.", "$1.2 billion", 1.2e9, "USD", None, None, False),
    ("Another $400m went to air defence.", "$400m", 4e8, "USD", None, None, False),
    ("Brussels offered €2bn more.", "€2bn", 2e9, "EUR", None, None, False),
    ("They asked for 5 billion dollars.", "5 billion dollars", 5e9, "USD", None, None, False),
    ("It lost hundreds of millions of dollars.", "hundreds of millions of dollars", 2e8, "USD", None, None, True),
    ("Canada pledged C$500m more.", "C$500m", 5e8, "CAD", None, None, False),
    ("It exported about 38m tonnes of grain.", "38m tonnes", 3.8e7, "tonne", 3.8e10, "kg", True),
    ("The crater was 10m wide.", "10m", 10, "metre", 10.0, "m", False),
    ("ROUGHLY 560 MILES OF FRONT", "560 MILES", 560, "mile", 901.2, "km", True),
    ("It ships up to 2.5 million barrels a day.", "2.5 million barrels", 2.5e6, "barrel", 397468.2, "m3", True),
])
def test_measures_and_money(reader, text, span, value, unit, si_value, si_unit, approximate):
    found = quantity(reader, text, span)
    assert found.value == pytest.approx(value)
    assert (found.unit, found.si_unit, found.approximate) == (unit, si_unit, approximate)
    assert found.si_value == (pytest.approx(si_value) if si_value is not None else None)


@pytest.mark.parametrize("text, span, value, unit, counts, approximate", [
    ("Russia has pulled more than 300,000 troops into its ranks.", "300,000 troops", 300000, "person", "troops", True),
    ("About 1,500 Russian tanks were lost.", "1,500 Russian tanks", 1500, None, "tanks", True),
    ("Two dozen soldiers were captured.", "Two dozen soldiers", 24, "person", "soldiers", False),
    ("Thousands of civilians fled the city.", "Thousands of civilians", 2000, "person", "civilians", True),
    ("Tens of thousands of refugees crossed.", "Tens of thousands of refugees", 20000, "person", "refugees", True),
    ("He said three tanks were destroyed.", "three tanks", 3, None, "tanks", False),
    ("Some 5.5 million people lost power.", "5.5 million people", 5.5e6, "person", "people", True),
    ("At least 12 drones were shot down.", "12 drones", 12, None, "drones", True),
    ("Half a million people fled.", "Half a million people", 5e5, "person", "people", False),
    ("Twenty-five soldiers surrendered.", "Twenty-five soldiers", 25, "person", "soldiers", False),
    ("It has a dozen Patriot batteries.", "a dozen Patriot batteries", 12, None, "batteries", False),
])
def test_counts(reader, text, span, value, unit, counts, approximate):
    found = quantity(reader, text, span)
    assert found.value == pytest.approx(value)
    assert (found.unit, found.counts, found.approximate) == (unit, counts, approximate)


@pytest.mark.parametrize("text", [
    "Milley spoke after the 7th session of the group.",
    "The talks resumed in 2022.",
    "In 2014 troops entered the peninsula.",
    "The S-400 missiles and F-16 jets arrived.",
    "A 36-year-old soldier was killed on March 3 at 3:30.",
    "One of the officials said the chances were close to zero.",
    "The Group of 20 summit opened on Friday.",
    "Production rose in the 1990s.",
    "He said 12 were killed.",
    "Two 12-year-old children were hurt.",
    "It was a 3-day ceasefire.",
])
def test_not_quantities(reader, text):
    assert reader.read_text(text).quantities == ()


def test_nothing_from_boilerplate(reader):
    text = ("Troops advanced 20 miles.\n"
            "REPORT SAYS 40,000 TROOPS MASSED NEAR 3 TOWNS\n"
            "The advance stopped.")
    headline_start = text.index("REPORT")
    headline_end = text.index("\n", headline_start)
    draft = Draft(document=make_document(text, where="<test>"), doc=reader.nlp(text))
    draft.boilerplate.append(Boilerplate(headline_start, headline_end, "related-headline"))
    quantities.annotate(draft)
    assert [q.span.text for q in draft.quantities] == ["20 miles"]


def test_ids_and_order(reader):
    reading = reader.read_text("It moved 10 km, then 20 km, then 30 km.")
    assert [q.id for q in reading.quantities] == ["q1", "q2", "q3"]
    assert [q.value for q in reading.quantities] == [10, 20, 30]


@pytest.mark.parametrize("text", ["", "\"" * 1000, "5 " * 2000, "ROUGHLY 20 PERCENT OF 560 MILES"])
def test_odd_input_never_raises(reader, text):
    reading = reader.read_text(text)
    assert all(text[q.span.start:q.span.end] == q.span.text for q in reading.quantities)
