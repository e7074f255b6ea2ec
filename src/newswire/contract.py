"""Checks that a reading obeys the record contract: the JSON Schema plus the rules it cannot express.

Used by the tests, by ``newswire validate`` and by anyone who produces or consumes newswire JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

import jsonschema

RECORD_LISTS = ("actors", "places", "statements", "assessments", "events", "quantities")
SPAN_FIELDS = {
    "actors": ("mentions",), "places": ("mentions", "associations"),
    "statements": ("cue", "content", "speaker_mention"),
    "assessments": ("expression", "proposition", "condition"),
    "events": ("evidence", "condition"), "quantities": ("span",),
}
REFERENCES = {
    "statements": {"speaker": "actors", "speakers": "actors", "parent": "statements"},
    "assessments": {"holder": "actors", "statement": "statements"},
    "events": {"source": "actors", "target": "actors", "place": "places", "statement": "statements"},
}


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of one reading, shipped in the package."""
    return json.loads((resources.files("newswire") / "data" / "record.schema.json").read_text("utf-8"))


def validate_reading(reading: dict[str, Any]) -> list[str]:
    """Every way ``reading`` breaks the contract, as readable messages; empty when it obeys."""
    validator = jsonschema.Draft202012Validator(record_schema())
    problems = [f"schema: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in validator.iter_errors(reading)]
    if problems:
        return problems
    return list(_rule_problems(reading))


def _spans(record: dict[str, Any], kind: str) -> Iterator[dict[str, Any]]:
    for name in SPAN_FIELDS[kind]:
        value = record.get(name)
        if isinstance(value, list):
            yield from value
        elif isinstance(value, dict):
            yield value


def _rule_problems(reading: dict[str, Any]) -> Iterator[str]:
    text = reading["document"]["text"]
    ids = {kind: {r["id"] for r in reading[kind]} for kind in RECORD_LISTS}
    all_ids = [r["id"] for kind in RECORD_LISTS for r in reading[kind]]
    if len(all_ids) != len(set(all_ids)):
        yield "ids are not unique"
    boiler = [(b["start"], b["end"]) for b in reading["boilerplate"]]
    for piece in reading["boilerplate"]:
        if not 0 <= piece["start"] <= piece["end"] <= len(text):
            yield f"boilerplate {piece['start']}-{piece['end']} lies outside the text"
    for kind in RECORD_LISTS:
        for record in reading[kind]:
            yield from _span_problems(record, kind, text, boiler)
            yield from _reference_problems(record, kind, ids)
    for judgment in reading["assessments"]:
        if not judgment["low"] <= judgment["probability"] <= judgment["high"]:
            yield f"{judgment['id']}: low <= probability <= high does not hold"


def _span_problems(record, kind, text, boiler) -> Iterator[str]:
    for span in _spans(record, kind):
        start, end = span["start"], span["end"]
        if not 0 <= start <= end <= len(text) or text[start:end] != span["text"]:
            yield f"{record['id']}: span {start}-{end} {span['text']!r} does not match the text"
        elif any(b0 < end and start < b1 for b0, b1 in boiler):
            yield f"{record['id']}: span {start}-{end} lies in boilerplate"


def _reference_problems(record, kind, ids) -> Iterator[str]:
    for name, target_kind in REFERENCES.get(kind, {}).items():
        value = record.get(name)
        for ref in value if isinstance(value, list) else [value]:
            if ref is not None and ref not in ids[target_kind]:
                yield f"{record['id']}: {name} {ref!r} names no record in {target_kind}"
