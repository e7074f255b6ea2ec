"""PLOVER contexts on events: the words of the event's sentence decide them, none when it names none."""

from __future__ import annotations

import pytest

from newswire.contract import record_schema, validate_reading
from newswire.stages.events_contexts import MAX_CONTEXTS, context_lexicon, context_names, sentence_support

PUBLISHED = "2023-03-01"


def event_contexts(reader, text: str) -> list[tuple[str, ...]]:
    """The contexts of every event read from ``text``."""
    return [event.contexts for event in reader.read_text(text, published=PUBLISHED).events]


@pytest.mark.parametrize("text, expected", [
    ("Russian troops shelled the border town on Monday.", {"military"}),
    ("France and Germany signed a trade deal on Tuesday.", {"economic"}),
    ("Germany and Brazil signed a trade agreement to cut tariffs.", {"economic", "diplomatic"}),
    ("Iran agreed to talks with the IAEA about uranium enrichment.", {"cbrn", "diplomatic"}),
    ("Poland accused Belarus of pushing migrants across the border.", {"migration"}),
    ("Hackers linked to North Korea attacked South Korean banks, Seoul said.", {"cyber"}),
    ("Egypt hosted talks between the foreign ministers of Ethiopia and Sudan.", {"diplomatic"}),
    ("Militants from al-Shabaab attacked a hotel in Mogadishu.", {"terrorism"}),
    ("Turkey threatened to cut oil supplies to Iraq through the pipeline.", {"natural_resource"}),
    ("Russia annexed four regions of Ukraine, Kyiv said.", {"territory"}),
    ("Kenya granted asylum to the Ethiopian dissident.", {"asylum"}),
    ("Colombia seized two tonnes of cocaine from the cartel.", {"illegal_drugs"}),
    ("Police arrested the opposition leader in Minsk after the election.", {"election"}),
])
def test_sentence_words_give_contexts(reader, text, expected):
    found = event_contexts(reader, text)
    assert found, "no event read"
    assert any(expected <= set(contexts) for contexts in found), found


@pytest.mark.parametrize("text, absent", [
    ("Iran agreed to talks with the IAEA about uranium enrichment.", "natural_resource"),
    ("Hackers linked to North Korea attacked South Korean banks, Seoul said.", "military"),
    ("Militants from al-Shabaab attacked a hotel in Mogadishu.", "military"),  # an ASSAULT is not military by itself
    ("France and Germany signed a trade deal on Tuesday.", "military"),
])
def test_context_not_given_without_its_words(reader, text, absent):
    found = event_contexts(reader, text)
    assert found and all(absent not in contexts for contexts in found), found


@pytest.mark.parametrize("text", [
    "Kenya praised Uganda on Tuesday.",
    "Brazil criticised Argentina over the decision.",
    "Ukraine met Poland in Warsaw.",
])
def test_no_context_when_the_text_names_none(reader, text):
    found = event_contexts(reader, text)
    assert found and all(contexts == () for contexts in found), found


def test_contexts_are_sorted_few_and_known(reader):
    text = ("Germany met Russian diplomats and NATO generals to discuss oil, refugees, nuclear weapons, "
            "elections and trade in the disputed border region.")
    found = [c for c in event_contexts(reader, text) if c]
    assert found and max(len(c) for c in found) == MAX_CONTEXTS
    for contexts in found:
        assert list(contexts) == sorted(set(contexts)) and len(contexts) <= MAX_CONTEXTS
        assert set(contexts) <= set(context_names())


def test_reading_with_contexts_obeys_the_contract(reader):
    reading = reader.read_text("Russian troops shelled the border town on Monday.", published=PUBLISHED)
    as_dict = reading.to_dict()
    assert as_dict["events"] and as_dict["events"][0]["contexts"] == ["military", "territory"]
    assert validate_reading(as_dict) == []
    as_dict["events"][0]["contexts"] = ["vibes"]
    assert validate_reading(as_dict)


def test_lexicon_names_match_the_schema_and_the_manual():
    assert list(context_names()) == record_schema()["$defs"]["ploverContext"]["enum"]
    assert {"military", "diplomatic", "territory", "economic", "legal", "cbrn"} <= set(context_names())
    assert len(context_names()) == 37
    assert all(context_lexicon().words.values())


@pytest.mark.parametrize("text, expected", [
    ("the armed forces", {"military"}),
    ("the United Nations Security Council", {"diplomatic"}),
    ("human rights groups", {"human_rights"}),
    ("who said that", set()),
])
def test_phrases_and_words_are_counted(reader, text, expected):
    doc = reader.nlp(text)
    assert set(sentence_support(list(doc))) == expected


@pytest.mark.parametrize("text", ["", '"' * 2000, "WAR WAR WAR " * 300, "troops " * 5000])
def test_odd_input_does_not_break_the_stage(reader, text):
    reading = reader.read_text(text, published=PUBLISHED)
    assert all(len(event.contexts) <= MAX_CONTEXTS for event in reading.events)
