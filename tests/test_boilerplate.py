"""Tests of the boilerplate stage: lines that are not the story are marked, story lines are not."""

from __future__ import annotations

import pytest

from newswire.stages.boilerplate import find_boilerplate, is_capitals_line

STORY_LINE = "Officials from both countries met in Brussels on Monday to discuss the border."


def marked(line: str) -> list:
    """The boilerplate records found when ``line`` sits between two ordinary story lines."""
    text = f"{STORY_LINE}\n{line}\nThe talks are expected to continue next week."
    return list(find_boilerplate(text))


@pytest.mark.parametrize("line, reason", [
    ("EU LEADERS SAY NEW SANCTIONS PACKAGE WILL TARGET RUSSIAN BANKS", "related-headline"),
    ("MINISTER: TALKS WITH 'NO PRECONDITIONS' COULD START BY SPRING", "related-headline"),
    ("READ MORE: What the new border deal means for trade", "related-link"),
    ("RELATED: Five things to know about the summit", "related-link"),
    ("Related: Five things to know about the summit", "related-link"),
    ("Read more", "related-link"),
    ("Click here to get our app", "related-link"),
    ("Advertisement", "ad"),
    ("ADVERTISEMENT", "ad"),
    ("Sign up for our daily briefing", "newsletter"),
    ("Subscribe to our morning newsletter", "newsletter"),
    ("Want the headlines in your inbox every day? Sign up here.", "newsletter"),
    ("Follow us on social media @example", "social"),
    ("WATCH: Convoy crosses the river at dawn", "video-caption"),
    ("Video: Convoy crosses the river at dawn", "video-caption"),
    ("Now playing", "video-caption"),
    ("Soldiers unload crates at a depot near the front. (AP Photo/Jane Doe)", "caption"),
    ("Photo: A damaged bridge outside the city / Reuters", "caption"),
    ("A convoy waits at the crossing. Photograph: John Smith/AFP", "caption"),
    ("Copyright 2022 Example News. All rights reserved.", "copyright"),
    ("© 2023 Example Media Group", "copyright"),
])
def test_marked_lines(line, reason):
    [record] = marked(line)
    assert record.reason == reason
    assert record.text == line


@pytest.mark.parametrize("line", [
    "He said no.",
    "The talks failed.",
    "NATO, the EU and the UN met the OSCE in the UAE on Monday.",
    "US, UK AND EU SIGN PACT",
    "KYIV (Reuters) - Ukrainian forces pushed forward on Tuesday, officials said.",
    'He wrote: "WE WILL NOT ACCEPT ANY DEAL THAT GIVES AWAY OUR LAND."',
    "Watchdogs said the vote was fair.",
    "Subscribers to the service complained about delays.",
    "Related talks are planned for next month in Vienna.",
    "Copyright law in the region remains weak, critics say.",
    "Photographers were kept away from the site.",
])
def test_ordinary_lines_are_not_marked(line):
    assert marked(line) == []


def test_headline_line_offsets_exclude_the_line_break():
    headline = "EU LEADERS SAY NEW SANCTIONS PACKAGE WILL TARGET RUSSIAN BANKS"
    text = f"{STORY_LINE}\r\n{headline}\r\nMore story follows here."
    [record] = find_boilerplate(text)
    assert (record.start, record.end) == (text.index(headline), text.index(headline) + len(headline))
    assert text[record.start:record.end] == headline


def test_story_own_headline_on_first_line_is_kept():
    text = "RUSSIAN TROOPS LEAVE CITY AFTER MONTHS OF FIGHTING\n" + STORY_LINE
    assert list(find_boilerplate(text)) == []


def test_text_all_in_capitals_is_not_marked_line_by_line():
    text = "RUSSIAN TROOPS LEFT THE CITY ON FRIDAY.\nTHE MAYOR SAID THE SHELLING HAD STOPPED.\nRESIDENTS RETURNED."
    assert list(find_boilerplate(text)) == []


@pytest.mark.parametrize("line, expected", [
    ("POLICE SAY SUSPECT WAS ARRESTED NEAR THE BORDER", True),
    ("The Police Say The Suspect Was Arrested", False),
    ("NATO and the EU", False),
    ("UN, EU, US, UK, OSCE", False),
])
def test_capitals_line(line, expected):
    assert is_capitals_line(line) is expected


@pytest.mark.parametrize("text", ["", "\n\n", '"' * 5000, "\u2028x\u2029", "A\rB\rC"])
def test_odd_text_gives_no_error(text):
    for record in find_boilerplate(text):
        assert text[record.start:record.end] == record.text


def test_reader_codes_no_event_from_a_related_headline(reader):
    headline = "ISRAELI JETS BOMB HAMAS POSITIONS IN GAZA, ARMY SAYS"
    text = f"Egypt hosted talks between the two sides in Cairo on Monday.\n{headline}\nThe talks went on."
    reading = reader.read_text(text, published="2023-10-10")
    [record] = reading.boilerplate
    assert record.reason == "related-headline"
    start = text.index(headline)
    assert not [e for e in reading.events if start <= e.evidence.start < start + len(headline)]
