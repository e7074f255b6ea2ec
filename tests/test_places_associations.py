"""Place associations: demonyms, names inside names and modifiers name a place without locating
anything there; they land in ``Place.associations``, never in ``mentions``."""

from __future__ import annotations

import pytest

from newswire.contract import validate_reading


def associated(reading) -> dict[str, tuple[str, str, str | None]]:
    """Each association's text -> (place name, kind, country) of the place it belongs to."""
    return {a.text: (p.name, p.kind, p.country) for p in reading.places for a in p.associations}


def mentioned(reading) -> set[str]:
    """Every literal mention's text."""
    return {m.text for p in reading.places for m in p.mentions}


@pytest.mark.parametrize("text, span, place, country", [
    ("Russian forces shelled the city on Monday.", "Russian", "Russia", "RUS"),
    ("The Ukrainians held the line near the river.", "Ukrainians", "Ukraine", "UKR"),
    ("Salvadoran migrants reached the border.", "Salvadoran", "El Salvador", "SLV"),
    ("South Korean officials met their counterparts on Monday.", "South Korean", "South Korea", "KOR"),
    ("A Nigerian court jailed the men.", "Nigerian", "Nigeria", "NGA"),
    ("Texan voters went to the polls.", "Texan", "Texas", "USA"),
    ("The area was mined by Azerbaijani soldiers.", "Azerbaijani", "Azerbaijan", "AZE"),  # spaCy: PERSON
    ("The Russian president congratulated him.", "Russian", "Russia", "RUS"),  # inside a role phrase
])
def test_demonym_is_an_association_of_its_country(reader, text, span, place, country):
    reading = reader.read_text(text)
    assert associated(reading).get(span) == (place, associated(reading)[span][1], country)
    assert span not in mentioned(reading)


@pytest.mark.parametrize("text, span, place, country", [
    ("The Kyiv Post reported the strike.", "Kyiv", "Kyiv", "UKR"),
    ("She studied at the University of Texas for four years.", "Texas", "Texas", "USA"),
    ("The Bank of China said profits rose.", "China", "China", "CHN"),
    ("EU airlines asked for lower taxes.", "EU", "European Union", None),
])
def test_name_inside_a_name_or_modifier_is_an_association(reader, text, span, place, country):
    found = associated(reader.read_text(text)).get(span)
    assert found is not None and (found[0], found[2]) == (place, country)


@pytest.mark.parametrize("text, word", [
    ("Jordan Peterson spoke at length about his book.", "Jordan"),
    ("Michael Jordan said he was tired after the game.", "Jordan"),
    ("The lecture was given in English and later in French.", "English"),
    ("The lecture was given in English and later in French.", "French"),
    ("Ships crossed the English Channel at night.", "English"),
    ("Reading is a skill and Nice is a word.", "Nice"),
    ("Reading is a skill and Nice is a word.", "Reading"),
    ("RUSSIAN FORCES SHELLED KHARKIV ON MONDAY.", "KHARKIV"),  # a headline's name is no modifier
    ("The troops were tired and the roads were muddy.", "The"),
])
def test_not_an_association(reader, text, word):
    reading = reader.read_text(text)
    assert word not in associated(reading) and word not in mentioned(reading)


@pytest.mark.parametrize("text, country", [
    ("Atlanta police said Georgia Power restored service to thousands of homes.", "USA"),
    ("Officials in Tbilisi said the Georgia Football Federation had been fined.", "GEO"),
])
def test_georgia_follows_the_story(reader, text, country):
    place = associated(reader.read_text(text)).get("Georgia")
    assert place is not None and place[2] == country


def places_named(reading, word: str) -> list[tuple[str, str | None]]:
    """(name, country) of every place one of whose mentions or associations is ``word``."""
    return [(p.name, p.country) for p in reading.places for m in (*p.mentions, *p.associations) if m.text == word]


@pytest.mark.parametrize("text, word, expected", [
    # a city named inside an organisation's name keeps its most prominent reading in a US story ...
    ("The firm Cambridge Analytica worked for the campaign in the United States.", "Cambridge",
     [("Cambridge", "GBR")]),
    # ... or stays unresolved when that reading is too small to be sure of (Venice, Italy)
    ("The Venice Commission criticised the law in Texas.", "Venice", []),
    # the story's own places still settle it: Venice among Italian cities, Cambridge in Massachusetts
    ("The Venice Commission met officials in Rome and Milan.", "Venice", [("Venice", "ITA")]),
    ("Cambridge Analytica staff met voters in Massachusetts on Monday.", "Cambridge", [("Cambridge", "USA")]),
    ("The Cambridge City Council met on Monday. The vote in Massachusetts was close.", "Cambridge",
     [("Cambridge", "USA")]),
    ("Police in Cambridge, Massachusetts said a man was arrested.", "Cambridge", [("Cambridge", "USA")]),
])
def test_a_city_inside_a_name_is_the_famous_one_unless_the_story_locates_it(reader, text, word, expected):
    assert places_named(reader.read_text(text), word) == expected


def test_associations_never_overlap_mentions_and_match_the_text(reader):
    text = ("Russian troops shelled Kharkiv on Monday, the Kyiv Post reported. Ukrainian officials in Kyiv "
            "said EU airlines had stopped flying to Moscow.")
    reading = reader.read_text(text)
    mentions = [m for p in reading.places for m in p.mentions]
    associations = [a for p in reading.places for a in p.associations]
    assert len(associations) >= 3 and mentions
    assert all(text[a.start:a.end] == a.text for a in associations)
    assert not any(a.start < m.end and m.start < a.end for a in associations for m in mentions)
    kyiv = next(p for p in reading.places if p.name == "Kyiv")
    assert [m.text for m in kyiv.mentions] == ["Kyiv"] and [a.text for a in kyiv.associations] == ["Kyiv"]
    assert validate_reading(reading.to_dict()) == []


def test_association_only_place_is_never_an_event_place(reader):
    reading = reader.read_text("Russian troops shelled Kharkiv on Monday.", published="2023-03-01")
    russia = next(p for p in reading.places if p.name == "Russia")
    assert russia.mentions == () and [a.text for a in russia.associations] == ["Russian"]
    assert reading.events and all(event.place != russia.id for event in reading.events)
    assert any(event.place == next(p.id for p in reading.places if p.name == "Kharkiv") for event in reading.events)


def test_literal_places_come_first_and_keep_their_ids(reader):
    reading = reader.read_text("The Kyiv Post said Russian shelling hit Kharkiv and Odesa.")
    literal = [p for p in reading.places if p.mentions]
    assert [p.name for p in literal] == ["Kharkiv", "Odesa"]
    assert [p.id for p in literal] == ["p1", "p2"]
    assert all(not p.mentions for p in reading.places[len(literal):])


@pytest.mark.parametrize("text", [
    "", '"' * 5000, "RUSSIAN " * 2000, "The Ukrainian " * 3000, "Kyiv Post " * 2000,
])
def test_odd_input_degrades_quietly(reader, text):
    reading = reader.read_text(text)
    assert all(text[a.start:a.end] == a.text for p in reading.places for a in p.associations)


def test_contract_takes_association_only_places_and_old_json(reader):
    """``associations`` is additive: JSON without it still validates; a place needs a mention or an association."""
    reading = reader.read_text("Russian troops shelled Kharkiv on Monday.").to_dict()
    assert validate_reading(reading) == []
    without_key = {**reading, "places": [{k: v for k, v in p.items() if k != "associations"}
                                         for p in reading["places"] if p["mentions"]]}
    assert validate_reading(without_key) == []
    empty = {**reading, "places": [{**p, "mentions": [], "associations": []} for p in reading["places"]]}
    assert validate_reading(empty) != []
    outside = {**reading, "places": [{**p, "associations": [{"start": 0, "end": 3, "text": "Kha"}]}
                                     for p in reading["places"]]}
    assert any("does not match" in problem for problem in validate_reading(outside))
