"""Tests of recipient (target) linking in the events stage: places standing for their state,
owners of objects, authors of condemned events, reciprocal and conditional recipients, and
"we"/"our" inside a quote.

The events stage runs alone over drafts whose actors (with countries), places (with countries) and
statements are written by hand, so these tests exercise this stage and the parse only.
"""

from __future__ import annotations

import re

import pytest

from newswire.draft import Draft
from newswire.parse import load_pipeline
from newswire.records import Actor, Document, Place, Span, Statement
from newswire.stages import events

ACTORS = {  # name: (kind, country, other names in the texts)
    "Russia": ("country", "RUS", ["Moscow"]), "Ukraine": ("country", "UKR", ["Kyiv"]),
    "France": ("country", "FRA", []), "Germany": ("country", "DEU", []), "Syria": ("country", "SYR", []),
    "Turkey": ("country", "TUR", []), "Yemen": ("country", "YEM", []), "Hamas": ("group", None, []),
    "UN Security Council": ("organization", None, []), "Zelensky": ("person", "UKR", []),
    "Smith": ("person", None, []),
}
PLACES = {  # name: (kind, country)
    "Kherson": ("city", "UKR"), "Kharkiv": ("city", "UKR"), "Aleppo": ("city", "SYR"),
    "Lebanon": ("country", "LBN"), "Cizre": ("city", "TUR"), "Amman": ("city", "JOR"), "U.S.": ("country", "USA"),
}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def spans_of(text: str, names: list[str]) -> tuple[Span, ...]:
    found = [Span(m.start(), m.end(), m.group()) for name in names
             for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return tuple(sorted(found, key=lambda span: span.start))


def code(nlp, text: str, statements=()) -> Draft:
    """Run the events stage alone with hand-made actors, places and (cue, content, speaker) statements."""
    draft = Draft(document=Document(id="t", text=text, published="2024-03-01"), doc=nlp(text))
    for name, (kind, country, aliases) in ACTORS.items():
        if spans := spans_of(text, [name, *aliases]):
            draft.actors.append(Actor(id=draft.new_id("a"), name=name, kind=kind, mentions=spans, country=country))
    for name, (kind, country) in PLACES.items():
        if spans := spans_of(text, [name]):
            draft.places.append(Place(id=draft.new_id("p"), name=name, kind=kind, mentions=spans, country=country))
    ids = {a.name: a.id for a in draft.actors}
    for cue, content, speaker in statements:
        start, cue_start = text.index(content), text.index(cue)
        draft.statements.append(Statement(
            id=draft.new_id("s"), speaker=ids.get(speaker), speaker_name=speaker, kind="direct",
            cue=Span(cue_start, cue_start + len(cue), cue), content=Span(start, start + len(content), content)))
    events.annotate(draft)
    return draft


def names(draft: Draft, ids) -> list[str]:
    return [draft.actor(i).name for i in ids]


def only_event(draft: Draft, type_: str):
    found = [e for e in draft.events if e.type == type_]
    assert len(found) == 1, f"expected one {type_}, got {[(e.type, e.evidence.text) for e in draft.events]}"
    return found[0]


@pytest.mark.parametrize("text, type_, sources, targets", [
    # a place the event is aimed at stands for its state: the country actor of the text …
    ("Russian troops withdrew from Kherson.", "RETREAT", ["Russia"], ["Ukraine"]),
    ("Russia shelled Aleppo on Monday.", "ASSAULT", ["Russia"], ["Syria"]),
    # … or a country actor added for it; the actor's own troops are no recipient
    ("Syria withdrew its troops from Lebanon.", "RETREAT", ["Syria"], ["Lebanon"]),
    ("Smith visited Amman on Monday.", "CONSULT", ["Smith"], ["Jordan"]),  # the host
    # negatives: a domestic measure has no recipient equal to its actor; a place where an agreement
    # is carried out is not its recipient
    ("Turkey imposed a curfew in Cizre.", "COERCE", ["Turkey"], []),
    ("Hamas agreed to open an office in Amman.", "AGREE", ["Hamas"], []),
])
def test_places_stand_for_their_state(nlp, text, type_, sources, targets):
    draft = code(nlp, text)
    event = only_event(draft, type_)
    assert (names(draft, event.source), names(draft, event.target)) == (sources, targets)


@pytest.mark.parametrize("text, type_, targets", [
    ("Yemen rejected a U.S. request to question the detainees.", "REJECT", ["United States"]),
    ("Russia rejected a French proposal for talks.", "REJECT", ["France"]),
    ("France condemned Russia's invasion of Ukraine.", "ACCUSE", ["Russia"]),  # the invader, not Ukraine
    ("Russia shelled Kharkiv overnight. France condemned the shelling.", "ACCUSE", ["Russia"]),
    ("Germany condemned the attack on Ukraine.", "ACCUSE", []),  # negative: the victim is not the recipient
    ("Russia and Ukraine accused each other of shelling the plant.", "ACCUSE", ["Russia", "Ukraine"]),
    ("Ukraine will respect the truce as long as Russia does.", "AGREE", ["Russia"]),
    ("Smith met Zelensky in Kyiv and asked for more time.", "REQUEST", ["Zelensky"]),
    # whose territory, where the parse hangs it away from the object; a bare "land" names no one
    ("Turkey occupies a strip of about 40 km in length and 10 km wide of Syrian territory.", "COERCE", ["Syria"]),
    ("Turkey occupies a strip of land.", "COERCE", []),
])
def test_recipients_named_around_the_object(nlp, text, type_, targets):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).target) == targets


def test_figurative_strike_is_no_attack_and_meeting_takes_the_main_subject(nlp):
    draft = code(nlp, "Smith struck a conciliatory tone after meeting Zelensky.")
    assert not [e for e in draft.events if e.type == "ASSAULT"]
    event = only_event(draft, "CONSULT")
    assert (names(draft, event.source), names(draft, event.target)) == (["Smith"], ["Zelensky"])


def test_definite_body_is_the_one_body_of_that_name(nlp):
    text = 'The UN Security Council met. "I call on this council to act now," Smith said.'
    draft = code(nlp, text, statements=[("said", "I call on this council to act now", "Smith")])
    event = only_event(draft, "REQUEST")
    assert (names(draft, event.source), names(draft, event.target)) == (["Smith"], ["UN Security Council"])


@pytest.mark.parametrize("content, targets", [
    ("Our cities in Ukraine are shelled every night", ["Ukraine"]),  # the speaker's country …
    ("Our cities are shelled by Russia every night", []),  # … only when the text names it; never the speaker
])
def test_our_inside_a_quote_is_the_speakers_side(nlp, content, targets):
    text = f'"{content}," Zelensky said.'
    draft = code(nlp, text, statements=[("said", content, "Zelensky")])
    found = [e for e in draft.events if e.type == "ASSAULT"]
    assert found, draft.events
    assert "Zelensky" not in names(draft, found[0].target)
    assert names(draft, found[0].target) == targets


def test_i_inside_a_quote_is_the_speaker(nlp):
    content = "I urge Russia to withdraw from Kherson"
    draft = code(nlp, f'"{content}," Zelensky said.', statements=[("said", content, "Zelensky")])
    event = only_event(draft, "REQUEST")
    assert (names(draft, event.source), names(draft, event.target)) == (["Zelensky"], ["Russia"])


@pytest.mark.parametrize("text, type_, sources, targets", [
    # lists the parse splits: an apposition that continues the list, a modifier joined by "and"
    ("Russia, the largest country, Germany and France welcomed the truce.", "SUPPORT",
     ["Russia", "Germany", "France"], []),
    ("France and the old Germany welcomed the truce with Russia.", "SUPPORT", ["France", "Germany"], ["Russia"]),
    # a plural pronoun owned by a coordinated subject stands for all of it
    ("Russia and Ukraine postponed their talks.", "CONSULT", ["Russia", "Ukraine"], []),
    # people named by where they come from; a visit's host named as an actor
    ("Lawmakers in France welcomed the truce with Russia.", "SUPPORT", ["France"], ["Russia"]),
    ("Smith arrived in Turkey on Monday for a two-day visit.", "CONSULT", ["Smith"], ["Turkey"]),
    # the recipient of a refusal to act, and of an accord to supply someone
    ("Syria's refusal to talk to Turkey surprised Smith.", "REJECT", ["Syria"], ["Turkey"]),
    ("Germany signed an accord to supply Ukraine with gas.", "SUPPORT", ["Germany"], ["Ukraine"]),
])
def test_lists_pronouns_and_complements(nlp, text, type_, sources, targets):
    draft = code(nlp, text)
    event = only_event(draft, type_)
    assert names(draft, event.source) == sources
    assert names(draft, event.target) == targets


@pytest.fixture(scope="module")
def reader():
    from newswire.pipeline import Reader
    return Reader()


@pytest.mark.parametrize("text, type_, status", [
    ("Diplomats said peace talks between Kyiv and Moscow were unlikely before spring.", "CONSULT", "hypothetical"),
    ("It is unlikely that Russia will attack Kharkiv again.", "ASSAULT", "hypothetical"),
    ("Russia attacked Kharkiv again, officials said.", "ASSAULT", "asserted"),  # negative: a plain report
])
def test_events_inside_an_estimate_are_not_asserted(reader, text, type_, status):
    reading = reader.read_text(text, published="2024-03-01")
    found = [e for e in reading.events if e.type == type_]
    assert found and found[0].status == status


@pytest.mark.parametrize("text, type_, targets", [
    # a result participle shares the recipients of the act it follows
    ("Russian troops fired on protesters from Ukraine in Kherson, killing two people.", "ASSAULT", ["Ukraine"]),
    # the beneficiary of an object ("a camp for X"), a role's country ("the president of X")
    ("A camp for Syrian refugees was attacked by Hamas.", "ASSAULT", ["Syria"]),
    ("Smith offered to negotiate with the president of Turkey.", "AGREE", ["Turkey"]),
    # negative: "with X's help" names an ally, not the recipient
    ("France said it would tighten the blockade of Syria with Germany's help.", "THREATEN", ["Syria"]),
])
def test_recipients_through_results_owners_and_roles(nlp, text, type_, targets):
    draft = code(nlp, text)
    found = [e for e in draft.events if e.type == type_]
    assert found, [(e.type, e.evidence.text) for e in draft.events]
    assert names(draft, found[-1].target) == targets


def test_we_from_a_body_official_is_the_body(nlp):
    content = "We will not attack Russia"
    text = f'"{content}," said Smith, spokesman of the UN Security Council.'
    draft = Draft(document=Document(id="t", text=text, published="2024-03-01"), doc=nlp(text))
    smith, council = text.index("Smith"), text.index("UN Security Council")
    draft.actors.append(Actor(id="a1", name="Smith", kind="person", mentions=(Span(smith, smith + 5, "Smith"),),
                              country="USA", title="spokesman of the UN Security Council"))
    draft.actors.append(Actor(id="a2", name="UN Security Council", kind="organization",
                              mentions=(Span(council, council + 19, "UN Security Council"),)))
    draft.actors.append(Actor(id="a3", name="Russia", kind="country", country="RUS",
                              mentions=(Span(text.index("Russia"), text.index("Russia") + 6, "Russia"),)))
    start = text.index(content)
    draft.statements.append(Statement(id="s1", speaker="a1", speaker_name="Smith", kind="direct",
                                      cue=Span(text.index("said"), text.index("said") + 4, "said"),
                                      content=Span(start, start + len(content), content)))
    events.annotate(draft)
    found = [e for e in draft.events if e.target == ("a3",)]
    assert found and found[0].source == ("a2",)  # the body, not the spokesman
