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
     [("Kremlin", "organization", "RUS", "GOV", ["Kremlin"]), ("Ukraine", "country", "UKR", "GOV", ["Kyiv"])]),
    ("The envoy urged Kyiv and Moscow to talk.",
     [("Ukraine", "country", "UKR", "GOV", ["Kyiv"]), ("Russia", "country", "RUS", "GOV", ["Moscow"])]),
    ("Russia occupies a fifth of the country, and the Russians are digging in.",
     [("Russia", "country", "RUS", "GOV", ["Russia", "Russians"])]),
    ("Washington's position has not changed, the Pentagon said.",
     [("United States", "country", "USA", "GOV", ["Washington"]),
      ("U.S. Department of Defense", "organization", "USA", "MIL", ["Pentagon"])]),
    ("Russian troops shelled the town while Ukraine's armed forces held the line.",
     [("Russian Armed Forces", "organization", "RUS", "MIL", ["Russian troops"]),
      ("Ukrainian Armed Forces", "organization", "UKR", "MIL", ["Ukraine's armed forces"])]),
    ("NATO and the UN called for calm.",
     [("NATO", "organization", None, "IGO", ["NATO"]),
      ("United Nations", "organization", None, "IGO", ["UN"])]),
    ("Officials met at the Ukraine Contact Group in Brussels.",
     [("Ukraine Defense Contact Group", "organization", None, "IGO", ["Ukraine Contact Group"])]),
    ("NATO met in Vilnius. The alliance said it would grow.",
     [("NATO", "organization", None, "IGO", ["NATO", "The alliance"])]),
    ("The probability of Russia winning is low, and talks with Russia stalled.",
     [("Russia", "country", "RUS", "GOV", ["Russia", "Russia"])]),
    ("U.S. support for Ukraine will continue.",
     [("United States", "country", "USA", "GOV", ["U.S."]), ("Ukraine", "country", "UKR", "GOV", ["Ukraine"])]),
    ("Moscow and Kyiv were accused by London of stalling.",
     [("Russia", "country", "RUS", "GOV", ["Moscow"]), ("Ukraine", "country", "UKR", "GOV", ["Kyiv"]),
      ("United Kingdom", "country", "GBR", "GOV", ["London"])]),
    ("Beijing warned Washington, and Bamako expelled the envoy.",
     [("China", "country", "CHN", "GOV", ["Beijing"]), ("United States", "country", "USA", "GOV", ["Washington"]),
      ("Mali", "country", "MLI", "GOV", ["Bamako"])]),
    ("Brussels adopted new sanctions.", [("European Union", "organization", None, "IGO", ["Brussels"])]),
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
    ("Voters in Atlanta, Georgia, lined up.", {"Georgia"}),
    ("Shells fell on Kherson, Ukraine, overnight.", {"Ukraine"}),
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


def test_one_country_actor_per_country_with_all_its_mentions(nlp):
    draft = read(nlp, "Russia said it would respond. Moscow warned the West, and the Russians refused to "
                      "leave. Kyiv urged calm while Ukraine prepared.")
    states = {a.name: [m.text for m in a.mentions] for a in draft.actors if a.kind == "country"}
    assert states == {"Russia": ["Russia", "Moscow", "Russians"], "Ukraine": ["Kyiv", "Ukraine"]}


BODIES = [
    # text, expected (name, country, sector, mention texts) of the first state body
    ("Russia's defence ministry said the strikes were over.",
     ("Russian Ministry of Defence", "RUS", "MIL", ["Russia's defence ministry"])),
    ("The Russian defence ministry said the strikes were over.",
     ("Russian Ministry of Defence", "RUS", "MIL", ["Russian defence ministry"])),
    ("The defence ministry in Moscow said the strikes were over.",
     ("Russian Ministry of Defence", "RUS", "MIL", ["defence ministry"])),
    ("China's foreign ministry protested on Monday.",
     ("Chinese Ministry of Foreign Affairs", "CHN", "GOV", ["China's foreign ministry"])),
    ("The Pentagon said the Defense Department had no comment.",
     ("U.S. Department of Defense", "USA", "MIL", ["Pentagon", "Defense Department"])),
    ("The State Department issued a warning.", ("U.S. Department of State", "USA", "GOV", ["State Department"])),
    ("Russian forces advanced while Russian units dug in and Russian troops waited.",
     ("Russian Armed Forces", "RUS", "MIL", ["Russian forces", "Russian units", "Russian troops"])),
    ("Ukrainian troops crossed the river.", ("Ukrainian Armed Forces", "UKR", "MIL", ["Ukrainian troops"])),
    ("Israeli forces entered the camp.", ("Israel Defense Forces", "ISR", "MIL", ["Israeli forces"])),
    ("Sudan's army agreed to a truce.", ("Sudanese Armed Forces", "SDN", "MIL", ["Sudan's army"])),
    ("Nigerien troops guarded the palace.", ("Nigerien Armed Forces", "NER", "MIL", ["Nigerien troops"])),
    ("Chadian soldiers guarded the palace.", ("Chadian Armed Forces", "TCD", "MIL", ["Chadian soldiers"])),
    ("The Ukrainian government asked for help.", ("Ukraine", "UKR", "GOV", ["Ukrainian government"])),
]


@pytest.mark.parametrize("text, expected", BODIES)
def test_government_bodies_and_militaries_get_canonical_names(nlp, text, expected):
    bodies = [(a.name, a.country, a.sector, [m.text for m in a.mentions])
              for a in read(nlp, text).actors if a.kind != "person"]
    assert bodies[0] == expected


@pytest.mark.parametrize("text, name, mentions", [
    ("Russia said it would help Mali and the country's armed forces.", "Malian Armed Forces",
     ["the country's armed forces"]),
    ("Sudan's army and the rebels agreed to a truce. The rebels accused the army of new strikes.",
     "Sudanese Armed Forces", ["Sudan's army", "army"]),
])
def test_anaphoric_state_bodies(nlp, text, name, mentions):
    assert [m.text for m in by_name(read(nlp, text))[name].mentions] == mentions


def test_the_army_with_two_militaries_named_is_left_alone(nlp):
    draft = read(nlp, "Russian troops and Ukrainian troops clashed. The army said nothing.")
    assert all("army" not in [m.text for m in a.mentions] for a in draft.actors)


@pytest.mark.parametrize("text, forbidden", [
    ("Pro-Russian forces held the town.", "Russian Armed Forces"),
    ("The defence ministry said the strikes were over.", "Russian Ministry of Defence"),
    ("A Russian victory seemed unlikely.", "Russian Armed Forces"),
])
def test_no_state_body_without_its_state(nlp, text, forbidden):
    assert forbidden not in by_name(read(nlp, text))


RECIPIENTS = [
    # text, country names that must be actors
    ("Washington agreed to send arms to Pakistan.", {"United States", "Pakistan"}),
    ("The European Union imposed sanctions on Iran.", {"Iran"}),
    ("Turkey held talks with Russia.", {"Turkey", "Russia"}),
    ("Germany pledged more aid to Ukraine.", {"Germany", "Ukraine"}),
]


@pytest.mark.parametrize("text, wanted", RECIPIENTS)
def test_countries_receiving_or_targeted_are_actors(nlp, text, wanted):
    assert wanted <= {a.name for a in read(nlp, text).actors if a.kind == "country"}


@pytest.mark.parametrize("text, place", [
    ("Thousands fled to Poland.", "Poland"),
    ("He travelled to Pakistan last week.", "Pakistan"),
    ("The troops moved to Belarus.", "Belarus"),
])
def test_destinations_of_movement_are_not_actors(nlp, text, place):
    assert place not in by_name(read(nlp, text))


DATELINES = [
    # text, names that must not be actors
    ("KYIV, Nov 3 (Newswire) - Ukraine said the attack failed.", {"KYIV", "Newswire", "Kyiv"}),
    ("VILNIUS, July 12 (Reuters) - NATO leaders met.", {"VILNIUS", "Reuters"}),
    ("UNITED NATIONS, Dec 8 (AP) - The council voted.", {"UNITED NATIONS", "United Nations", "Associated Press"}),
    ("WASHINGTON (Newswire) - The vote passed.", {"WASHINGTON", "Newswire", "United States"}),
]


@pytest.mark.parametrize("text, forbidden", DATELINES)
def test_datelines_yield_no_actors(nlp, text, forbidden):
    assert not {a.name for a in read(nlp, text).actors} & forbidden


def test_agency_named_outside_a_dateline_is_still_an_actor(nlp):
    assert "Reuters" in by_name(read(nlp, "KYIV, Nov 3 (Newswire) - Ukraine told Reuters it would fight."))


PERSON_JOINS = [
    # text, the one person's name, its mention texts
    ("Commissioner James O’Neill spoke. O'Neill said crime fell.", "James O’Neill", ["James O’Neill", "O'Neill"]),
    ("James O'Neill spoke. O’Neill said crime fell.", "James O'Neill", ["James O'Neill", "O’Neill"]),
    ("Loretta E. Lynch spoke on Monday. Loretta Lynch later said more. Lynch left.", "Loretta E. Lynch",
     ["Loretta E. Lynch", "Loretta Lynch", "Lynch"]),
    ("The new mayor, Bill de Blasio, spoke. De Blasio said the city was safe.", "Bill de Blasio",
     ["Bill de Blasio", "De Blasio"]),
    ("Acting Kursk Governor Alexei Smirnov told the meeting that people left. Smirnov added that nobody died.",
     "Alexei Smirnov", ["Alexei Smirnov", "Smirnov"]),
]


@pytest.mark.parametrize("text, name, mentions", PERSON_JOINS)
def test_spelling_initials_and_particles_do_not_split_a_person(nlp, text, name, mentions):
    draft = read(nlp, text)
    assert [a.name for a in draft.actors if a.kind != "country"] == [name]
    assert [m.text for m in by_name(draft)[name].mentions] == mentions


def test_different_middle_initials_different_surnames_stay_apart(nlp):
    draft = read(nlp, "Anna Kowalska met Jan Kowalski. Kowalski said nothing.")
    assert {"Anna Kowalska", "Jan Kowalski"} <= {a.name for a in draft.actors}
    assert [m.text for m in by_name(draft)["Jan Kowalski"].mentions] == ["Jan Kowalski", "Kowalski"]


def test_the_president_is_the_last_person_titled_president(nlp):
    text = ("President Emmanuel Macron met the press. Macron spoke. Macron left. Later President "
            "Hakainde Hichilema arrived. He was late. The rain fell. The president said nothing.")
    draft = read(nlp, text)
    assert "The president" in [m.text for m in by_name(draft)["Hakainde Hichilema"].mentions]
    assert "The president" not in [m.text for m in by_name(draft)["Emmanuel Macron"].mentions]


APPOSITIVE_ROLES = [
    # text, person, (country, sector)
    ("Russia's ambassador, Vassily Petrov, told the council that Moscow agreed.", "Vassily Petrov", ("RUS", "GOV")),
    ("Sergei Orlov, the Russian-installed governor of the region, said the bridge held.", "Sergei Orlov",
     ("RUS", "GOV")),
    ("A senior Houthi official, Ahmed Saleh, said the group would fight.", "Ahmed Saleh", ("YEM", "REB")),
    ("Ukrainian presidential adviser Petro Hrytsenko said the order failed.", "Petro Hrytsenko", ("UKR", "GOV")),
    ("Russia's envoy to the agencies in Vienna, Mikhail Sokolov, said the report was wrong.", "Mikhail Sokolov",
     ("RUS", "GOV")),
    ("John Smith, a farmer, said the rain came.", "John Smith", (None, None)),
    ("U.S. Ambassador to Ukraine Mary Clarke called the move a desperate step.", "Mary Clarke", ("USA", "GOV")),
]


@pytest.mark.parametrize("text, name, identity", APPOSITIVE_ROLES)
def test_roles_beside_a_name_give_country_and_sector(nlp, text, name, identity):
    person = by_name(read(nlp, text))[name]
    assert (person.country, person.sector) == identity


def test_weapon_names_are_not_people(nlp):
    draft = read(nlp, "Germany will send Patriot air defence systems to Ukraine.")
    assert not [a for a in draft.actors if a.kind == "person"]
    assert {"Germany", "Ukraine"} <= {a.name for a in draft.actors}


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


def test_role_phrase_after_a_dateline_goes_to_the_post_holder(reader):
    text = "KYIV, Nov 3 (Newswire) - Ukraine's foreign minister said on Thursday that talks would wait.\n"
    reading = reader.read_text(text, published="2022-11-03")
    holder = next(a for a in reading.actors if any(m.text == "Ukraine's foreign minister" for m in a.mentions))
    assert holder.name == "Dmytro Kuleba" and holder.country == "UKR"
    assert not any(a.name.upper() == "KYIV" for a in reading.actors)


def actor_with_mention(draft: Draft, mention: str):
    """The actor one of whose mentions is exactly ``mention`` (None when there is none)."""
    return next((a for a in draft.actors if any(m.text == mention for m in a.mentions)), None)


PEOPLE_GROUPS = [
    # text, mention, (name, kind, country, sector)
    ("Iraqi police arrested four men on Monday.", "Iraqi police", ("Iraqi police", "group", "IRQ", "COP")),
    ("Palestinian militants fired rockets overnight.", "Palestinian militants",
     ("Palestinian militants", "group", "PSE", "REB")),
    ("Rebels seized the airport on Friday.", "Rebels", ("Rebels", "group", None, "REB")),
    ("Thousands of protesters marched on the palace.", "protesters", ("protesters", "group", None, "OPP")),
    ("The opposition rejected the offer.", "opposition", ("opposition", "group", None, "OPP")),
    ("Kurdish fighters retook the village.", "Kurdish fighters", ("Kurdish fighters", "group", None, "REB")),
    ("U.S. officials denied the report.", "U.S. officials", ("U.S. officials", "group", "USA", "GOV")),
    ("The North Korean leader inspected a factory.", "North Korean leader",
     ("North Korean leader", "group", "PRK", "GOV")),
    ("Rebels in Mali attacked a convoy.", "Rebels", ("Rebels", "group", "MLI", "REB")),
    ("Gunmen killed two Zambian farmers.", "Zambian farmers", ("Zambian farmers", "group", "ZMB", "CVL")),
    ("Police detained 40 people at a rally in Moscow.", "Police", ("Russian Police", "group", "RUS", "COP")),
    ("Thousands of Iraqi Kurds marched in the city.", "Iraqi Kurds", ("Iraqi Kurds", "group", "IRQ", "CVL")),
    ("A roadside bomb killed one U.S. soldier.", "U.S. soldier", ("U.S. Armed Forces", "organization", "USA", "MIL")),
    ("Israeli tanks shelled the town.", "Israeli tanks", ("Israel Defense Forces", "organization", "ISR", "MIL")),
]


@pytest.mark.parametrize("text, mention, identity", PEOPLE_GROUPS)
def test_groups_named_by_their_people_are_actors(nlp, text, mention, identity):
    actor = actor_with_mention(read(nlp, text), mention)
    assert actor is not None, mention
    assert (actor.name, actor.kind, actor.country, actor.sector) == identity


@pytest.mark.parametrize("text, mention", [
    ("Officials said the road was closed.", "Officials"),  # too vague without a country
    ("The leader spoke for an hour.", "leader"),
    ("Residents fled the fighting.", "Residents"),
    ("Senior officials met on Monday.", "Senior officials"),  # capital letter only opens the sentence
    ("Ukraine's top commander said the line held.", "top commander"),  # a person, left to role phrases
    ("A Western diplomat said talks had stalled.", "Western diplomat"),  # one person, no country
    ("Police detained 40 people in Moscow and Kyiv.", "Police"),  # two countries: none inferred
])
def test_vague_or_personal_nouns_make_no_group(nlp, text, mention):
    actor = actor_with_mention(read(nlp, text), mention)
    if mention == "Police":
        assert actor is not None and actor.country is None and actor.name == "Police"
    else:
        assert actor is None


@pytest.mark.parametrize("text, mention, name", [
    ("Hezbollah guerrillas ambushed a patrol.", "Hezbollah guerrillas", "Hezbollah"),
    ("NATO leaders met in Vilnius.", "NATO leaders", "NATO"),
])
def test_people_of_a_named_organisation_join_it(nlp, text, mention, name):
    draft = read(nlp, text)
    assert actor_with_mention(draft, mention).name == name
    assert not any(a.kind == "group" and a.name.endswith(mention.split()[-1]) for a in draft.actors)


def test_a_single_member_titled_beside_its_group_stays_a_person(nlp):
    draft = read(nlp, "A senior Hezbollah official, Hassan Nasrallah, said the group would fight on.")
    assert actor_with_mention(draft, "Hezbollah official") is None
    assert "Hassan Nasrallah" in by_name(draft)


@pytest.mark.parametrize("text, mention, name", [
    ("U.S. and British jets struck the port.", "British jets", "British Armed Forces"),
    ("U.S. and British jets struck the port.", "U.S.", "U.S. Armed Forces"),
])
def test_conjoined_nationalities_each_get_their_group(nlp, text, mention, name):
    assert actor_with_mention(read(nlp, text), mention).name == name


@pytest.mark.parametrize("text, mention, expected", [
    ("Serbia rejected an Australian ultimatum.", "Australian", ("Australia", "country", "GOV")),
    ("Ghana turned down an Indian proposal.", "Indian", ("India", "country", "GOV")),
    ("Palestinian riots continued for a week.", "Palestinian", ("Palestinian", "group", "OPP")),
])
def test_a_nationality_modifying_an_act_names_who_acts(nlp, text, mention, expected):
    actor = actor_with_mention(read(nlp, text), mention)
    assert actor is not None and (actor.name, actor.kind, actor.sector) == expected


@pytest.mark.parametrize("text", ["The Russian victory surprised many.", "A Russian novel won the prize."])
def test_a_nationality_modifying_anything_else_is_no_actor(nlp, text):
    assert read(nlp, text).actors == []


@pytest.mark.parametrize("text, name", [
    ("President Obama met the envoy.", "Obama"),  # also a town's name: the title makes a person
    ("Bosnian Serbs demanded a truce.", "Bosnian Serbs"),
])
def test_titled_names_and_peoples_tagged_as_persons(nlp, text, name):
    assert name in by_name(read(nlp, text, published=None))


def test_visiting_a_country_deals_with_its_state(nlp):
    draft = read(nlp, "The Gambian president will visit Senegal next week.")
    assert by_name(draft)["Senegal"].kind == "country"
