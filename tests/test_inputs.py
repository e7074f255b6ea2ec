"""Readers of input formats: text, HTML, JSONL, CSV, directories and standard input."""

from __future__ import annotations

import io
import json

import pytest

from newswire.errors import InputError
from newswire.inputs import document_id, normalize_date, read_inputs, read_source

STORY = "Officials in Kyiv said on Tuesday that \u201ctalks will resume.\u201d\n"


def documents(items):
    return [i for i in items if not isinstance(i, InputError)]


def problems(items):
    return [i for i in items if isinstance(i, InputError)]


def test_text_file_is_read_unchanged(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-8"))
    [document] = documents(read_source(str(path)))
    assert document.text == STORY
    assert document.id == document_id(STORY)


def test_published_fallback_applies_to_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    [document] = documents(read_inputs([str(path)], published="2022-11-16"))
    assert document.published == "2022-11-16"


def test_html_main_text_and_metadata(tmp_path):
    body = "<p>" + "Russian forces withdrew from the city on Friday, the ministry said in a statement. " * 3 + "</p>"
    page = (f"<html><head><title>Withdrawal</title><meta property='article:published_time' content='2022-11-11'>"
            f"</head><body><nav>Home | World</nav><article><h1>Withdrawal</h1>{body}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    [document] = documents(read_inputs([str(path)], published="2000-01-01"))
    assert "withdrew from the city" in document.text
    assert "Home | World" not in document.text
    assert document.published == "2022-11-11"
    assert document.title == "Withdrawal"


def test_jsonl_rows_in_order_with_metadata(tmp_path):
    rows = [{"text": "First story.", "title": "One", "published": "2023-01-02T10:00:00Z"},
            {"body": "Second story.", "url": "https://example.org/2"}]
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", "utf-8")
    docs = documents(read_source(str(path)))
    assert [d.text for d in docs] == ["First story.", "Second story."]
    assert docs[0].published == "2023-01-02" and docs[0].title == "One"
    assert docs[1].url == "https://example.org/2"


def test_jsonl_bad_line_is_reported_and_rest_kept(tmp_path):
    path = tmp_path / "stories.jsonl"
    path.write_text('{"text": "Good."}\n{not json\n[1, 2]\n{"title": "no text"}\n', "utf-8")
    items = list(read_source(str(path)))
    assert [d.text for d in documents(items)] == ["Good."]
    messages = [str(p) for p in problems(items)]
    assert len(messages) == 3
    assert "line 2" in messages[0] and "not valid JSON" in messages[0]
    assert "line 3" in messages[1] and "JSON object" in messages[1]
    assert "line 4" in messages[2] and "no text column" in messages[2]


def test_csv_rows_and_missing_text_column(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text('text,source,published\n"A story, with a comma.",Wire,2022-11-16\nAnother.,Wire,\n', "utf-8")
    docs = documents(read_source(str(good)))
    assert [d.text for d in docs] == ["A story, with a comma.", "Another."]
    assert docs[0].source == "Wire" and docs[0].published == "2022-11-16" and docs[1].published is None
    bad = tmp_path / "bad.csv"
    bad.write_text("headline,date\nX,2022-01-01\n", "utf-8")
    [problem] = problems(read_source(str(bad)))
    assert "bad.csv" in str(problem) and "no text column" in str(problem)


def test_binary_and_invalid_utf8_are_refused_with_reasons(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\u00e9".encode("latin-1"))
    items = list(read_inputs([str(binary), str(latin)]))
    assert len(problems(items)) == 2
    assert "binary" in str(items[0]) and "image.txt" in str(items[0])
    assert "not valid UTF-8" in str(items[1]) and "latin.txt" in str(items[1])


def test_directory_is_expanded_sorted_and_missing_path_reported(tmp_path):
    (tmp_path / "b.txt").write_text("Bravo.", "utf-8")
    (tmp_path / "a.txt").write_text("Alpha.", "utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert [d.text for d in documents(items)] == ["Alpha.", "Bravo."]
    assert "no such file" in str(problems(items)[0])


def test_standard_input_text_and_html():
    [text_doc] = documents(read_inputs(["-"], stdin=io.BytesIO(b"Plain words.")))
    assert text_doc.text == "Plain words."
    html = b"<!DOCTYPE html><html><body><article><p>" + b"The council met in Geneva to discuss the ceasefire. " * 4 + b"</p></article></body></html>"
    [html_doc] = documents(read_inputs(["-"], stdin=io.BytesIO(html)))
    assert html_doc.text.startswith("The council met in Geneva") and "<p>" not in html_doc.text


@pytest.mark.parametrize("value, expected", [
    ("2022-11-16", "2022-11-16"), ("2022-11-16T08:30:00+02:00", "2022-11-16"),
    ("November 16, 2022", "2022-11-16"), ("", None), (None, None)])
def test_normalize_date(value, expected):
    assert normalize_date(value, where="test") == expected


def test_bad_published_date_names_the_input():
    with pytest.raises(InputError, match="--published.*not a date"):
        list(read_inputs([], published="someday soon"))
