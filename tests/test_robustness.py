"""Odd and hostile input gives a clear message, a counted skip or an empty result, never a traceback."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newswire.contract import validate_reading
from newswire.ingest import ingest

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
MILLION_QUOTES_SECONDS = 90


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


# ---------------------------------------------------------------- named hostile inputs, through ingest

STORY = "The foreign minister said on Monday that talks with the rebels would resume in Geneva.\n"
GERMAN = ("Die Regierung in Berlin hat am Dienstag neue Sanktionen gegen Russland beschlossen, "
          "sagte der Sprecher des Ministeriums. Die Verhandlungen würden fortgesetzt.")


def stored(db) -> dict[str, int]:
    """Rows per table in the store (documents and the record tables)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "actors", "statements", "events")}
    finally:
        con.close()


@pytest.mark.parametrize("name, content, reason", [
    ("bad.txt", b"The minister said \xff\xfe the talks resume.", "not valid UTF-8"),
    ("latin1.jsonl", '{"text": "Caf\u00e9 talks, the minister said."}\n'.encode("latin-1"), "not valid UTF-8"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("page.html", b"<html>\x00\x01\x02\x03</html>", "binary"),
    ("rows.csv", b"text\n\x00\x00\x00", "binary"),
    ("no_text.csv", b"id,title,published\n1,Talks,2022-11-16\n", "no text column"),
    ("empty.csv", b"", "no text column"),
    ("short.csv", b"id,title,text\n1,Only a title\n", "row 2: no text column"),
    ("array.jsonl", b"[1, 2, 3]\n", "expected a JSON object"),
])
def test_unreadable_input_is_skipped_with_a_counted_reason(tmp_path, reader, name, content, reason):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    (tmp_path / "in" / "good.txt").write_text(STORY, "utf-8")
    summary = ingest([str(tmp_path / "in")], tmp_path / "s.duckdb", reader=reader)
    assert len(summary.skipped) == 1 and reason in summary.skipped[0] and name in summary.skipped[0], summary.skipped
    assert summary.stored == 1 and stored(tmp_path / "s.duckdb")["documents"] == 1


def test_csv_rows_with_missing_columns_are_counted_and_the_rest_stored(tmp_path, reader):
    path = tmp_path / "mixed.csv"
    path.write_text("id,title,text,published\n1,Only a title\n2,Talks,The minister said talks resume.,2022-11-16\n"
                    "3\n4,Extra,Troops moved near Kharkiv on Monday.,2022-11-17,surplus,fields\n", "utf-8")
    summary = ingest([str(path)], tmp_path / "s.duckdb", reader=reader)
    assert summary.stored == 2
    assert [s.split(": ")[0].rsplit(" ", 2)[-2:] for s in summary.skipped] == [["row", "2"], ["row", "4"]]


def test_duplicate_documents_are_counted_and_stored_once(tmp_path, reader):
    (tmp_path / "a.txt").write_text(STORY, "utf-8")
    (tmp_path / "b.txt").write_text(STORY, "utf-8")
    (tmp_path / "c.jsonl").write_text(("{\"text\": %s}\n" % json.dumps(STORY)) * 3, "utf-8")
    db = tmp_path / "s.duckdb"
    first = ingest([str(tmp_path)], db, reader=reader)
    assert (first.stored, first.present, first.skipped) == (1, 4, [])
    again = ingest([str(tmp_path)], db, reader=reader)
    assert (again.stored, again.present, again.read) == (0, 5, 0)
    assert stored(db)["documents"] == 1


def test_empty_files_give_no_crash_and_no_records(tmp_path, reader):
    for name in ("empty.txt", "empty.html", "empty.jsonl", "blank.txt", "empty.warc"):
        (tmp_path / name).write_bytes(b"   \n" if name == "blank.txt" else b"")
    db = tmp_path / "s.duckdb"
    summary = ingest([str(tmp_path)], db, reader=reader)
    counts = stored(db)
    # an empty story is either skipped with a reason naming it or stored as one empty document
    assert all("empty" in s or "blank" in s for s in summary.skipped)
    assert summary.stored + len(summary.skipped) + summary.present >= 2
    assert counts["documents"] == summary.stored and counts["actors"] == counts["statements"] == 0


def test_non_english_document_is_stored_as_und_with_no_records(tmp_path, reader):
    (tmp_path / "de.txt").write_text(GERMAN, "utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest([str(tmp_path)], db, reader=reader).stored == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT language FROM documents").fetchall() == [("und",)]
    con.close()
    assert stored(db)["actors"] == stored(db)["statements"] == stored(db)["events"] == 0


def test_deeply_nested_html_is_read_in_bounded_time(tmp_path, reader):
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + STORY + "</div>" * 100_000 + "</body></html>", "utf-8")
    started = time.monotonic()
    summary = ingest([str(page)], tmp_path / "s.duckdb", reader=reader)
    assert time.monotonic() - started < 60
    assert summary.stored + len(summary.skipped) == 1
    assert all("nested.html" in s for s in summary.skipped)


def test_a_50_mb_single_document_is_skipped_with_the_reason_in_bounded_time_and_memory(tmp_path, reader):
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as out:
        for _ in range(50):
            out.write(("The minister said the talks would resume. " * 24_000)[:1_000_000])
    assert huge.stat().st_size == 50_000_000
    (tmp_path / "small.txt").write_text(STORY, "utf-8")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    summary = ingest([str(tmp_path)], tmp_path / "s.duckdb", reader=reader)
    assert time.monotonic() - started < 60
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 600_000  # KiB: under 600 MB more
    assert summary.stored == 1
    assert len(summary.skipped) == 1 and "huge.txt" in summary.skipped[0] and "too large" in summary.skipped[0]


def test_a_document_longer_than_the_parser_takes_is_skipped_or_read(tmp_path, reader):
    """spaCy refuses texts over nlp.max_length (1,000,000 characters) with a ValueError."""
    long_story = tmp_path / "long.txt"
    long_story.write_text(STORY * (1_100_000 // len(STORY)), "utf-8")
    (tmp_path / "small.txt").write_text(STORY.replace("Monday", "Tuesday"), "utf-8")
    summary = ingest([str(tmp_path)], tmp_path / "s.duckdb", reader=reader)
    assert summary.stored + len(summary.skipped) == 2 and summary.stored >= 1
    assert all("long.txt" in s for s in summary.skipped)


@pytest.mark.parametrize("count", [1_000_000])
def test_a_million_quote_marks_are_read_in_seconds(tmp_path, count):
    path = tmp_path / "quotes.txt"
    path.write_text('"' * count, "utf-8")
    done = subprocess.run([NEWSWIRE, "read", str(path), "--format", "json"],
                          capture_output=True, text=True, timeout=MILLION_QUOTES_SECONDS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert validate_reading(json.loads(done.stdout)) == []
