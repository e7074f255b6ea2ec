"""Ingest into the store, export it back out, and the ingest/export/query commands."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newswire.cli import app
from newswire.contract import validate_reading
from newswire.export import export
from newswire.ingest import ingest
from newswire.store import StoreError, ask, counts, document_ids, open_store, read_reading, table_names

runner = CliRunner()
STORIES = {
    "a.txt": '"We will hold the line," the army commander said in Bakhmut on Tuesday.\n',
    "b.txt": "Russian drones struck Odesa overnight, officials said, damaging 4 buildings.\n",
    "c.txt": "Analysts said it was unlikely that the talks in Geneva would resume this year.\n",
}
ROWS = ["Turkey offered to host talks between the two sides.",
        "China and the United States agreed to resume military contacts."]


@pytest.fixture()
def corpus(tmp_path):
    """A folder of three text stories, a JSONL file of two, and one binary file to skip."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, "utf-8")
    (folder / "rows.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in ROWS) + "\n", "utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    return folder


def stored(db) -> dict[str, int]:
    con = open_store(db, read_only=True)
    try:
        return counts(con)
    finally:
        con.close()


def test_ingest_stores_every_readable_document_and_reports_skips(tmp_path, corpus, reader):
    summary = ingest([str(corpus)], tmp_path / "news.duckdb", published="2023-06-01", reader=reader)
    assert (summary.read, summary.stored, summary.present) == (5, 5, 0)
    assert len(summary.skipped) == 1 and "broken.txt" in summary.skipped[0] and "binary" in summary.skipped[0]
    found = stored(tmp_path / "news.duckdb")
    assert found["documents"] == 5 and found["statements"] > 0 and found["events"] > 0


def test_second_run_stores_nothing_new(tmp_path, corpus, reader):
    db = tmp_path / "news.duckdb"
    ingest([str(corpus)], db, reader=reader)
    before = stored(db)
    again = ingest([str(corpus)], db, reader=reader)
    assert (again.read, again.stored, again.present) == (0, 0, 5)
    assert stored(db) == before


def test_resume_after_a_partial_run_adds_only_the_rest(tmp_path, corpus, reader):
    db = tmp_path / "news.duckdb"
    first = ingest([str(corpus / "a.txt"), str(corpus / "rows.jsonl")], db, reader=reader)
    assert first.stored == 3
    rest = ingest([str(corpus)], db, reader=reader)
    assert (rest.stored, rest.present) == (2, 3)
    assert stored(db)["documents"] == 5


def test_two_workers_store_the_same_records_as_one(tmp_path, corpus, reader):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    ingest([str(corpus)], one, published="2023-06-01", reader=reader)
    summary = ingest([str(corpus)], two, published="2023-06-01", workers=2)
    assert summary.stored == 5
    first, second = open_store(one, read_only=True), open_store(two, read_only=True)
    try:
        assert document_ids(first) and sorted(document_ids(first)) == sorted(document_ids(second))
        for doc_id in document_ids(first):
            assert read_reading(first, doc_id) == read_reading(second, doc_id)
    finally:
        first.close()
        second.close()


def test_ingest_into_a_missing_directory_fails_clearly(tmp_path, corpus):
    with pytest.raises(StoreError, match="NW401"):
        ingest([str(corpus)], tmp_path / "missing" / "news.duckdb")


@pytest.fixture()
def filled_db(tmp_path, corpus, reader):
    db = tmp_path / "news.duckdb"
    ingest([str(corpus)], db, published="2023-06-01", reader=reader)
    return db


def test_export_jsonl_gives_contract_readings(tmp_path, filled_db):
    out = tmp_path / "all.jsonl"
    export(filled_db, "jsonl", out)
    readings = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(readings) == 5
    assert {r["document"]["text"] for r in readings} == set(STORIES.values()) | set(ROWS)
    assert all(validate_reading(r) == [] for r in readings)


@pytest.mark.parametrize("output_format", ["parquet", "csv"])
def test_export_tables_read_back(tmp_path, filled_db, output_format):
    written = export(filled_db, output_format, tmp_path / "out")
    assert [p.name for p in written] == [f"{t}.{output_format}" for t in table_names()]
    expected = stored(filled_db)
    for path in written:
        if output_format == "parquet":
            rows = pq.read_table(path).num_rows
        else:
            with path.open(encoding="utf-8", newline="") as stream:
                rows = sum(1 for _ in csv.DictReader(stream))
        assert rows == expected[path.stem], path.name


def test_export_one_table_keeps_spans_and_lists(tmp_path, filled_db):
    (path,) = export(filled_db, "parquet", tmp_path / "out", table="events")
    events = pq.read_table(path).to_pylist()
    assert events and all(isinstance(e["source"], list) for e in events)
    texts = {row["id"]: row["text"] for row in pq.read_table(export(filled_db, "parquet", tmp_path / "d",
                                                                      table="documents")[0]).to_pylist()}
    for event in events:
        assert texts[event["document_id"]][event["evidence_start"]:event["evidence_end"]] == event["evidence_text"]


@pytest.mark.parametrize("output_format, table, message", [
    ("xml", None, "unknown export format"),
    ("csv", "nonsense", "unknown table"),
    ("jsonl", "events", "--table applies"),
    ("polecat", "events", "--table applies"),
])
def test_export_refuses_bad_options(tmp_path, filled_db, output_format, table, message):
    with pytest.raises(StoreError, match=message):
        export(filled_db, output_format, tmp_path / "out", table=table)


def test_cli_ingest_export_query(tmp_path, corpus):
    db = tmp_path / "news.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus / "a.txt"), str(corpus / "b.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 2" in result.stdout
    again = runner.invoke(app, ["ingest", str(corpus / "a.txt"), "--db", str(db)])
    assert "stored 0, already present 1" in again.stdout
    out = tmp_path / "events.csv.d"
    exported = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(out), "--table", "events"])
    assert exported.exit_code == 0, exported.output
    assert (out / "events.csv").is_file()
    query = runner.invoke(app, ["query", "--db", str(db), "--sql", "SELECT count(*) AS stories FROM documents"])
    assert query.exit_code == 0, query.output
    assert "stories" in query.stdout and "2" in query.stdout


def test_cli_reports_skips_and_store_errors(tmp_path, corpus):
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "news.duckdb")])
    assert result.exit_code == 1
    assert "skipped" in result.output and "broken.txt" in result.output
    missing = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb"), "--sql", "SELECT 1"])
    assert missing.exit_code == 2 and "NW401" in missing.output


def test_parquet_rows_are_ingested_with_their_metadata(tmp_path, reader):
    import datetime

    import pyarrow as pa

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({
        "id": ["first", "second", "third"],
        "body": ["Troops crossed the river at dawn.", "Iran condemned the strike on Tuesday.", None],
        "published": [datetime.datetime(2023, 1, 2, 10, 30), None, None],
    }), path, row_group_size=2)
    db = tmp_path / "news.duckdb"
    summary = ingest([str(tmp_path)], db, published="2023-05-05", reader=reader)
    assert (summary.stored, len(summary.skipped)) == (2, 1)
    assert "row 3" in summary.skipped[0] and "no text column" in summary.skipped[0]
    con = open_store(db, read_only=True)
    try:
        assert read_reading(con, "first").document.published == "2023-01-02"
        assert read_reading(con, "second").document.published == "2023-05-05"
    finally:
        con.close()
    assert ingest([str(path)], db, reader=reader).present == 2


def test_parquet_without_a_text_column_is_skipped_with_its_reason(tmp_path, reader):
    import pyarrow as pa

    path = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"count": [1, 2]}), path)
    summary = ingest([str(path)], tmp_path / "news.duckdb", reader=reader)
    assert summary.stored == 0 and len(summary.skipped) == 1 and "no text column" in summary.skipped[0]


def test_polecat_rows_name_actors_and_evidence(tmp_path, reader):
    db = tmp_path / "news.duckdb"
    ingest([], db, samples=True, reader=reader)
    out = tmp_path / "events.tsv"
    runner.invoke(app, ["export", "--db", str(db), "--format", "polecat", "--out", str(out)])
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    assert len(rows) == stored(db)["events"] > 0
    con = open_store(db, read_only=True)
    try:
        texts = {doc_id: read_reading(con, doc_id).document.text for doc_id in document_ids(con)}
    finally:
        con.close()
    for row in rows:
        assert row["Event ID"].startswith(row["Source Document"] + "-")
        start, end = int(row["Evidence Start"]), int(row["Evidence End"])
        assert texts[row["Source Document"]][start:end] == row["Evidence Text"]
        assert row["Event Date"] and row["Event Type"]
    assert any(row["Actor Name"] and row["Actor Country"] for row in rows)
    assert any(row["Latitude"] and float(row["Latitude"]) for row in rows)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory, reader):
    """A store holding the bundled samples, each with its own publication date."""
    db = tmp_path_factory.mktemp("samples") / "news.duckdb"
    ingest([], db, samples=True, reader=reader)
    return db


def test_top_actors_are_ranked_by_documents(samples_db):
    columns, rows = ask(samples_db, "top-actors", limit=5)
    assert columns[0] == "name" and columns[-1] == "documents" and len(rows) == 5
    counts_seen = [row[-1] for row in rows]
    assert counts_seen == sorted(counts_seen, reverse=True) and counts_seen[0] > 1


def test_statements_by_a_speaker_name_only_that_speaker(samples_db):
    columns, rows = ask(samples_db, "statements", "zelensk")
    assert rows and all("zelensk" in row[columns.index("speaker_name")].lower() for row in rows)
    assert ask(samples_db, "statements", "nobody-of-that-name")[1] == []


def test_events_by_month_count_quads(samples_db):
    _, every = ask(samples_db, "events-by-month")
    _, russian = ask(samples_db, "events-by-month", "Russia")
    assert sum(row[2] for row in every) == stored(samples_db)["events"]
    assert 0 < sum(row[2] for row in russian) < sum(row[2] for row in every)
    assert {row[1] for row in every} <= {"verbal cooperation", "material cooperation", "verbal conflict",
                                         "material conflict", "other"}
    assert any(row[0] for row in every)


@pytest.mark.parametrize("question, term, message", [
    ("judgments", None, "needs a term"),
    ("statements", "", "needs a term"),
    ("weather", None, "unknown question"),
])
def test_bad_questions_are_refused(samples_db, question, term, message):
    with pytest.raises(StoreError, match=message):
        ask(samples_db, question, term)


@pytest.mark.parametrize("output_format", ["csv", "json"])
def test_cli_query_formats(samples_db, output_format):
    result = runner.invoke(app, ["query", "--db", str(samples_db), "--ask", "top-actors", "--limit", "3",
                                 "--format", output_format])
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        rows = list(csv.DictReader(result.stdout.splitlines()))
    else:
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and all(row["name"] for row in rows)


def test_cli_query_needs_one_of_ask_or_sql(samples_db):
    result = runner.invoke(app, ["query", "--db", str(samples_db)])
    assert result.exit_code == 2 and "--ask" in result.output


class DyingReader:
    """Wraps a Reader and dies (as on a kill) after yielding a few readings."""

    def __init__(self, reader, survive: int) -> None:
        self.reader, self.survive = reader, survive

    def read_many(self, documents):
        for number, reading in enumerate(self.reader.read_many(documents)):
            if number == self.survive:
                raise KeyboardInterrupt
            yield reading


def test_a_killed_run_resumes_without_loss_or_duplicates(tmp_path, corpus, reader):
    db = tmp_path / "news.duckdb"
    with pytest.raises(KeyboardInterrupt):
        ingest([str(corpus)], db, reader=DyingReader(reader, survive=2))
    assert stored(db)["documents"] == 2
    resumed = ingest([str(corpus)], db, reader=reader)
    assert (resumed.stored, resumed.present) == (3, 2)
    full = tmp_path / "full.duckdb"
    ingest([str(corpus)], full, reader=reader)
    assert stored(db) == stored(full)


def test_workers_pull_only_a_bounded_window_of_documents_ahead():
    from newswire.ingest import WINDOW_PER_WORKER, WORKER_CHUNK, _read_all
    from newswire.inputs import make_document
    from newswire.parse import DEFAULT_MODEL

    pulled = 0

    def stories():
        nonlocal pulled
        for number in range(200):
            pulled += 1
            yield make_document(f"Talks resumed in round {number}.", where="test")

    readings = _read_all(stories(), workers=2, model=DEFAULT_MODEL, scale="survey")
    first = next(readings)
    assert first.document.text == "Talks resumed in round 0."
    assert pulled <= 2 * WINDOW_PER_WORKER * WORKER_CHUNK + WORKER_CHUNK
    rest = [r.document.text for r in readings]
    assert rest == [f"Talks resumed in round {n}." for n in range(1, 200)]


def test_ingest_stores_warc_pages_with_their_urls(tmp_path, reader):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = "<p>" + "The defence ministers met in Riga to agree on air patrols over the Baltic, officials said. " * 3
    with open(tmp_path / "crawl.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, content_type in [("https://news.example/riga", "text/html"), ("https://news.example/x.js", "text/javascript")]:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            payload = f"<html><body><article>{body}</p></article></body></html>".encode()
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"}))
    db = tmp_path / "news.duckdb"
    summary = ingest([str(tmp_path)], db, reader=reader)
    assert summary.stored == 1 and len(summary.skipped) == 1 and "text/javascript: 1" in summary.skipped[0]
    con = open_store(db, read_only=True)
    try:
        [doc_id] = document_ids(con)
        document = read_reading(con, doc_id).document
    finally:
        con.close()
    assert document.url == "https://news.example/riga" and document.published == "2024-05-06"
    assert "air patrols over the Baltic" in document.text
