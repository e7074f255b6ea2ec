"""Tests of the estimates stage: estimative judgments read as calibrated probabilities."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest

from newswire.draft import Draft
from newswire.estimates_eval import evaluate_cue_detection, evaluate_phrase_calibration
from newswire.pipeline import Reader
from newswire.records import Actor, Document, Span, Statement
from newswire.stages import estimates
from newswire.stages.estimates_cues import find_cues
from newswire.stages.estimates_scale import numeric_estimate, table

from conftest import shared_file



def judgments(reader: Reader, text: str):
    """The assessments the full reader finds in ``text``."""
    return reader.read_text(text, published="2024-01-01").assessments


def only(reader: Reader, text: str, expression: str):
    """The one assessment whose expression is ``expression``."""
    found = [a for a in judgments(reader, text) if a.expression.text == expression]
    assert len(found) == 1, [a.expression.text for a in judgments(reader, text)]
    return found[0]


# (text, expression, lowest acceptable point, highest acceptable point, proposition or None)
JUDGMENTS = [
    # calibrated phrases
    ("Officials said a ceasefire before spring is unlikely.", "unlikely", 0.1, 0.3, "a ceasefire before spring"),
    (
        "The bridge will almost certainly reopen in March.",
        "almost certainly",
        0.9,
        0.99,
        "The bridge will almost certainly reopen in March",
    ),
    ("It is doubtful that the pipeline will be repaired.", "doubtful", 0.1, 0.35, "the pipeline will be repaired"),
    ("A second round of voting is a toss-up.", "toss-up", 0.45, 0.55, "A second round of voting"),
    # negation
    (
        "The chance of a ceasefire this year is not high, the minister said.",
        "not high",
        0.0,
        0.35,
        "a ceasefire this year",
    ),
    ("A deal is not likely to be signed this week.", "not likely", 0.2, 0.4, None),
    (
        "Analysts said a collapse of the northern front is not impossible.",
        "not impossible",
        0.05,
        0.4,
        "a collapse of the northern front",
    ),
    (
        "We have no reason to doubt that the talks will resume.",
        "no reason to doubt",
        0.75,
        0.95,
        "the talks will resume",
    ),
    # intensifiers and softeners
    (
        "A full withdrawal of the garrison is very unlikely.",
        "very unlikely",
        0.0,
        0.15,
        "A full withdrawal of the garrison",
    ),
    ("An attack on the capital is extremely unlikely.", "extremely unlikely", 0.0, 0.05, "An attack on the capital"),
    ("Further escalation is fairly likely.", "fairly likely", 0.55, 0.69, "Further escalation"),
    # "the chance of X is Y"
    (
        "The probability of the rebels taking the port is close to zero.",
        "close to zero",
        0.0,
        0.05,
        "the rebels taking the port",
    ),
    ("The chances of a breakthrough at the summit are slim.", "slim", 0.05, 0.2, "a breakthrough at the summit"),
    ("The odds of a runoff are 50-50.", "50-50", 0.5, 0.5, "a runoff"),
    # numbers
    ("Forecasters give a 70% chance of a ceasefire by June.", "70% chance", 0.7, 0.7, "a ceasefire by June"),
    ("There is a one in three chance of a second round.", "one in three chance", 0.33, 0.34, "a second round"),
    (
        "There is a better than even chance that the bridge reopens.",
        "better than even chance",
        0.55,
        0.65,
        "the bridge reopens",
    ),
    ("Analysts put the chances of a deal at one in three.", "one in three", 0.33, 0.34, "a deal"),
    ("There is a good chance the talks resume.", "good chance", 0.6, 0.8, "the talks resume"),
    # modals and hedged forecasts
    (
        "The artillery on the eastern bank could still reach the city.",
        "could still reach",
        0.3,
        0.6,
        "The artillery on the eastern bank could still reach the city",
    ),
    ("The talks may or may not resume.", "may or may not", 0.45, 0.55, "The talks may or may not resume"),
    ("Peace talks could begin next month.", "could begin", 0.3, 0.6, "Peace talks could begin next month"),
    ("There may be new sanctions on oil exports.", "There may be", 0.3, 0.6, "new sanctions on oil exports"),
    (
        "The general warned that the war would not end any time soon.",
        "would not end",
        0.8,
        0.95,
        "the war would not end any time soon",  # the probability is for the clause as written
    ),
    ("The bill is expected to pass next week.", "is expected to", 0.6, 0.8, "The bill is expected to pass next week"),
    # difficulty
    ("Retaking the city will be a very difficult task.", "a very difficult task", 0.15, 0.35, "Retaking the city"),
    ("It will be hard to reopen the port before winter.", "hard", 0.2, 0.45, "reopen the port before winter"),
    # propositions after "for", without "that", and in relative clauses
    (
        "It is possible for the army to retake the town by spring.",
        "possible",
        0.3,
        0.6,
        "the army to retake the town by spring",
    ),
    ("Analysts said it is possible for the truce to collapse.", "possible", 0.3, 0.6, "the truce to collapse"),
    (
        "The envoy said there is a high probability it came from the south.",
        "high probability",
        0.7,
        0.9,
        "it came from the south",
    ),
    (
        "The monitors cited poor wiring that they said could lead to a fire.",
        "could lead",
        0.3,
        0.6,
        "poor wiring that they said could lead to a fire",
    ),
    (
        "The mayor rejected a plan that she said was unlikely to survive the winter.",
        "unlikely",
        0.1,
        0.3,
        "a plan that she said was unlikely to survive the winter",
    ),
]


@pytest.mark.parametrize(("text", "expression", "lowest", "highest", "proposition"), JUDGMENTS)
def test_judgment_is_read_and_calibrated(reader, text, expression, lowest, highest, proposition):
    found = only(reader, text, expression)
    assert lowest - 1e-9 <= found.probability <= highest + 1e-9
    assert 0 <= found.low <= found.probability <= found.high <= 1
    assert text[found.expression.start : found.expression.end] == expression
    if proposition is not None:
        assert found.proposition is not None and found.proposition.text == proposition


@pytest.mark.parametrize(
    ("text", "expression", "basis"),
    [
        ("Forecasters give a 70% chance of a ceasefire by June.", "70% chance", "numeric"),
        ("Peace talks could begin next month.", "could begin", "modal"),
        ("Retaking the city will be a very difficult task.", "a very difficult task", "difficulty"),
        ("Officials said a ceasefire before spring is unlikely.", "unlikely", "phrase"),
    ],
)
def test_basis_names_what_the_number_rests_on(reader, text, expression, basis):
    assert only(reader, text, expression).basis == basis


@pytest.mark.parametrize(
    ("text", "expression", "condition"),
    [
        ("If the rains come early, the offensive may stall.", "may stall", "If the rains come early"),
        (
            "If the talks fail, if that happens, then the truce may collapse, it may not.",
            "may collapse, it may not",
            "If the talks fail, if that happens",
        ),
        ("The offensive may stall if the rains come early.", "may stall", "if the rains come early"),
    ],
)
def test_condition_is_the_if_clause(reader, text, expression, condition):
    found = only(reader, text, expression)
    assert found.condition is not None and found.condition.text == condition


def test_may_and_may_not_together_read_as_even(reader):
    found = only(
        reader,
        "If the talks fail, if that happens, then the truce may collapse, it may not.",
        "may collapse, it may not",
    )
    assert 0.45 <= found.probability <= 0.55


def test_plain_judgment_has_no_condition(reader):
    assert only(reader, "Peace talks could begin next month.", "could begin").condition is None


@pytest.mark.parametrize(
    "text",
    [
        "We assess with high confidence that the convoy left the base on Monday.",  # confidence, not likelihood
        "Visitors may enter the museum free of charge on Sundays.",  # permission
        "You may leave your bags at the front desk.",  # permission
        "The soldiers could not reach the border before dark.",  # past inability
        "She could swim across the river when she was ten.",  # past ability
        "The president will not attend the summit in Geneva.",  # intention, not forecast
        "The ministers met in May to discuss the grain corridor.",  # the month
        "The government will do everything possible to help the refugees.",  # "possible" as intensifier
        "It is hard to say who will win the runoff.",  # uncertainty, not difficulty of an event
        "The hard line taken by the cabinet angered the unions.",  # "hard" not about a task
        "In terms of probability, the analysts disagreed about the method.",  # frame noun with no level
        "He said the commission would meet again on Monday.",  # plain reported future
        "Asked how likely an attack was, he declined to answer.",  # a question about likelihood
        "Officials may not disclose the names of detainees under the new law.",  # prohibition
        "The statement gave no hint of how the dispute could be settled.",  # an embedded question
        "There is no limit on how high the fees could go.",  # an embedded question
        "They called for the fastest possible repair of the dam.",  # "possible" after a superlative
    ],
)
def test_no_judgment_is_read(reader, text):
    assert judgments(reader, text) == ()


def test_confidence_phrase_does_not_change_the_likelihood(reader):
    found = only(reader, "We assess with high confidence that a ceasefire is unlikely.", "unlikely")
    assert found.probability < 0.35


# ------------------------------------------------------------------ hedges detected without a number

# (text, cue text, cue class): epistemic "can", "should", "potential" and doubt phrases are detected
# (and scored against FactBank) but carry no degree, so they give no Assessment.
HEDGES = [
    ("Such a strike can have a backlash among voters.", "can have", "possibility"),
    ("Trying to score points from the attack can backfire.", "can backfire", "possibility"),
    ("The merger should improve the port's finances.", "should improve", "likelihood"),
    ("The levy rewards exporters and should improve the trade balance.", "should improve", "likelihood"),
    ("The shortfall should not affect the harvest.", "should not affect", "likelihood"),
    ("A deployment, if it happens at all, can take months.", "can take", "possibility"),
    ("The inspectors fear a potential leak at the reactor.", "potential", "possibility"),
    ("The slowdown raises questions about the recovery.", "raises questions", "possibility"),
    ("The ruling casts doubt on the treaty.", "casts doubt", "possibility"),
    ("Diplomats worry that the truce will collapse.", "worry", "evidential"),
    ("The main danger is the risk that the dam will fail.", "risk", "possibility"),
    ("The rebels will be lucky to hold the town.", "lucky to", "likelihood"),
    ("Negotiators are close to reaching a deal.", "close to", "likelihood"),
    ("Exports look to recover in the spring.", "look to", "likelihood"),
]


@pytest.mark.parametrize(("text", "cue_text", "cls"), HEDGES)
def test_hedge_is_detected_without_a_record(reader, text, cue_text, cls):
    doc = reader.nlp(text)
    found = [(text[c.start : c.end], c.cls, c.estimate) for c in find_cues(doc)]
    assert (cue_text, cls, None) in found
    assert judgments(reader, text) == ()


# sentences where can/should/potential/likely are ability, duty, rules, roles or names, not hedges
NOT_HEDGES = [
    "We should keep the border open.",  # duty of a speaker
    "The government can back down on the tariff.",  # ability of a body
    "The bonds can be converted into shares after a year.",  # a rule (passive)
    "The ministry should be reformed.",  # duty (passive)
    "Should the talks fail, the army will advance.",  # inverted condition
    "The council will vote on whether the school can move.",  # a question
    "The fund cannot cover the losses.",  # inability
    "The bank is talking to potential buyers of the unit.",  # a role, not an event
    "Wreaths were laid at the Tomb of the Unknown Soldier.",  # a name
    "Investors weighed the likely role of the new chairman.",  # attributive "likely"
    "She was lucky to survive the crash.",  # what happened, not a judgment
    "The pilots took the risk of landing in fog.",  # an act, not a judgment
    "The town is close to the border.",  # distance
    "The firm looks to buy a rival.",  # an intention
    "Taken together, the worries weighed on the market.",  # a worry with no content
]


@pytest.mark.parametrize("text", NOT_HEDGES)
def test_no_hedge_is_detected(reader, text):
    assert find_cues(reader.nlp(text)) == []


# ------------------------------------------------------------------ holders


def draft_with(reader: Reader, text: str, actors=(), statements=()) -> Draft:
    """A parsed draft with the given actors and statements, as earlier stages would leave it."""
    draft = Draft(document=Document(id="t", text=text), doc=reader.nlp(text))
    draft.actors.extend(actors)
    draft.statements.extend(statements)
    return draft


def person(actor_id: str, name: str, text: str) -> Actor:
    """An actor with one mention of ``name`` in ``text``."""
    start = text.index(name)
    return Actor(actor_id, name, "person", (Span(start, start + len(name), name),))


def statement(statement_id: str, speaker: str, text: str, content: str) -> Statement:
    """A statement whose content is the first occurrence of ``content``."""
    start = text.index(content)
    return Statement(statement_id, speaker, None, "indirect", None, Span(start, start + len(content), content))


def test_holder_is_the_speaker_of_the_innermost_statement(reader):
    text = "Anna Berg said that Carl Dahl believes a truce is unlikely."
    actors = [person("a1", "Anna Berg", text), person("a2", "Carl Dahl", text)]
    statements = [
        statement("s1", "a1", text, "Carl Dahl believes a truce is unlikely"),
        statement("s2", "a2", text, "a truce is unlikely"),
    ]
    draft = draft_with(reader, text, actors, statements)
    estimates.annotate(draft)
    (found,) = draft.assessments
    assert (found.holder, found.holder_name, found.statement) == ("a2", "Carl Dahl", "s2")


def test_holder_falls_back_to_the_subject_of_a_speech_verb(reader):
    text = "Anna Berg warned that a truce is unlikely."
    draft = draft_with(reader, text, [person("a1", "Anna Berg", text)])
    estimates.annotate(draft)
    (found,) = draft.assessments
    assert (found.holder, found.statement) == ("a1", None)


def test_article_voice_has_no_holder(reader):
    draft = draft_with(reader, "A truce is unlikely before the winter.")
    estimates.annotate(draft)
    (found,) = draft.assessments
    assert found.holder is None and found.holder_name is None and found.statement is None


def test_nothing_is_read_from_boilerplate(reader):
    from newswire.records import Boilerplate

    text = "A truce is unlikely before the winter."
    draft = draft_with(reader, text)
    draft.boilerplate.append(Boilerplate(0, len(text), "related-headline"))
    estimates.annotate(draft)
    assert draft.assessments == []


# ------------------------------------------------------------------ scales and the table


@pytest.mark.parametrize(
    ("scale", "point", "low", "high"),
    [
        ("survey", 0.20, 0.10, 0.288),
        ("icd203", 0.325, 0.20, 0.45),
        ("kent", 0.30, 0.20, 0.40),
    ],
)
def test_scale_changes_the_calibration(scale, point, low, high):
    found = only(Reader(scale=scale), "Officials said a ceasefire before spring is unlikely.", "unlikely")
    assert (found.probability, found.low, found.high) == pytest.approx((point, low, high))


@pytest.fixture(scope="module")
def scaled_readers() -> dict[str, Reader]:
    """One reader per non-default scale (each loads the model once for this module)."""
    return {scale: Reader(scale=scale) for scale in ("icd203", "kent")}


# (text, expression, ICD 203 band, Kent band): each judgment read end to end lands in its band
SCALED = [
    ("Officials said a ceasefire before spring is likely.", "likely", "likely", "probable"),
    ("The bridge will almost certainly reopen in March.", "almost certainly", "almost certain", "almost certain"),
    ("Peace talks could begin next month.", "could begin", "unlikely", "chances about even"),
    ("A full withdrawal of the garrison is very unlikely.", "very unlikely", "very unlikely", "almost certainly not"),
    ("Retaking the city will be a very difficult task.", "a very difficult task", None, None),
]


@pytest.mark.parametrize(("text", "expression", "icd203", "kent"), SCALED)
@pytest.mark.parametrize("scale", ["icd203", "kent"])
def test_reader_reports_on_the_chosen_scale(scaled_readers, scale, text, expression, icd203, kent):
    reading = scaled_readers[scale].read_text(text, published="2024-01-01")
    (found,) = [a for a in reading.assessments if a.expression.text == expression]
    bands = table()["scales"][scale]["bands"]
    named = {"icd203": icd203, "kent": kent}[scale]
    band = next(b for b in bands.values() if (b["low"], b["high"]) == (found.low, found.high))
    if named is not None:
        assert band is bands[named]
    assert band["low"] <= found.probability <= band["high"]
    assert found.probability == pytest.approx(band.get("point", (band["low"] + band["high"]) / 2))
    record = next(j for j in reading.to_dict()["assessments"] if j["expression"]["text"] == expression)
    expected = (found.probability, band["low"], band["high"])
    assert (record["probability"], record["low"], record["high"]) == pytest.approx(expected)


def test_scales_differ_for_the_same_text(scaled_readers, reader):
    text = "Officials said a ceasefire before spring is unlikely."
    points = {
        name: only(r, text, "unlikely").probability
        for name, r in (("survey", reader), ("icd203", scaled_readers["icd203"]), ("kent", scaled_readers["kent"]))
    }
    assert len(set(points.values())) == 3


@pytest.mark.parametrize(("scale", "band"), [("icd203", "likely"), ("kent", "probable"), ("survey", None)])
def test_command_line_scale_reaches_the_records(tmp_path, scale, band):
    from typer.testing import CliRunner

    from newswire.cli import app

    story = tmp_path / "story.txt"
    story.write_text("Officials said a ceasefire before spring is likely.\n", "utf-8")
    result = CliRunner().invoke(app, ["read", str(story), "--format", "json", "--scale", scale])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)["assessments"]
    expected = table()["scales"][scale]["bands"][band] if band else table()["phrases"]["likely"]
    assert (record["low"], record["high"]) == pytest.approx((expected["low"], expected["high"]))


def test_stated_number_is_kept_on_every_scale():
    for scale in ("survey", "icd203", "kent"):
        found = only(Reader(scale=scale), "Forecasters give a 70% chance of a ceasefire by June.", "70% chance")
        assert found.probability == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("words", "point", "low", "high"),
    [
        ("70%", 0.7, 0.7, 0.7),
        ("about 70 percent", 0.7, 0.65, 0.75),
        ("60-70%", 0.65, 0.6, 0.7),
        ("less than 10%", 0.05, 0.0, 0.1),
        ("one in four", 0.25, 0.25, 0.25),
        ("140%", None, None, None),
    ],
)
def test_numeric_estimates(words, point, low, high):
    estimate = numeric_estimate(words)
    if point is None:
        assert estimate is None
    else:
        assert (estimate.p, estimate.low, estimate.high) == pytest.approx((point, low, high))


def test_every_table_entry_is_ordered_and_sourced():
    raw = json.loads(resources.files("newswire").joinpath("data/probability_phrases.json").read_text("utf-8"))
    assert raw["_source"]
    for key, entry in table()["phrases"].items():
        assert 0 <= entry["low"] <= entry["p"] <= entry["high"] <= 1, key
        assert entry["source"].split(":")[0] in ("survey", "composed", "icd203", "kent"), key
        assert (
            entry["icd203"] in raw["scales"]["icd203"]["bands"] and entry["kent"] in raw["scales"]["kent"]["bands"]
        ), key
    for scale in raw["scales"].values():
        assert scale["_source"]
        assert all(0 <= b["low"] <= b["high"] <= 1 for b in scale["bands"].values())


def test_calibration_against_survey_medians(tmp_path):
    summary = tmp_path / "summary.csv"
    summary.write_text(
        "source,phrase,n,median,q25,q75,q10,q90,mean\n"
        "a,likely,10,70,60,75,50,80,68\nb,unlikely,10,30,20,35,10,40,28\nc,no such phrase,5,50,40,60,30,70,50\n"
    )
    report = evaluate_phrase_calibration(summary)
    assert report["rows"] == 2 and report["missing"] == ["no such phrase"]
    assert report["worst_abs_error"] == pytest.approx(10.0) and report["mean_abs_error"] == pytest.approx(5.0)
    assert report["median_inside_range"] == pytest.approx(0.5)


def test_calibration_meets_its_targets_on_the_public_surveys():
    summary = shared_file("data/estimative/wep_survey_summary.DERIVED.csv")
    report = evaluate_phrase_calibration(summary)
    assert report["missing"] == [] and report["mean_abs_error"] <= 3 and report["worst_abs_error"] <= 8
    assert report["median_inside_range"] == 1.0


def test_cue_detection_scoring(tmp_path):
    xml = tmp_path / "cues.xml"
    xml.write_text(
        '<?xml version="1.0"?><Annotation><DocumentSet><Document><DocumentPart>'
        '<Sentence id="1">The strike <ccue type="speculation_modal_probable_">may</ccue> resume soon.</Sentence>'
        '<Sentence id="2">A truce is <ccue type="speculation_modal_possible_">likely</ccue> by May.</Sentence>'
        '<Sentence id="3">The convoy <ccue type="speculation_modal_probable_">might</ccue> turn back, and '
        "the port could reopen.</Sentence>"
        '<Sentence id="4">The army left the town.</Sentence>'
        "</DocumentPart></Document></DocumentSet></Annotation>",
        encoding="utf-8",
    )
    report = evaluate_cue_detection(xml)
    assert report["sentences"] == 4
    assert report["speculation_modal_probable_"]["recall"] == 1.0
    assert report["speculation_modal_probable_"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["speculation_modal_possible_"]["precision"] == 1.0


# ------------------------------------------------------------------ founding example and robustness


def test_founding_example(reader, founding_text):
    found = {a.expression.text: a for a in judgments(reader, founding_text)}
    assert {"unlikely", "close to zero", "not high", "could begin", "a very difficult task"} <= set(found)
    assert found["close to zero"].probability <= 0.05
    assert found["close to zero"].proposition.text.startswith("Russia achieving its strategic objectives")
    assert found["not high"].probability <= 0.35
    window = next(a for a in found.values() if a.condition is not None)
    assert 0.3 <= window.probability <= 0.6 and window.condition.text.startswith("If there")
    assert window.condition.text.endswith("if that happens")
    ending = next(a for e, a in found.items() if e.startswith("would not end"))
    assert ending.probability >= 0.8 and "would not end" in ending.proposition.text
    assert found["a very difficult task"].basis == "difficulty"
    bands = table()["scales"]
    for assessment in found.values():
        assert "Milley" in (assessment.holder_name or "")
        assert any(b["low"] <= assessment.probability <= b["high"] for b in bands["icd203"]["bands"].values())
        assert any(b["low"] <= assessment.probability <= b["high"] for b in bands["kent"]["bands"].values())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"' * 5000,
        "“ ” “ unlikely ” ”",
        "A TRUCE IS UNLIKELY. PEACE TALKS COULD BEGIN.",
        "If if if , then may may not not .",
        "chance of of of is is is not not high",
        "…" * 300,
    ],
)
def test_odd_input_degrades_quietly(reader, text):
    reading = reader.read_text(text)
    for found in reading.assessments:
        assert text[found.expression.start : found.expression.end] == found.expression.text


def test_long_document_is_fast(reader):
    sentence = (
        "Officials said a ceasefire is unlikely, but peace talks could begin if the rains come early, "
        "and the chance of a breakthrough is not high. "
    )
    doc = reader.nlp(sentence * 300)
    draft = Draft(document=Document(id="long", text=doc.text), doc=doc)
    started = time.perf_counter()
    estimates.annotate(draft)
    assert time.perf_counter() - started < 3.0
    assert len(draft.assessments) >= 900
    assert len(find_cues(doc)) >= 900
