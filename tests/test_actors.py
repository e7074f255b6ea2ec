"""Tests of the actors stage: who the text names, one actor per real-world actor, with mentions."""

from __future__ import annotations

import json

import pytest

from newswire.draft import Draft
from newswire.parse import load_pipeline
from newswire.records import Boilerplate, Document
from newswire.stages import actors


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def read(nlp, text: str, published: str | None = "2022-11-16", boilerplate=()) -> Draft:
    """Run only the actors stage over ``text`` (with any boilerplate spans given)."""
    draft = Draft(document=Document(id="t", text=text, published=published), doc=nlp(text))
    draft.boilerplate.extend(boilerplate)
    actors.annotate(draft)
    return draft


def by_name(draft: Draft) -> dict:
    return {a.name: a for a in draft.actors}


PEOPLE = [
    # text, name, (country, sector, title), mention texts
    ("Ukrainian President Volodymyr Zelenskyy said talks were possible. Zelenskyy added that "
     "nothing was agreed.", "Volodymyr Zelenskyy", ("UKR", "GOV", "President"),
     ["Volodymyr Zelenskyy", "Zelenskyy"]),
    ("Volodymyr Zelensky spoke first. Later Zelenskiy left the room.", "Volodymyr Zelenskyy",
     ("UKR", "GOV", "President"), ["Volodymyr Zelensky", "Zelenskiy"]),
    ("Defense Secretary Lloyd Austin arrived on Tuesday. Austin met troops.", "Lloyd Austin",
     ("USA", "GOV", "Defense Secretary"), ["Lloyd Austin", "Austin"]),
    ("Russian Foreign Minister Sergei Lavrov spoke to reporters. The Russian foreign minister "
     "blamed the West.", "Sergei Lavrov", ("RUS", "GOV", "Foreign Minister"),
     ["Sergei Lavrov", "The Russian foreign minister"]),
    ("Britain's Foreign Secretary James Cleverly visited the front. The foreign secretary promised aid.",
     "James Cleverly", ("GBR", "GOV", "Foreign Secretary"), ["James Cleverly", "The foreign secretary"]),
    ("Chairman of the Joint Chiefs of Staff Mark Milley met his allies. Milley said the general "
     "staff agreed, and the general left.", "Mark Milley",
     ("USA", "MIL", "Chairman of the Joint Chiefs of Staff"), ["Mark Milley", "Milley", "the general"]),
    ("President Biden spoke by phone with his allies.", "Joe Biden", ("USA", "GOV", "President"), ["Biden"]),
    ("Turkish Defence Minister Anna Karlova, a newcomer, said Karlova would travel.", "Anna Karlova",
     ("TUR", "GOV", "Defence Minister"), ["Anna Karlova", "Karlova"]),
    ("Gen. Ivan Petrenko, Ukraine's top commander, spoke. The general was upbeat.", "Ivan Petrenko",
     ("UKR", "MIL", "Gen."), ["Ivan Petrenko", "Ukraine's top commander", "The general"]),
    ("John Smith, the British ambassador, said the talks failed.", "John Smith",
     ("GBR", "GOV", "Ambassador"), ["John Smith", "the British ambassador"]),
    ("Van Schaack spoke first. Beth Van Schaack later said Van Schaack's office agreed.", "Beth Van Schaack",
     (None, None, None), ["Van Schaack", "Beth Van Schaack", "Van Schaack"]),
    ("The Deputy Foreign Minister of Russia Ivan Ivanov said no. Sergei Lavrov agreed. The deputy "
     "foreign minister left.", "Ivan Ivanov", ("RUS", "GOV", "Deputy Foreign Minister"),
     ["Ivan Ivanov", "The deputy foreign minister"]),
    ("Vice President Kamala Harris spoke. The president was absent.", "Kamala Harris",
     ("USA", "GOV", "Vice President"), ["Kamala Harris"]),
    ("Ms Gisela Stuart spoke and Ms Stuart left.", "Gisela Stuart", (None, None, None),
     ["Gisela Stuart", "Stuart"]),
    ("Forces of Syrian President Bashar Assad shelled the town.", "Bashar al-Assad",
     ("SYR", "GOV", "President"), ["Bashar Assad"]),
    ("US Defense Secretary Lloyd Austin spoke.\nAnne Maclennan\n\nwrote the letter.", "Anne Maclennan",
     (None, None, None), ["Anne Maclennan"]),
]


@pytest.mark.parametrize("text, name, identity, mentions", PEOPLE)
def test_people_are_found_with_identity_and_every_mention(nlp, text, name, identity, mentions):
    actor = by_name(read(nlp, text)).get(name)
    assert actor is not None, [a.name for a in read(nlp, text).actors]
    assert actor.kind == "person"
    assert (actor.country, actor.sector, actor.title) == identity
    assert [m.text for m in actor.mentions] == mentions


DATED = [
    # the same role phrase names whoever held the post on the published date
    ("The British prime minister said the talks had failed.", "2022-03-01", "Boris Johnson"),
    ("The British prime minister said the talks had failed.", "2023-05-01", "Rishi Sunak"),
    ("The Russian president said the plan had worked.", "2022-11-16", "Vladimir Putin"),
    ("Ukraine's leader said the offensive would go on.", "2023-01-10", "Volodymyr Zelenskyy"),
    ("The Russian defence minister inspected the troops.", "2023-06-01", "Sergei Shoigu"),
    ("The Russian defence minister inspected the troops.", "2025-01-15", "Andrei Belousov"),
]


@pytest.mark.parametrize("text, published, name", DATED)
def test_role_phrase_without_a_name_uses_the_post_holder_on_that_date(nlp, text, published, name):
    people = [a for a in read(nlp, text, published=published).actors if a.kind == "person"]
    assert [a.name for a in people] == [name]


def test_a_post_held_later_gives_the_title_of_that_date(nlp):
    text = "Shoigu chaired the meeting."
    assert by_name(read(nlp, text, "2023-01-01"))["Sergei Shoigu"].title == "Defence Minister"
    later = by_name(read(nlp, text, "2025-01-01"))["Sergei Shoigu"]
    assert later.title == "Secretary of the Security Council"


STATES = [
    # text, expected (name, kind, country, sector, mention texts) for each state-like actor
    ("The Kremlin urged Kyiv to accept the terms.",
     [("Kremlin", "country", "RUS", "GOV", ["Kremlin"]), ("Kyiv", "country", "UKR", "GOV", ["Kyiv"])]),
    ("The envoy urged Kyiv and Moscow to talk.",
     [("Kyiv", "country", "UKR", "GOV", ["Kyiv"]), ("Moscow", "country", "RUS", "GOV", ["Moscow"])]),
    ("Russia occupies a fifth of the country, and the Russians are digging in.",
     [("Russia", "country", "RUS", None, ["Russia", "Russians"])]),
    ("Washington's position has not changed, the Pentagon said.",
     [("Washington", "country", "USA", "GOV", ["Washington"]),
      ("Pentagon", "organization", "USA", "MIL", ["Pentagon"])]),
    ("Russian troops shelled the town while Ukraine's armed forces held the line.",
     [("Russian troops", "group", "RUS", "MIL", ["Russian troops"]),
      ("Ukraine's armed forces", "organization", "UKR", "MIL", ["Ukraine's armed forces"])]),
    ("NATO and the UN called for calm.",
     [("NATO", "organization", None, "IGO", ["NATO"]),
      ("United Nations", "organization", None, "IGO", ["UN"])]),
    ("Officials met at the Ukraine Contact Group in Brussels.",
     [("Ukraine Defense Contact Group", "organization", None, "IGO", ["Ukraine Contact Group"])]),
    ("NATO met in Vilnius. The alliance said it would grow.",
     [("NATO", "organization", None, "IGO", ["NATO", "The alliance"])]),
    ("The probability of Russia winning is low, and talks with Russia stalled.",
     [("Russia", "country", "RUS", None, ["Russia", "Russia"])]),
    ("U.S. support for Ukraine will continue.",
     [("United States", "country", "USA", None, ["U.S."]), ("Ukraine", "country", "UKR", None, ["Ukraine"])]),
    ("Moscow and Kyiv were accused by London of stalling.",
     [("Moscow", "country", "RUS", "GOV", ["Moscow"]), ("Kyiv", "country", "UKR", "GOV", ["Kyiv"]),
      ("London", "country", "GBR", "GOV", ["London"])]),
]


@pytest.mark.parametrize("text, expected", STATES)
def test_states_capitals_and_bodies_acting_become_actors(nlp, text, expected):
    found = [(a.name, a.kind, a.country, a.sector, [m.text for m in a.mentions])
             for a in read(nlp, text).actors if a.kind != "person"]
    assert found == expected


NOT_ACTORS = [
    # text, names that must not be actors
    ("Shelling hit Kherson overnight.", {"Kherson"}),
    ("Fighting in Kherson and Kharkiv continued as Crimea braced for winter.",
     {"Kherson", "Kharkiv", "Crimea"}),
    ("Artillery fire was heard in Kyiv and in Moscow.", {"Kyiv", "Moscow"}),
    ("He flew to Moscow on Tuesday.", {"Moscow"}),
    ("The war in Ukraine has cost thousands of lives.", {"Ukraine"}),
    ("Troops withdrew from Ukraine's south after a Ukrainian military victory.", {"Ukraine", "Ukrainian"}),
    ("Defense Secretary Lloyd Austin spoke.", {"Defense", "Defense Secretary"}),
    ("In general the mood was calm, the general public said.", {"general"}),
    ("The general staff met on Monday.", {"The general", "The general staff"}),
    ("The then British prime minister backed the war in 2003.", {"Rishi Sunak", "Boris Johnson"}),
]


@pytest.mark.parametrize("text, forbidden", NOT_ACTORS)
def test_places_and_title_words_are_not_actors(nlp, text, forbidden):
    draft = read(nlp, text)
    named = {a.name for a in draft.actors} | {m.text for a in draft.actors for m in a.mentions}
    assert not named & forbidden
    assert not [a for a in draft.actors if a.kind == "person" and a.name in forbidden]


def test_surname_tagged_as_organisation_joins_the_person(nlp):
    draft = read(nlp, "Matilda Bogner said the monitors had access. Bogner added that more was needed.")
    [person] = [a for a in draft.actors if a.kind == "person"]
    assert person.name == "Matilda Bogner" and len(person.mentions) == 2
    assert not [a for a in draft.actors if a.kind == "organization"]


def test_kherson_tagged_as_a_person_is_not_a_person(nlp):
    draft = read(nlp, "Ukrainian forces entered Kherson, and Kherson celebrated.")
    assert not [a for a in draft.actors if a.kind == "person"]


def test_nothing_comes_from_boilerplate(nlp):
    headline = "POLISH PRESIDENT SAYS NATO WAS NOT HIT BY RUSSIA"
    text = f"Milley spoke to reporters.\n{headline}\nThe general left."
    start = text.index(headline)
    draft = read(nlp, text, boilerplate=[Boilerplate(start, start + len(headline), "related-headline")])
    spans = [m for a in draft.actors for m in a.mentions]
    assert [a.name for a in draft.actors] == ["Mark Milley"]
    assert all(m.end <= start or m.start >= start + len(headline) for m in spans)


def test_every_mention_is_exact_text_and_ids_are_unique(nlp):
    text = ("“Russia is on its back,” Milley told reporters after the Ukraine Contact Group met. "
            "President Zelenskyy said Kyiv would not negotiate with Moscow. The Kremlin disagreed.")
    draft = read(nlp, text)
    assert len({a.id for a in draft.actors}) == len(draft.actors) >= 5
    for actor in draft.actors:
        for mention in actor.mentions:
            assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize("text", [
    "", "   ", '"' * 1000, "“ ” “ “ ” ’ '", "ALL CAPS TEXT ABOUT PUTIN AND NATO AND THE WHO",
    "Putin" * 200, "the the the", "\n\n\n",
])
def test_odd_input_never_raises(nlp, text):
    draft = read(nlp, text)
    for actor in draft.actors:
        assert all(text[m.start:m.end] == m.text for m in actor.mentions)


def test_user_dictionary_from_environment(nlp, tmp_path, monkeypatch):
    user_file = tmp_path / "mine.json"
    user_file.write_text(json.dumps({"actors": [
        {"name": "Olena Hrytsenko", "aliases": ["Hrytsenko"], "country": "UKR", "sector": "MIL",
         "title": "Brigade commander", "start": "2021-01-01", "end": None}]}), encoding="utf-8")
    monkeypatch.setenv(actors.ENV_VARIABLE, str(user_file))
    actor = by_name(read(nlp, "Hrytsenko said the brigade held."))["Olena Hrytsenko"]
    assert (actor.country, actor.sector, actor.title) == ("UKR", "MIL", "Brigade commander")


def test_load_actor_dictionary_covers_required_posts_and_rejects_bad_files(tmp_path):
    entries = actors.load_actor_dictionary()
    countries = {e.country for e in entries}
    assert {"USA", "UKR", "RUS", "GBR", "FRA", "DEU", "CHN", "POL", "TUR", "ISR", "IRN", "BLR"} <= countries
    assert {"Jens Stoltenberg", "Mark Rutte", "António Guterres"} <= {e.name for e in entries}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"actors": [{"aliases": ["x"]}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="no name"):
        actors.load_actor_dictionary(bad)
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps([{"name": "Acme Corp", "kind": "organization", "sector": "BUS"}]))
    assert actors.load_actor_dictionary(extra)[-1].name == "Acme Corp"


def test_long_document_is_fast(nlp):
    import time

    text = ("Milley said Russia was on its back. The Kremlin urged Kyiv to talk. "
            "Fighting in Kherson continued. President Zelenskyy spoke. ") * 400
    draft = Draft(document=Document(id="t", text=text, published="2022-11-16"), doc=nlp(text))
    began = time.perf_counter()
    actors.annotate(draft)
    assert time.perf_counter() - began < 3.0
    assert len(by_name(draft)["Mark Milley"].mentions) == 400


SECTORS = {"GOV", "MIL", "REB", "IGO", "NGO", "BUS", "MED", "CVL", "JUD", "LEG", "OPP", "PTY"}


def test_dictionary_entries_are_well_formed():
    import re

    import pycountry

    date = re.compile(r"^\d{4}(-\d\d){0,2}$")
    for entry in actors.load_actor_dictionary():
        assert entry.country is None or entry.country == "XKX" or pycountry.countries.get(alpha_3=entry.country)
        assert entry.sector in SECTORS, entry
        assert entry.kind in ("person", "organization", "country", "group")
        if entry.kind == "person":
            assert entry.title and entry.start and date.match(entry.start), entry
            assert entry.end is None or (date.match(entry.end) and entry.start < entry.end), entry


def test_without_a_date_the_latest_post_is_used(nlp):
    actor = by_name(read(nlp, "Sergei Shoigu chaired the meeting.", published=None))["Sergei Shoigu"]
    assert actor.title == "Secretary of the Security Council"
