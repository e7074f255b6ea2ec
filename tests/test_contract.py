"""The record model, its JSON Schema and its reference page stay in step; readings obey the contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newswire import records
from newswire.contract import record_schema, validate_reading

DOC_PAGE = Path(__file__).resolve().parents[1] / "docs" / "record-contract.md"
SCHEMA_DEFS = {
    records.Actor: "actor", records.Place: "place", records.Statement: "statement",
    records.Assessment: "assessment", records.Event: "event", records.Quantity: "quantity",
}


@pytest.mark.parametrize("record_type, definition", SCHEMA_DEFS.items())
def test_schema_lists_exactly_the_record_fields(record_type, definition):
    schema_keys = set(record_schema()["$defs"][definition]["properties"])
    assert schema_keys == set(records.field_names(record_type))


def test_schema_document_matches_record():
    assert set(record_schema()["properties"]["document"]["properties"]) == set(records.field_names(records.Document))


@pytest.mark.parametrize("record_type", [*SCHEMA_DEFS, records.Document, records.Boilerplate])
def test_reference_page_documents_every_field(record_type):
    page = DOC_PAGE.read_text("utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", page))
    missing = set(records.field_names(record_type)) - documented
    assert not missing, f"docs/record-contract.md does not document {sorted(missing)}"


def test_validator_catches_each_rule(reader):
    reading = reader.read_text('"We will hold the line," the commander said in Kharkiv.').to_dict()
    assert validate_reading(reading) == []
    broken = json.loads(json.dumps(reading))
    broken["statements"] = [{"id": "s1", "speaker": "a99", "speaker_name": "X", "kind": "direct", "cue": None,
                             "content": {"start": 1, "end": 5, "text": "nope"}}]
    broken["assessments"] = [{"id": "j1", "holder": None, "holder_name": None, "statement": None,
                              "expression": {"start": 0, "end": 1, "text": '"'}, "proposition": None,
                              "probability": 0.9, "low": 0.1, "high": 0.5, "condition": None}]
    problems = "\n".join(validate_reading(broken))
    assert "does not match the text" in problems
    assert "names no record in actors" in problems
    assert "low <= probability <= high" in problems


def test_schema_rejects_unknown_event_type():
    reading = {"newswire": "0.1.0", "document": {"id": "x", "title": None, "url": None, "source": None,
                                                 "published": None, "language": "en", "text": "ab"},
               "boilerplate": [], "actors": [], "places": [], "statements": [], "assessments": [],
               "quantities": [],
               "events": [{"id": "e1", "type": "PARTY", "mode": None, "cameo": None, "source": [], "target": [],
                           "place": None, "date": None, "status": "asserted",
                           "evidence": {"start": 0, "end": 2, "text": "ab"}}]}
    assert any("PARTY" in p for p in validate_reading(reading))
