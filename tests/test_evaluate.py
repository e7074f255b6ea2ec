"""The gate's scoring: matches, misses and wrong attributes each move the right metric."""

from __future__ import annotations

from collections import defaultdict

import pytest

from newswire.errors import GoldError
from newswire.evaluate import EvaluationReport, Tally, load_gold, score_document
from newswire.records import Actor, Assessment, Document, Place, Quantity, Reading, Span, Statement

TEXT = '"We will not retreat," Olena Kovalenko said. Kovalenko put the odds at close to zero near Odesa, 30 km away.'


def span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle), needle)


def sample_reading(speaker_name: str = "Olena Kovalenko") -> Reading:
    actor = Actor("a1", speaker_name, "person", (span("Olena Kovalenko"),), country="UKR", sector="GOV")
    return Reading(
        document=Document("d1", TEXT),
        actors=(actor,),
        places=(Place("p1", "Odesa", "city", (span("Odesa"),), country="UKR", lat=46.5, lon=30.7),),
        statements=(Statement("s1", "a1", speaker_name, "direct", span("said"), span("We will not retreat,")),),
        assessments=(Assessment("j1", "a1", speaker_name, None, span("close to zero"), None, 0.03, 0.0, 0.05),),
        quantities=(Quantity("q1", 30, "km", span("30 km")),),
    )


GOLD = {
    "sample": "x.txt",
    "statements": [{"speaker": "Olena Kovalenko", "kind": "direct", "content": "We will not retreat"}],
    "assessments": [{"expression": "close to zero", "min": 0.0, "max": 0.1, "holder": "Olena Kovalenko"}],
    "actors": [{"name": "Olena Kovalenko", "country": "UKR", "sector": "GOV"}],
    "places": [{"mention": "Odesa", "country": "UKR"}],
    "quantities": [{"text": "30 km", "value": 30, "unit": "km"}],
    "events": [{"type": "RETREAT", "trigger": "retreat", "source": None, "target": None, "status": "negated"}],
}


def score(reading: Reading, gold: dict = GOLD) -> dict[str, float]:
    metrics: dict[str, Tally] = defaultdict(Tally)
    score_document(gold, reading, metrics)
    return {key: tally.value for key, tally in metrics.items()}


def test_perfect_reading_scores_full_marks_except_missing_event():
    metrics = score(sample_reading())
    for key in ("statements.recall", "statements.speaker", "statements.precision", "assessments.recall",
                "assessments.calibrated", "actors.recall", "actors.country", "places.country", "quantities.value"):
        assert metrics[key] == 1.0, key
    assert metrics["events.recall"] == 0.0


def test_wrong_speaker_costs_speaker_metric_only():
    metrics = score(sample_reading(speaker_name="Someone Else"))
    assert metrics["statements.recall"] == 1.0
    assert metrics["statements.speaker"] == 0.0
    assert metrics["actors.recall"] == 0.0


def test_gold_string_missing_from_text_is_an_error():
    gold = {**GOLD, "places": [{"mention": "Kharkiv", "country": "UKR"}]}
    with pytest.raises(GoldError, match="Kharkiv"):
        score(sample_reading(), gold)


def test_failures_name_metrics_below_floor():
    report = EvaluationReport("gate", {"a": Tally(1, 2), "b": Tally(2, 2)}, floors={"a": 0.6, "b": 0.9, "c": 0.1})
    assert not report.passed
    assert any(f.startswith("a 0.500 < floor 0.600") for f in report.failures)
    assert "c: metric missing" in report.failures


def test_load_gold_names_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"sample": "a.txt"}\n{oops\n', "utf-8")
    with pytest.raises(GoldError, match="line 2"):
        load_gold(path)
