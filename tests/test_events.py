"""Tests of the events stage: PLOVER type, mode, status, condition, participants, date and statement.

Most tests run the events stage alone over a draft whose actors, places and statements are written
by hand, so they test this stage and the parse only; a few read whole texts through the Reader.
"""

from __future__ import annotations

import re

import pytest

from newswire.draft import Draft
from newswire.parse import load_pipeline
from newswire.records import Actor, Boilerplate, Document, Place, Span, Statement
from newswire.stages import events
from newswire.stages.events_dates import resolve_date

ACTORS = {  # name: (kind, other names in the texts)
    "Russia": ("country", ["Moscow", "Russian", "Kremlin"]),
    "Ukraine": ("country", ["Kyiv", "Ukrainian"]),
    "France": ("country", []), "Germany": ("country", []), "Poland": ("country", []),
    "Belarus": ("country", []), "Iran": ("country", []), "Turkey": ("country", []),
    "NATO": ("organization", []), "European Union": ("organization", ["EU"]), "Hamas": ("group", []),
    "Zelensky": ("person", []), "Smith": ("person", []),
}
PLACES = ["Kherson", "Crimea", "Minsk", "Kharkiv", "Geneva", "Gaza"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def mentions_of(text: str, names: list[str]) -> tuple[Span, ...]:
    found = [Span(m.start(), m.end(), m.group())
             for name in names for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    return tuple(sorted(found, key=lambda span: span.start))


def code(nlp, text: str, *, published: str | None = "2022-11-16", statements=(), boilerplate=()) -> Draft:
    """Run the events stage alone over ``text`` with hand-made actors, places and statements.

    ``statements`` holds (cue, content, speaker name) triples located by their first occurrence.
    """
    draft = Draft(document=Document(id="t", text=text, published=published), doc=nlp(text))
    draft.boilerplate.extend(boilerplate)
    for name, (kind, aliases) in ACTORS.items():
        spans = mentions_of(text, [name, *aliases])
        if spans:
            draft.actors.append(Actor(id=draft.new_id("a"), name=name, kind=kind, mentions=spans))
    for name in PLACES:
        if spans := mentions_of(text, [name]):
            draft.places.append(Place(id=draft.new_id("p"), name=name, kind="city", mentions=spans))
    ids = {a.name: a.id for a in draft.actors}
    for cue, content, speaker in statements:
        start, cue_start = text.index(content), text.index(cue)
        draft.statements.append(Statement(
            id=draft.new_id("s"), speaker=ids.get(speaker), speaker_name=speaker, kind="indirect",
            cue=Span(cue_start, cue_start + len(cue), cue), content=Span(start, start + len(content), content)))
    events.annotate(draft)
    return draft


def names(draft: Draft, ids) -> list[str]:
    return [draft.actor(i).name for i in ids]


def only_event(draft: Draft, type_: str):
    found = [e for e in draft.events if e.type == type_]
    assert len(found) == 1, f"expected one {type_}, got {[(e.type, e.evidence.text) for e in draft.events]}"
    return found[0]


@pytest.mark.parametrize("text, type_, mode, status", [
    ("Russian troops withdrew from Kherson.", "RETREAT", "withdraw", "asserted"),
    ("Russian troops did not withdraw from Kherson.", "RETREAT", "withdraw", "negated"),
    ("Russia never occupied Kharkiv.", "COERCE", "seize", "negated"),
    ("Peace talks could begin between Kyiv and Moscow.", "CONSULT", None, "hypothetical"),
    ("Russia might attack Poland.", "ASSAULT", None, "hypothetical"),
    ("If Russia attacks Poland, NATO will respond.", "ASSAULT", None, "hypothetical"),
    ("Ukraine plans to launch a counteroffensive near Kherson.", "ASSAULT", None, "hypothetical"),
    ("Ukraine will not hold talks with Russia until Russian troops leave Crimea.", "REJECT", "meet", "conditional"),
    ("Ukraine will not negotiate with Russia.", "REJECT", "meet", "asserted"),
    ("Ukraine refused to negotiate with Russia.", "REJECT", "meet", "asserted"),
    ("France urged Russia to release the prisoners.", "REQUEST", "yield", "asserted"),
    ("France called on Iran to return to negotiations.", "REQUEST", "meet", "asserted"),
    ("Iran condemned the new sanctions.", "ACCUSE", "disapprove", "asserted"),
    ("Russia accused Ukraine of shelling the plant.", "ACCUSE", "allege", "asserted"),
    ("Turkey threatened to attack Kurdish militias.", "THREATEN", "violence", "asserted"),
    ("Police arrested two journalists in Minsk.", "COERCE", "arrest", "asserted"),
    ("Hamas released two hostages in Gaza.", "RETREAT", "release", "asserted"),
    ("Russia mobilised thousands of reservists.", "MOBILIZE", "troops", "asserted"),
    ("Russian drones attacked Kharkiv.", "ASSAULT", "drone", "asserted"),
    ("Russia launched missile strikes on Kyiv.", "ASSAULT", "heavy-weapons", "asserted"),
    ("Germany sent tanks to Ukraine.", "AID", None, "asserted"),
    ("The European Union imposed sanctions on Belarus.", "SANCTION", "discontinue", "asserted"),
    ("Zelensky met the French president in Geneva.", "CONSULT", None, "asserted"),
    ("Germany praised the agreement.", "SUPPORT", None, "asserted"),
])
def test_type_mode_and_status(nlp, text, type_, mode, status):
    event = only_event(code(nlp, text), type_)
    assert (event.mode, event.status) == (mode, status)
    assert event.cameo and event.cameo.isdigit()


@pytest.mark.parametrize("text, type_, cameo", [
    ("Germany will send tanks to Ukraine.", "AGREE", "033"),  # future aid is a promise
    ("Zelensky will meet the French president in Geneva.", "AGREE", "036"),  # future meeting
    ("Russia will withdraw its troops from Kherson.", "CONCEDE", "0356"),  # announced retreat
])
def test_future_tense_follows_plover(nlp, text, type_, cameo):
    event = only_event(code(nlp, text), type_)
    assert event.cameo == cameo


def test_conditional_refusal_keeps_its_condition(nlp):
    text = "Ukraine will not hold talks with Russia until Russian troops leave Crimea and pay for the damage."
    event = only_event(code(nlp, text), "REJECT")
    assert event.status == "conditional"
    assert event.condition.text == "until Russian troops leave Crimea and pay for the damage"
    assert text[event.condition.start:event.condition.end] == event.condition.text
    assert event.cameo == "125"


@pytest.mark.parametrize("text, type_, sources, targets", [
    ("France urged Russia and Ukraine to resume negotiations.", "REQUEST", ["France"], ["Russia", "Ukraine"]),
    ("Peace talks could begin between Kyiv and Moscow.", "CONSULT", ["Ukraine", "Russia"], []),
    ("Russia and Ukraine held talks in Geneva.", "CONSULT", ["Russia", "Ukraine"], []),
    ("Ukraine will not hold talks with Russia until Russian troops leave Crimea.", "REJECT", ["Ukraine"], ["Russia"]),
    ("The European Union imposed sanctions on Belarus.", "SANCTION", ["European Union"], ["Belarus"]),
    ("Russia's withdrawal from Kherson surprised analysts.", "RETREAT", ["Russia"], []),
    ("Germany and France sent tanks to Ukraine.", "AID", ["Germany", "France"], ["Ukraine"]),
    ("Smith faced criticism from Iran.", "ACCUSE", ["Iran"], ["Smith"]),
    ("Zelensky met Smith in Geneva.", "CONSULT", ["Zelensky"], ["Smith"]),  # the one met is the recipient
    ("Zelensky and Smith held talks in Geneva.", "CONSULT", ["Zelensky", "Smith"], []),  # no distinction: all act
    ("Zelensky visited Turkey.", "CONSULT", ["Zelensky"], ["Turkey"]),  # the host is the recipient
    ("Russia's ability to pull more men into its ranks worried Kyiv.", "MOBILIZE", ["Russia"], []),
])
def test_sources_and_targets(nlp, text, type_, sources, targets):
    draft = code(nlp, text)
    event = only_event(draft, type_)
    assert names(draft, event.source) == sources
    assert names(draft, event.target) == targets


def test_place_and_pronoun_subject(nlp):
    text = "Russia said nothing. Then it withdrew its forces from Kherson."
    draft = code(nlp, text)
    event = only_event(draft, "RETREAT")
    assert names(draft, event.source) == ["Russia"]
    assert draft.places[0].id == event.place and draft.places[0].name == "Kherson"


def test_occupied_share_of_a_country_names_the_country(nlp):
    draft = code(nlp, "Russia still occupies roughly a fifth of Ukraine.")
    event = only_event(draft, "COERCE")
    assert names(draft, event.target) == ["Ukraine"]
    assert event.evidence.text == "Russia still occupies roughly a fifth of Ukraine"


@pytest.mark.parametrize("text, published, date", [
    ("Russia attacked Kharkiv on Tuesday.", "2022-11-16", "2022-11-15"),
    ("Russia attacked Kharkiv on Tuesday.", None, None),
    ("Russia attacked Kharkiv yesterday.", "2022-11-16", "2022-11-15"),
    ("Russia attacked Kharkiv last week.", "2022-11-16", "2022-11-07"),
    ("Russia attacked Kharkiv last week.", None, None),
    ("Russia attacked Kharkiv on 9 November 2022.", None, "2022-11-09"),
    ("Russia attacked Kharkiv.", "2022-11-16", None),
])
def test_event_date(nlp, text, published, date):
    event = only_event(code(nlp, text, published=published), "ASSAULT")
    assert event.date == date


def test_date_of_a_report_reaches_the_events_inside_it(nlp):
    text = "Smith said last week that talks could begin between Kyiv and Moscow."
    event = only_event(code(nlp, text), "CONSULT")
    assert (event.status, event.date) == ("hypothetical", "2022-11-07")


@pytest.mark.parametrize("expression, published, future, expected", [
    ("last week", "2022-11-16", False, "2022-11-07"),
    ("this week", "2022-11-16", False, "2022-11-14"),
    ("next week", "2022-11-16", True, "2022-11-21"),
    ("on Wednesday", "2022-11-16", False, "2022-11-16"),
    ("last Wednesday", "2022-11-16", False, "2022-11-09"),
    ("Friday", "2022-11-16", True, "2022-11-18"),
    ("Friday", "2022-11-16", False, "2022-11-11"),
    ("two days ago", "2022-11-16", False, "2022-11-14"),
    ("last month", "2022-11-16", False, "2022-10-01"),
    ("Nov. 9", "2022-11-16", False, "2022-11-09"),
    ("December 30", "2023-01-02", False, "2022-12-30"),
    ("9 November 2022", None, False, "2022-11-09"),
    ("2022-11-09", None, False, "2022-11-09"),
    ("Nov. 9", None, False, None),
    ("yesterday", None, False, None),
    ("the winter months", "2022-11-16", False, None),
    ("tomorrow", "not a date", False, None),
])
def test_resolve_date(expression, published, future, expected):
    assert resolve_date(expression, published, future=future) == expected


def test_statement_links(nlp):
    text = "Smith urged Russia to leave Kherson. Smith said Russia occupies part of Ukraine."
    draft = code(nlp, text, statements=[("urged", "Russia to leave Kherson", "Smith"),
                                        ("said", "Russia occupies part of Ukraine", "Smith")])
    request, occupation = only_event(draft, "REQUEST"), only_event(draft, "COERCE")
    assert request.statement == "s1"  # the request is expressed by the statement
    assert occupation.statement == "s2"  # the occupation is reported inside it


def test_pronoun_in_reported_speech_is_the_speaker(nlp):
    text = "Zelensky said he will not negotiate with Russia."
    draft = code(nlp, text, statements=[("said", "he will not negotiate with Russia", "Zelensky")])
    event = only_event(draft, "REJECT")
    assert names(draft, event.source) == ["Zelensky"] and names(draft, event.target) == ["Russia"]
    assert event.statement == "s1"


@pytest.mark.parametrize("text", [
    "You want to negotiate from a position of strength.",
    "He warned that the war would be long.",
    "The weather in Kyiv was cold and wet.",
    "There may be some advantages to fighting in winter.",
    "Russia urged Ukraine to negotiate.",  # one REQUEST, the complement is not coded again
])
def test_no_extra_events(nlp, text):
    draft = code(nlp, text)
    assert len(draft.events) <= 1
    assert all(e.type == "REQUEST" for e in draft.events)


def test_nothing_coded_from_boilerplate(nlp):
    text = "Officials met in Geneva.\nRUSSIAN FORCES ATTACK KHARKIV AGAIN, OFFICIALS SAY\nThe talks went on."
    start = text.index("RUSSIAN")
    line = Boilerplate(start, text.index("\nThe talks"), "related-headline", "")
    draft = code(nlp, text, boilerplate=[line])
    assert not [e for e in draft.events if e.evidence.start >= start and e.evidence.end <= line.end]


def test_spans_point_into_the_text(nlp):
    text = "Russia will not withdraw from Crimea unless NATO stops expanding, the Kremlin said."
    draft = code(nlp, text)
    assert draft.events
    for event in draft.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        if event.condition is not None:
            assert text[event.condition.start:event.condition.end] == event.condition.text


@pytest.mark.parametrize("text", ["", '"' * 3000, "\u201c" * 500 + " attack " + "\u201d" * 500,
                                  "RUSSIA ATTACKED KHARKIV. UKRAINE WILL NOT NEGOTIATE UNTIL IT LEAVES."])
def test_odd_text_gives_no_error(nlp, text):
    draft = code(nlp, text)
    for event in draft.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text


def test_long_document_is_coded(nlp):
    paragraph = ("Russian forces shelled Kharkiv on Tuesday. Ukraine will not hold talks with Russia until "
                 "Russian troops leave Crimea. France urged Russia to release the prisoners.\n")
    draft = code(nlp, paragraph * 150)
    assert len(draft.events) == 3 * 150
    assert len({e.id for e in draft.events}) == len(draft.events)


# The founding example (read from ../shared, not copied): the events the brief names.
@pytest.fixture(scope="module")
def founding(reader, founding_text):
    return reader.read_text(founding_text, published="2022-11-16")


def event_at(reading, phrase: str, type_: str):
    start = reading.document.text.index(phrase)
    found = [e for e in reading.events if e.type == type_ and e.evidence.start <= start < e.evidence.end]
    assert found, f"no {type_} event covers {phrase!r}: {[(e.type, e.evidence.text) for e in reading.events]}"
    return found[0]


@pytest.mark.parametrize("phrase, type_, status", [
    ("urged Kyiv", "REQUEST", "asserted"),
    ("7th session", "CONSULT", "asserted"),
    ("pull more men", "MOBILIZE", "asserted"),
    ("still occupies", "COERCE", "asserted"),
    ("peace talks could begin", "CONSULT", "hypothetical"),
    ("withdrew from Kherson", "RETREAT", "asserted"),
    ("some criticism", "ACCUSE", "asserted"),
    ("will not engage", "REJECT", "conditional"),
])
def test_founding_example_events(founding, phrase, type_, status):
    assert event_at(founding, phrase, type_).status == status


def test_founding_example_details(founding):
    text = founding.document.text
    talks = event_at(founding, "peace talks could begin", "CONSULT")
    assert talks.date == "2022-11-07" and talks.statement is not None and len(talks.source) == 2
    retreat = event_at(founding, "withdrew from Kherson", "RETREAT")
    assert any(p.id == retreat.place and p.name == "Kherson" for p in founding.places)
    refusal = event_at(founding, "will not engage", "REJECT")
    assert refusal.condition.text.startswith("until they withdraw") and refusal.condition.text.endswith("committed")
    assert refusal.statement is not None
    request = event_at(founding, "urged Kyiv", "REQUEST")
    assert len(request.target) == 2
    [headline] = [b for b in founding.boilerplate if b.reason == "related-headline"]
    assert not [e for e in founding.events if headline.start <= e.evidence.start < headline.end]
    assert text[headline.start:headline.end].isupper()


# Round 2 rules: each with texts that must and must not give the event.
@pytest.mark.parametrize("text, type_, sources, targets", [
    ("Smith warned that Russia would retaliate against any attack.", "THREATEN", ["Smith"], ["Russia"]),
    ("The Kremlin warned that any expansion of NATO would bring a swift response.", "THREATEN", ["Russia"], ["NATO"]),
    ("Smith warned that the European Union would come to regret the decision.", "THREATEN", ["Smith"],
     ["European Union"]),
    ("The European Union adopted a new package of sanctions against Russia.", "SANCTION", ["European Union"],
     ["Russia"]),
    ("Poland formally joined NATO on Tuesday.", "SUPPORT", ["Poland"], ["NATO"]),
    ("Russia blocked the aid convoys heading to Gaza.", "REJECT", ["Russia"], []),
    ("France demanded the withdrawal of Russian troops from Crimea.", "REQUEST", ["France"], ["Russia"]),
    ("Ukraine rejected calls by Turkey for a truce.", "REJECT", ["Ukraine"], ["Turkey"]),
    ("Germany agreed to provide millions of euros of aid for Ukraine.", "AGREE", ["Germany"], ["Ukraine"]),
])
def test_round_two_rules(nlp, text, type_, sources, targets):
    event = only_event(code(nlp, text), type_)
    assert names(code(nlp, text), event.source) == sources
    assert names(code(nlp, text), event.target) == targets


@pytest.mark.parametrize("text, absent", [
    ("Smith warned that prices would rise in winter.", "THREATEN"),  # a forecast, not a threat
    ("Smith warned that Russia had attacked Kharkiv.", "THREATEN"),  # a report in the past
    ("Poland joined the talks on Tuesday.", "SUPPORT"),  # joining talks is no support of an actor
    ("Protesters blocked the road to Minsk.", "REJECT"),  # blocking a road is a protest
    ("The European Union adopted a new budget.", "SANCTION"),
    ("Russian troops crossed the river near Kherson.", "ASSAULT"),  # only crossing a border is an incursion
])
def test_round_two_negatives(nlp, text, absent):
    assert absent not in [e.type for e in code(nlp, text).events]


@pytest.mark.parametrize("text, type_", [
    ("An aid convoy reached Gaza on Tuesday.", "AID"),
    ("Russian troops crossed the border into Ukraine.", "ASSAULT"),
    ("Ukrainian units are counterattacking near Kharkiv.", "ASSAULT"),
    ("A powerful explosion destroyed the bridge to Crimea.", "ASSAULT"),
    ("Heavy artillery fire continued in Kharkiv on Sunday.", "ASSAULT"),
    ("The Russian prosecutor opened a criminal case against Smith.", "ACCUSE"),
    ("NATO ordered the activation of a standby force.", "MOBILIZE"),
])
def test_round_two_triggers(nlp, text, type_):
    assert type_ in [e.type for e in code(nlp, text).events]


def test_explosion_without_effect_or_participant_is_not_coded(nlp):
    assert "ASSAULT" not in [e.type for e in code(nlp, "The explosion was loud.").events]


def test_as_long_as_clause_is_a_condition(nlp):
    event = only_event(code(nlp, "Smith said his forces would respect the truce as long as Russia did."), "AGREE")
    assert event.status == "conditional" and event.condition.text == "as long as Russia did"
    assert names(code(nlp, "Smith said his forces would respect the truce as long as Russia did."),
                 event.source) == ["Smith"]


def test_speech_act_joined_to_a_reported_clause_takes_the_speaker(nlp):
    text = "Zelensky said the city had enough fuel and urged residents not to panic."
    event = only_event(code(nlp, text), "REQUEST")
    assert names(code(nlp, text), event.source) == ["Zelensky"]


@pytest.mark.parametrize("text, type_, cameo", [
    ("The farmers said they would blockade Minsk from Monday.", "THREATEN", "1312"),
    ("The European Union said it would impose sanctions on Belarus.", "THREATEN", "1313"),
])
def test_announced_coercion_is_a_threat(nlp, text, type_, cameo):
    event = only_event(code(nlp, text), type_)
    assert event.cameo == cameo and event.status == "asserted"


def test_past_coercion_stays_coercion(nlp):
    assert [e.type for e in code(nlp, "The farmers blockaded Minsk on Monday.").events] == ["COERCE"]


@pytest.mark.parametrize("text, type_, targets", [
    ("Students staged a hunger strike to demand the resignation of Zelensky.", "PROTEST", ["Zelensky"]),
    ("Hamas threatened a general strike unless Turkey rescinded the law.", "THREATEN", ["Turkey"]),
    ("Workers rioted in Minsk, calling for the removal of Smith.", "PROTEST", ["Smith"]),
])
def test_protests_and_threats_aimed_through_clauses(nlp, text, type_, targets):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).target) == targets


def test_protest_without_a_named_aim_has_no_target(nlp):
    draft = code(nlp, "Smith staged a hunger strike to demand better food.")
    assert only_event(draft, "PROTEST").target == ()


def test_speech_act_after_an_order_is_the_orderer(nlp):
    text = "Zelensky ordered his army to advance and accused Russia of lying."
    draft = code(nlp, text)
    event = only_event(draft, "ACCUSE")
    assert names(draft, event.source) == ["Zelensky"] and names(draft, event.target) == ["Russia"]


def test_convoy_names_its_owner(nlp):
    draft = code(nlp, "A convoy of European Union trucks reached Gaza on Tuesday.")
    assert names(draft, only_event(draft, "AID").source) == ["European Union"]


@pytest.mark.parametrize("text, type_, cameo, status", [
    ("Russia is willing to withdraw its troops from Kherson.", "AGREE", "0356", "asserted"),
    ("Smith said he is prepared to lift the curfew in Minsk.", "AGREE", "035", "asserted"),
    ("Turkey said it would meet Ukraine if Russia stopped the shelling.", "AGREE", "036", "conditional"),
    ("Russia will withdraw its troops from Kherson.", "CONCEDE", "0356", "asserted"),  # announced retreat
])
def test_offers_are_agreements(nlp, text, type_, cameo, status):
    event = only_event(code(nlp, text), type_)
    assert (event.cameo, event.status) == (cameo, status)


@pytest.mark.parametrize("text, type_, sources", [
    ("Turkey is opposed to the French mediation.", "REJECT", ["Turkey"]),
    ("Zelensky said he is prepared to lift the curfew in Kharkiv.", "AGREE", ["Zelensky"]),
    ("Russia sped up the withdrawal of its troops from Kherson.", "RETREAT", ["Russia"]),
])
def test_sources_of_stative_and_adjectival_clauses(nlp, text, type_, sources):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).source) == sources


def test_plain_passive_subject_is_still_the_target(nlp):
    draft = code(nlp, "Turkey was criticized by France.")
    event = only_event(draft, "ACCUSE")
    assert names(draft, event.source) == ["France"] and names(draft, event.target) == ["Turkey"]


@pytest.mark.parametrize("text, type_", [
    ("Smith called Zelensky on Tuesday.", "CONSULT"),  # a phone call, not an appeal
    ("France called on Russia to withdraw.", "REQUEST"),
    ("The head of NATO on Tuesday called for a safety zone to be set up around the plant.", "REQUEST"),
])
def test_call_is_a_phone_call_or_an_appeal(nlp, text, type_):
    assert [e.type for e in code(nlp, text).events] == [type_]


def test_a_date_is_no_preposition_of_the_trigger(nlp):
    assert "REQUEST" not in [e.type for e in code(nlp, "On Monday, Smith called Zelensky to discuss the war.").events]


def test_demand_that_names_its_target(nlp):
    draft = code(nlp, "France repeated its demand that Russia withdraw.")
    event = only_event(draft, "REQUEST")
    assert names(draft, event.source) == ["France"] and names(draft, event.target) == ["Russia"]


@pytest.mark.parametrize("text, sources", [
    ("Belarus held elections. Two weeks later the country's government asked NATO to leave.", ["Belarus"]),
    ("Smith held elections. Two weeks later the country's government asked NATO to leave.", []),  # no country
])
def test_the_country_is_the_last_country_named(nlp, text, sources):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, "REQUEST").source) == sources


@pytest.mark.parametrize("text, type_, sources", [
    ("Russia will not return to the grain deal.", "REJECT", ["Russia"]),
    ("Zelensky said his government would not meet the spending target.", "REJECT", ["Zelensky"]),
    ("Turkey will honour its commitments to NATO.", "AGREE", ["Turkey"]),
])
def test_commitments_kept_or_refused(nlp, text, type_, sources):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).source) == sources


@pytest.mark.parametrize("text", ["Smith will return to Minsk on Monday.", "Smith met the deadline for the report."])
def test_returning_home_or_a_deadline_is_no_agreement_with_an_actor(nlp, text):
    assert not [e for e in code(nlp, text).events if e.type in ("AGREE", "REJECT")]


@pytest.mark.parametrize("text, type_, targets", [
    ("France suspended air links with Belarus.", "SANCTION", ["Belarus"]),
    ("Poland mobilized reservists for a possible war against Belarus.", "MOBILIZE", ["Belarus"]),
    ("Poland mobilized reservists for a possible war.", "MOBILIZE", []),
])
def test_target_owned_by_the_object(nlp, text, type_, targets):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).target) == targets


@pytest.mark.parametrize("text, type_, sources", [
    ("Russia has moved more than 2,000 troops to the area.", "MOBILIZE", ["Russia"]),
    ("Turkey completed three days of military exercises.", "MOBILIZE", ["Turkey"]),
])
def test_moved_troops_and_measured_exercises(nlp, text, type_, sources):
    draft = code(nlp, text)
    assert names(draft, only_event(draft, type_).source) == sources


@pytest.mark.parametrize("text", ["Smith moved to Minsk in May.", "Three days of exercises ended on Friday."])
def test_no_mobilization_without_troops_or_actor(nlp, text):
    assert "MOBILIZE" not in [e.type for e in code(nlp, text).events]


def test_apposition_names_the_person(nlp):
    draft = code(nlp, "A senior Russian official, Smith, accused Ukraine of shelling the plant.")
    assert names(draft, only_event(draft, "ACCUSE").source) == ["Smith"]


@pytest.mark.parametrize("text, sources", [
    ("Zelensky said Hamas would keep fighting and warned that Russia would pay a heavy price.", ["Zelensky"]),
    ("Zelensky said Hamas attacked the city and accused Turkey of helping.", ["Hamas"]),  # same tense: Hamas
])
def test_speech_act_joined_across_tenses_is_the_speakers(nlp, text, sources):
    draft = code(nlp, text)
    event = next(e for e in draft.events if e.type in ("THREATEN", "ACCUSE"))
    assert names(draft, event.source) == sources
