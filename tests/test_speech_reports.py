"""The speech stage's later report shapes: closing cues, hearsay adverbs, named askers, 'as reported
by', unnamed passives, colon paragraphs, naming complements and the article's own judgments.

Every text here is written for these tests. Expected values are short phrases of those texts.
"""

from __future__ import annotations

import pytest


def statements_of(reader, text):
    """The statements of ``text`` as (kind, cue text, speaker words, content text) tuples."""
    reading = reader.read_text(text, published="2024-03-01")
    return [(s.kind, s.cue.text if s.cue else None,
             s.speaker_mention.text if s.speaker_mention else s.speaker_name, s.content.text)
            for s in reading.statements]


@pytest.mark.parametrize("text, cue, content", [
    ("Talks will go on for weeks, she said on Friday.", "said", "Talks will go on for weeks"),
    ("Mr. Ortiz, citing ''the wishes of the voters,'' said the mayor could lose the next vote.", "said",
     "the mayor could lose the next vote"),
    ('The mayor said he backs the bill, which he called "a step forward."', "said", "he backs the bill"),
    ("The family has called on police to release the videos.", "called on", "police to release the videos"),
    ("The actress was emotional as she called for the ratification of the treaty.", "called",
     "the ratification of the treaty"),
    ("The senator called her fallen son her hero before the vote.", "called", "her fallen son her hero"),
    ("He kept calling the mayor a liar.", "calling", "the mayor a liar"),
    ("Some say the plan will fail.", "say", "the plan will fail"),
    ("The diplomat recounted the storming of the embassy.", "recounted", "the storming of the embassy"),
    ("The minister alluded to a deal with the rebels.", "alluded", "a deal with the rebels"),
    ("When asked by reporters whether the ceasefire would hold, Smith shrugged.", "asked",
     "whether the ceasefire would hold"),
    ("As reported by the Tribune, the talks collapsed on Friday.", "reported", "the talks collapsed on Friday"),
    ("The talks collapsed, as first reported by the Tribune.", "reported", "The talks collapsed"),
    ("The team has reportedly consulted doctors before the debate.", "reportedly", "consulted doctors"),
    ("The closure of the mine was announced on Thursday.", "announced", "The closure of the mine"),
    ("The governor added:\n\nIt is typical of her. She knows nothing about the region.", "added",
     "She knows nothing about the region."),
])
def test_report_shapes(reader, text, cue, content):
    """Each shape yields a statement with this cue whose content holds this phrase."""
    found = [s for s in statements_of(reader, text) if s[1] and s[1].startswith(cue.split()[0])]
    assert any(content in s[3] for s in found), found


@pytest.mark.parametrize("text, speaker", [
    ("Some say the plan will fail.", "Some"),
    ("When asked by reporters whether the ceasefire would hold, Smith shrugged.", "reporters"),
    ("As reported by the Tribune, the talks collapsed on Friday.", "Tribune"),
    ("The team has reportedly consulted doctors before the debate.", None),
    ("The closure of the mine was announced on Thursday.", None),
])
def test_report_speakers(reader, text, speaker):
    """The speaker words of the shapes that name a source, and none for those that name no one."""
    found = [s for s in statements_of(reader, text) if s[0] != "stance"]
    assert found and (found[0][2] == speaker if speaker is None else speaker in (found[0][2] or "")), found


@pytest.mark.parametrize("text, content", [
    ("It seems the rebels have too few fighters left.", "the rebels have too few fighters left"),
    ("It appears that the talks have failed.", "the talks have failed"),
    ("It is unclear whether the truce will hold.", "whether the truce will hold"),
    ("It is widely believed that the talks will fail.", "the talks will fail"),
])
def test_the_articles_own_judgment_is_a_stance_with_no_speaker(reader, text, content):
    found = statements_of(reader, text)
    assert [(s[0], s[2], s[3]) for s in found] == [("stance", None, content)]


@pytest.mark.parametrize("text, cue", [
    ("Asked about the strike, officials gave no answer.", "Asked"),       # no asker named: the answer reports
    ("The general faced criticism for allegedly muddling the message.", "allegedly"),  # a charge, not hearsay
    ("The bridge was destroyed on Thursday.", None),                        # a passive deed
    ("It is likely that prices will rise.", "is likely"),                   # left to the estimates stage
    ("It was raining when the convoy left.", None),
    ("It seems to work.", None),
    ("Few people would have described the senator as a hawk when he ran in 2008.", None),
    ("The town seized by rebels burned for days.", None),
    ("As the convoy left, the town fell quiet.", None),
    ('The governor added:\n\n"We will rebuild."', "added"),                 # a quote there is direct speech
])
def test_not_these_reports(reader, text, cue):
    """No statement (cue None); no statement with this cue; or, for the colon case, only direct speech."""
    found = statements_of(reader, text)
    if cue is None:
        assert not [s for s in found if s[0] != "stance" or "when he ran" in s[3]], found
    elif cue == "added":
        assert [s[0] for s in found] == ["direct"], found
    else:
        assert not [s for s in found if s[1] == cue], found


@pytest.mark.parametrize("text, content", [
    ("HARBOURTON, March 3 (Newswire) - Dock workers ended their strike, the union said.",
     "Dock workers ended their strike"),
    ("Intro line.\n\nOLDPORT, Feb 26 - Rain fell all week in the valley, the weather office said.",
     "Rain fell all week in the valley"),
    ("OLDPORT - The union said the strike was over.", "the strike was over"),
    ("Dock workers in OLDPORT - a harbour town - ended their strike, the union said.",
     "Dock workers in OLDPORT - a harbour town - ended their strike"),  # not at a line's start: no dateline
])
def test_a_report_that_opens_the_story_starts_after_the_dateline(reader, text, content):
    assert [found for *_, found in statements_of(reader, text)] == [content]
