"""The newswire command end to end, through Typer's runner (same process, real pipeline)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newswire.cli import app
from newswire.contract import validate_reading

runner = CliRunner()
STORY = ('"We will not leave the city," the mayor of Kharkiv said on Monday.\n'
         'Officials said the talks were unlikely to resume soon.\n')


@pytest.fixture()
def story_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    return path


def test_json_output_obeys_contract(story_file):
    result = runner.invoke(app, ["read", str(story_file), "--format", "json", "--published", "2023-05-01"])
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)
    assert reading["document"]["text"] == STORY
    assert reading["document"]["published"] == "2023-05-01"
    assert validate_reading(reading) == []


def test_jsonl_keeps_input_order(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps({"text": t}) for t in ["Story one.", "Story two.", "Story three."]), "utf-8")
    result = runner.invoke(app, ["read", str(rows), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["document"]["text"] for line in result.stdout.splitlines()]
    assert texts == ["Story one.", "Story two.", "Story three."]


def test_json_refuses_many_documents(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "One."}\n{"text": "Two."}\n', "utf-8")
    result = runner.invoke(app, ["read", str(rows), "--format", "json"])
    assert result.exit_code == 2
    assert "--format jsonl" in result.output


def test_pretty_report_shows_sections(story_file):
    result = runner.invoke(app, ["read", str(story_file)])
    assert result.exit_code == 0, result.output
    for heading in ("Who said what", "How sure they are", "What happened", "Who and where"):
        assert heading in result.stdout


def test_standard_input_is_read():
    result = runner.invoke(app, ["read", "-", "--format", "json"], input="Troops crossed the river at dawn.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["text"] == "Troops crossed the river at dawn."


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02\x03binary", "binary"),
    (b"\xff\xfe\xfa broken", "not valid UTF-8"),
])
def test_unreadable_input_gives_message_not_traceback(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["read", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "bad.txt" in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_model_is_a_clear_error(story_file):
    result = runner.invoke(app, ["read", str(story_file), "--model", "xx_no_such_model"])
    assert result.exit_code == 2
    assert "NW101" in result.output and "xx_no_such_model" in result.output


def test_no_input_is_a_usage_error():
    result = runner.invoke(app, ["read"])
    assert result.exit_code == 2
    assert "give at least one FILE" in result.output


def test_schema_command_prints_the_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "newswire reading"


def test_validate_flags_a_broken_span(story_file, tmp_path):
    produced = runner.invoke(app, ["read", str(story_file), "--format", "json"])
    reading = json.loads(produced.stdout)
    reading["boilerplate"].append({"start": 0, "end": 10 ** 6, "reason": "ad"})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(reading), "utf-8")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "outside the text" in result.output


def test_samples_are_read_with_their_dates():
    result = runner.invoke(app, ["read", "--samples", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line)["document"] for line in result.stdout.splitlines()]
    assert 15 <= len(documents) <= 30
    assert all(d["published"] and d["text"].strip() for d in documents)
