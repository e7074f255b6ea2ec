"""Odd input gives a clear message or an empty result, never a traceback."""

from __future__ import annotations

import pytest

from newswire.contract import validate_reading


@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    '"Unbalanced quote, the minister said. Then the story went on without closing it.\n',
    'He said "one" and "two" and then " and ” and \u201c again.\n',
    "\u201c" * 2000 + " words " + '"' * 2000,
    "THE WHOLE STORY IS IN CAPITALS AND SAYS 'NOTHING' ABOUT ANYONE.",
])
def test_odd_text_reads_into_valid_records(reader, text):
    reading = reader.read_text(text)
    assert reading.document.text == text
    assert validate_reading(reading.to_dict()) == []


def test_non_english_text_is_marked_and_not_read(reader):
    text = ("Die Regierung in Berlin hat am Dienstag neue Sanktionen gegen Russland beschlossen, "
            "sagte der Sprecher des Ministeriums. Die Verhandlungen würden fortgesetzt.")
    reading = reader.read_text(text)
    assert reading.document.language == "und"
    assert reading.statements == () and reading.actors == () and reading.events == ()


def test_english_text_is_marked_english(reader):
    reading = reader.read_text("The minister said the talks would resume in Geneva next week.")
    assert reading.document.language == "en"


@pytest.mark.parametrize("text, language", [
    ("Taiwan's Vice Foreign Minister visited Russia today.", "en"),
    ("NATO, EU, G7 leaders: Kyiv, Kharkiv, Odesa, Dnipro.", "en"),
    ("Президент заявил, что переговоры продолжатся на следующей неделе в Стамбуле.", "und"),
    ("Le ministre a déclaré que les négociations ne sont pas terminées et que la France reste prête.", "und"),
    ("El gobierno dijo que las negociaciones con los rebeldes no se reanudarán por ahora.", "und"),
])
def test_language_detection(text, language):
    from newswire.language import detect_language

    assert detect_language(text) == language


def test_a_failing_stage_costs_its_records_not_the_document(reader, monkeypatch, caplog):
    from newswire import pipeline

    def broken(draft):
        raise RuntimeError("boom")

    stages = tuple((name, broken if name == "speech" else stage) for name, stage in pipeline.STAGES)
    monkeypatch.setattr(pipeline, "STAGES", stages)
    reading = reader.read_text('"We will not retreat," the commander said in Kharkiv on Monday.')
    assert reading.statements == ()
    assert any(p.name == "Kharkiv" for p in reading.places)
    assert "stage speech failed" in caplog.text
