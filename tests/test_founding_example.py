"""The founding example (a real wire story in ../shared) is read completely and correctly.

Only short locating phrases are written here; the story itself stays in the shared data folder.
"""

from __future__ import annotations

import pytest

from newswire.contract import validate_reading

MILLEY = "Mark Milley"
MILLEY_DIRECT_QUOTES = [
    "You want to negotiate", "The probability of Russia achieving", "Now Ukraine has had",
    "But Kherson and Kharkiv", "So in terms of probability", "President Biden and President",
    "If there's a slowdown", "It's not a small piece", "Kicking the Russians physically",
]


@pytest.fixture(scope="module")
def reading(reader, founding_text):
    return reader.read_text(founding_text, published="2022-11-16")


def covering(records, text, phrase, attribute):
    start = text.index(phrase)
    return [r for r in records if getattr(r, attribute).start <= start < getattr(r, attribute).end]


def test_json_obeys_contract(reading):
    assert validate_reading(reading.to_dict()) == []


@pytest.mark.parametrize("opening", MILLEY_DIRECT_QUOTES)
def test_each_milley_quote_is_direct_and_his(reading, opening):
    found = covering(reading.statements, reading.document.text, opening, "content")
    direct = [s for s in found if s.kind == "direct"]
    assert direct, f"no direct statement covers {opening!r}"
    assert all(s.speaker_name == MILLEY for s in direct)


def test_quote_across_paragraph_break_is_one_statement_per_paragraph(reading):
    text = reading.document.text
    [first] = [s for s in covering(reading.statements, text, "relatively small", "content") if s.kind == "direct"]
    [second] = [s for s in covering(reading.statements, text, "militarily", "content") if s.kind == "direct"]
    assert "\n" not in first.content.text and "\n" not in second.content.text
    assert second.parent == first.id and second.speaker == first.speaker
    assert not second.content.text.startswith(('"', "“"))


def test_statement_counts(reading):
    kinds = [s.kind for s in reading.statements if s.kind != "stance"]
    assert len(kinds) == 17 and kinds.count("direct") == 9


def test_zelenskyy_refusal_is_conditional(reading):
    text = reading.document.text
    rejects = [e for e in reading.events if e.type == "REJECT" and e.evidence.start > text.index("Zelenskyy has said")]
    assert rejects, "no REJECT event for the refusal of talks"
    refusal = rejects[0]
    assert refusal.status == "conditional"
    assert refusal.condition is not None and "withdraw" in refusal.condition.text
    assert any("Zelensk" in reading_actor.name for reading_actor in reading.actors if reading_actor.id in refusal.source)


@pytest.mark.parametrize("phrase, low_bound, high_bound", [
    ("close to zero", 0.0, 0.05), ("not high", 0.0, 0.35), ("unlikely", 0.05, 0.45), ("may become", 0.3, 0.6),
])
def test_judgments_have_probabilities_inside_public_bands(reading, phrase, low_bound, high_bound):
    found = covering(reading.assessments, reading.document.text, phrase, "expression")
    assert found, f"no judgment for {phrase!r}"
    assert low_bound <= found[0].probability <= high_bound


def test_window_judgment_carries_its_condition(reading):
    [window] = covering(reading.assessments, reading.document.text, "may become", "expression")
    assert window.condition is not None and "slowdown" in window.condition.text
    assert "possibly, it may not" in window.expression.text


@pytest.mark.parametrize("name", ["Kyiv", "Kherson", "Kharkiv", "Crimea"])
def test_places_in_ukraine(reading, name):
    place = next((p for p in reading.places if any(m.text == name for m in p.mentions)), None)
    assert place is not None, f"{name} not placed"
    assert place.country == "UKR" and place.lat is not None


@pytest.mark.parametrize("value", [560, 50])
def test_distances_in_miles(reading, value):
    assert any(q.value == value and q.unit == "mile" for q in reading.quantities)


def test_related_headline_is_boilerplate_not_a_quote(reading):
    text = reading.document.text
    start = text.index("POLISH PRESIDENT")
    pieces = [b for b in reading.boilerplate if b.start <= start < b.end]
    assert pieces and pieces[0].reason == "related-headline"
    assert not any(s.content.start <= start < s.content.end for s in reading.statements)
