"""The places stage: toponyms found, resolved in context, grouped, and kept out of boilerplate."""

from __future__ import annotations

import time

import pytest

from newswire.draft import Draft
from newswire.inputs import make_document
from newswire.records import Boilerplate
from newswire.stages import places
from newswire.stages.places import candidates, gazetteer, place_key


def places_by_mention(reading) -> dict[str, object]:
    """Each mention's text mapped to the Place it belongs to."""
    return {m.text: p for p in reading.places for m in p.mentions}


@pytest.mark.parametrize("text, mention, country, kind", [
    ("Ships left Odessa on Tuesday and crossed the Black Sea.", "Odessa", "UKR", "city"),
    ("Officials in Kherson said shelling continued.", "Kherson", "UKR", "city"),  # tagged PERSON
    ("Kherson was quiet. Ukrainian troops entered Kherson.", "Kherson", "UKR", "city"),
    ("Heavy fighting was reported near Pokrovsk.", "Pokrovsk", "UKR", "city"),
    ("Shelling hit Donetsk and Horlivka overnight.", "Donetsk", "UKR", "city"),
    ("Protesters gathered in Kiev on Sunday.", "Kiev", "UKR", "city"),
    ("Soldiers fought for Artemivsk all winter.", "Artemivsk", "UKR", "city"),
    ("The conference in Paris ended with a statement.", "Paris", "FRA", "city"),
    ("She grew up in Paris, Texas, before moving to Houston.", "Paris", "USA", "city"),
    ("Leaders urged Kyiv and Moscow to talk.", "Moscow", "RUS", "city"),
    ("Leaders urged Kyiv and Moscow to talk.", "Kyiv", "UKR", "city"),
    ("Aid to Ukraine was discussed in Washington.", "Washington", "USA", "city"),
    ("Aid to Ukraine was discussed in Washington.", "Ukraine", "UKR", "country"),
    ("The U.S. sent more aid to Kyiv.", "U.S.", "USA", "country"),
    ("Russia annexed Crimea in a referendum nobody recognised.", "Crimea", "UKR", "region"),
    ("Shelling continued across the Kherson region.", "Kherson region", "UKR", "region"),
    ("Shelling continued in the Kharkiv oblast.", "Kharkiv oblast", "UKR", "region"),
    ("Forces advanced in the Kursk region.", "Kursk region", "RUS", "region"),
    ("The Russians fought in the Donbass for years.", "Donbass", "UKR", "region"),
    ("Strikes hit the Gaza Strip overnight.", "Gaza Strip", "PSE", "region"),
    ("Settlers moved into the West Bank.", "West Bank", "PSE", "region"),
    ("The Sea of Azov was quiet.", "Sea of Azov", None, "other"),
    ("Officials from Georgia met counterparts in Tbilisi.", "Georgia", "GEO", "country"),
    ("Strikes on the Kharkiv and Sumy regions killed three.", "Kharkiv", "UKR", "region"),
])
def test_mention_resolves(reader, text, mention, country, kind):
    place = places_by_mention(reader.read_text(text)).get(mention)
    assert place is not None, f"{mention!r} not found in {text!r}"
    assert (place.country, place.kind) == (country, kind)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize("text, not_a_place", [
    ("The Ukrainian army and the Russians advanced.", "Ukrainian"),
    ("The Ukrainian army and the Russians advanced.", "Russians"),
    ("Defense Secretary Lloyd Austin met allies. Austin said aid would continue.", "Austin"),
    ("The Ukraine Contact Group met on Tuesday.", "Ukraine"),
    ("Officials said the White House would answer.", "Casablanca"),
    ("We want to tell us about it, she said.", "us"),
    ("The Duma voted to annex the regions.", "Duma"),
    ("Officials said Buhari would visit next week.", "Buhari"),
])
def test_not_a_place(reader, text, not_a_place):
    reading = reader.read_text(text)
    names = {m.text for p in reading.places for m in p.mentions} | {p.name for p in reading.places}
    assert not_a_place not in names


def test_one_place_per_distinct_place_with_all_mentions(reader):
    reading = reader.read_text("Kherson fell. Troops left Kherson and Ukraine took Kherson back from Russia.")
    kherson = [p for p in reading.places if p.name == "Kherson"]
    assert len(kherson) == 1 and [m.text for m in kherson[0].mentions] == ["Kherson"] * 3
    assert len({p.id for p in reading.places}) == len(reading.places)
    assert all(p.id.startswith("p") for p in reading.places)


def test_sentence_initial_word_does_not_hide_a_place(reader):
    text = 'Gains came near Kharkiv and Kherson.\n"But Kherson and Kharkiv are small," he said.'
    reading = reader.read_text(text)
    kherson = next(p for p in reading.places if p.name == "Kherson")
    assert [m.start for m in kherson.mentions] == [text.index("Kherson"), text.index("Kherson", 40)]


def test_spans_point_into_the_text(reader):
    text = "Troops crossed from Belgorod into the Kharkiv region, then shelled Kharkiv."
    reading = reader.read_text(text)
    spans = [m for p in reading.places for m in p.mentions]
    assert len(spans) >= 2
    assert all(text[m.start:m.end] == m.text for m in spans)


def test_nothing_from_boilerplate(reader):
    text = ("Officials in Kyiv said talks could start soon.\n"
            "POLISH LEADER SAYS MISSILE THAT LANDED IN POLAND WAS NOT FIRED BY RUSSIA\n"
            "The talks would be held in Istanbul.")
    headline = Boilerplate(text.index("POLISH"), text.index("\nThe talks"), "related-headline")
    draft = Draft(document=make_document(text, where="<test>"), doc=reader.nlp(text))
    draft.boilerplate.append(headline)
    places.annotate(draft)
    mentions = [m for p in draft.places for m in p.mentions]
    assert {m.text for m in mentions} == {"Kyiv", "Istanbul"}


@pytest.mark.parametrize("text", ["", "\"" * 1000, "UKRAINE RUSSIA KHERSON " * 50, "of the and in " * 300])
def test_odd_input_never_raises(reader, text):
    reading = reader.read_text(text)
    assert all(text[m.start:m.end] == m.text for p in reading.places for m in p.mentions)


@pytest.mark.parametrize("name, key", [
    ("the Kherson Oblast", "kherson region"), ("Kyiv\u2019s", "kyiv"), ("Khān Yūnis", "khan yunis"),
    ("St. Petersburg", "saint petersburg"), ("Stockholm", "stockholm"),
])
def test_place_key(name, key):
    assert place_key(name) == key


def test_gazetteer_loads_once_and_fast():
    gazetteer.cache_clear()
    started = time.perf_counter()
    gaz = gazetteer()
    assert time.perf_counter() - started < 3.0  # about 0.5 s on a quiet machine
    assert gazetteer() is gaz
    assert [e.country for e, _ in candidates(gaz, "crimea")] == ["UKR"]
    assert {e.country for e, _ in candidates(gaz, "odessa")} == {"UKR", "USA"}
