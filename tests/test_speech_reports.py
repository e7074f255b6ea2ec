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
        assert not [s for s in found if s[0] != "stance" and s[1] != "described" or "when he ran" in s[3]], found
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


# --- reports in relative clauses, nested quotes, headlines and loose parses ------------------------

@pytest.mark.parametrize("text, cue, content, speaker", [
    # a dateline the parser made the subject: the name beside it speaks
    ("WASHINGTON -- President Obama, opening the museum on Saturday, said it would tell an American story.",
     "said", "it would tell an American story", "Obama"),
    # a 'that'-clause far from its verb, or with 'that' read as an adverb
    ("He also told one of his young aides on a regular basis that the war was lost.", "told", "the war was lost", None),
    ("Then someone asked how the army could hold the town.", "asked", "how the army could hold the town", "someone"),
    # a report inside a relative clause: what follows the cue
    ("The party has won a seat that analysts said could decide the vote.", "said", "could decide the vote", "analysts"),
    ("The International Atomic Energy Agency cited shelling that it said could lead to human error.", "said",
     "could lead to human error", "it"),
    ("The city of Harbourton is demanding that the company stop the works.", "demanding",
     "the company stop the works", "Harbourton"),
    ("Mali and Burkina Faso, both also run by soldiers, have said an intervention would be treated as war.",
     "said", "an intervention would be treated as war", "Mali"),
    ("The agency called for a protection zone to be set up around the plant.", "called",
     "a protection zone to be set up around the plant", "agency"),
    ("The ministry denied limiting supplies.", "denied", "limiting supplies", "ministry"),
    ("The president asked for more air defence systems.", "asked", "more air defence systems", "president"),
    ("The secretary-general warned the council of a looming collapse.", "warned", "a looming collapse", "general"),
    ("The minister cited the audit as the reason for the delay.", "cited", "the audit as the reason for the delay",
     "minister"),
    ("The nuclear watchdog called for restraint.", "called", "restraint", "watchdog"),
    ("UN calls for safety zone around the plant", "calls", "safety zone", "UN"),  # a headline 'calls for'
    ("Aid convoy reaches the city as UN warns famine is imminent", "warns", "famine is imminent", "UN"),
    ("The minister pointed to attacks on her campaign funded by two businessmen.", "pointed",
     "attacks on her campaign funded by two businessmen", "minister"),
    ("The president has called upon the rebels to lay down their arms.", "called", "the rebels to lay down their arms",
     "president"),
    ("In the north, the old mill is hanging on, but it is under pressure from cheap imports, said the company's chief "
     "executive, Anna Petrova.", "said",
     "In the north, the old mill is hanging on, but it is under pressure from cheap imports", "chief executive"),
    ("But in a call with reporters on Dec. 2, Col. Anna Petrova, a military spokeswoman, said, ''We hold the line.''",
     "said", "We hold the line.", "Petrova"),
])
def test_more_report_shapes(reader, text, cue, content, speaker):
    """A statement with this cue, exactly this content and a speaker named by these words."""
    found = [s for s in statements_of(reader, text) if s[1] == cue]
    assert [s[3] for s in found] == [content], found
    assert speaker is None or speaker in (found[0][2] or ""), found


def test_it_speaks_only_for_an_organisation_named_before_it(reader):
    text = "The International Monetary Fund issued a report on Monday. It suggested that growth would slow."
    reading = reader.read_text(text, published="2024-03-01")
    [statement] = [s for s in reading.statements if s.cue.text == "suggested"]
    assert statement.content.text == "growth would slow" and statement.speaker_mention.text == "It"
    assert statement.speaker_name == "International Monetary Fund"
    assert not [s for s in statements_of(reader, "It suggests that the talks will fail.") if s[1] == "suggests"]


def test_a_first_person_report_inside_a_quote_is_the_quoted_speakers(reader):
    reading = reader.read_text('"I told them we would never give up," the general said.', published="2024-03-01")
    [outer] = [s for s in reading.statements if s.kind == "direct"]
    [inner] = [s for s in reading.statements if s.kind == "indirect"]
    assert inner.content.text == "we would never give up" and inner.parent == outer.id
    assert inner.speaker_name == outer.speaker_name == "the general" and inner.speaker_mention.text == "I"


def test_a_staff_member_of_a_named_organisation_speaks_for_it(reader):
    text = "A regional director of the Norwegian Refugee Council said the camps were full."
    reading = reader.read_text(text, published="2024-03-01")
    [statement] = reading.statements
    names = {a.id: a.name for a in reading.actors}
    assert [names[i] for i in statement.speakers] == ["Norwegian Refugee Council"]
    assert statement.speaker_mention.text == "A regional director of the Norwegian Refugee Council"


@pytest.mark.parametrize("text, content", [
    ("The commander was accused of abandoning his post.", "The commander was accused of abandoning his post"),
    ("Peacekeepers have been blamed for spreading the disease.", "Peacekeepers have been blamed for spreading the disease"),
])
def test_a_passive_charge_is_a_stance_held_by_no_one_named(reader, text, content):
    assert [(s[0], s[2], s[3]) for s in statements_of(reader, text)] == [("stance", None, content)]


@pytest.mark.parametrize("text", [
    "The town was condemned to ruin.",          # no charge: 'to', not 'of' or 'for'
    "Army calls up reservists",                 # 'calls up' is a deed, also in a headline
    "What they claim is false.",                # a free relative reports nothing of its own
    "The officer pointed to the map.",          # a gesture, not a report
    "The officer pointed to the crater near the school.",
])
def test_not_these_shapes(reader, text):
    assert not [s for s in statements_of(reader, text) if s[0] != "stance" or "condemned" in s[3]]
