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


# --- WARC -------------------------------------------------------------------------------------

ARTICLE = "<p>" + "The foreign ministers met in Oslo on Monday to discuss the border dispute, officials said. " * 3 + "</p>"


def page(title: str, *, dated: str | None = None) -> bytes:
    meta = f"<meta property='article:published_time' content='{dated}'>" if dated else ""
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>Menu | Sport</nav>"
            f"<article><h1>{title}</h1>{ARTICLE}</article></body></html>").encode("utf-8")


def write_warc(path, records, *, gzipped: bool) -> list[int]:
    """Write (type, uri, status, content type, payload) records; return each record's byte offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        for record_type, uri, status, content_type, payload in records:
            offsets.append(stream.tell())
            http = None
            if record_type == "response":
                http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, record_type, payload=io.BytesIO(payload), http_headers=http,
                                               warc_headers_dict={"WARC-Date": "2023-03-04T05:06:07Z"})
            writer.write_record(record)
    return offsets


CRAWL = [
    ("request", "https://news.example/a", None, None, b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"),
    ("response", "https://news.example/a", "200 OK", "text/html; charset=utf-8", page("Oslo talks", dated="2023-02-01")),
    ("response", "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("response", "https://news.example/gone", "404 Not Found", "text/html", b"<html>missing</html>"),
    ("response", "https://news.example/b", "200 OK", "text/html", page("Border dispute")),
    ("response", "https://news.example/c.txt", "200 OK", "text/plain; charset=utf-8", "Plain wire copy.\n".encode()),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_become_documents_and_other_records_are_counted(tmp_path, name):
    path = tmp_path / name
    write_warc(path, CRAWL, gzipped=name.endswith(".gz"))
    items = list(read_inputs([str(tmp_path)], published="1999-01-01"))
    docs = documents(items)
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b", "https://news.example/c.txt"]
    assert "foreign ministers met in Oslo" in docs[0].text and "Menu | Sport" not in docs[0].text
    assert docs[0].title == "Oslo talks"
    assert docs[0].published == "2023-02-01"          # the page's own date wins
    assert docs[1].published == "2023-03-04"          # else the WARC-Date, not --published
    assert docs[2].text == "Plain wire copy.\n"
    [summary] = problems(items)
    assert name in str(summary) and "2 WARC records are not readable pages" in str(summary)
    assert "image/png: 1" in str(summary) and "HTTP 404: 1" in str(summary)


@pytest.mark.parametrize("gzipped", [False, True])
def test_broken_warc_record_is_reported_with_its_offset_and_the_rest_is_read(tmp_path, gzipped):
    path = tmp_path / ("broken.warc.gz" if gzipped else "broken.warc")
    records = [CRAWL[1], CRAWL[4], CRAWL[5]]
    offsets = write_warc(path, records, gzipped=gzipped)
    data = bytearray(path.read_bytes())
    data[offsets[1]:offsets[1] + 8] = b"#" * 8          # ruin the start of the second record
    path.write_bytes(bytes(data))
    items = list(read_source(str(path)))
    assert [d.url for d in documents(items)] == ["https://news.example/a", "https://news.example/c.txt"]
    [broken] = problems(items)
    assert "broken.warc" in str(broken) and f"byte {offsets[1]}" in str(broken) and "broken WARC record" in str(broken)


def test_warc_payload_in_a_declared_charset_is_decoded(tmp_path):
    latin = page("Caf\u00e9 talks").replace(b"Oslo", "Troms\u00f8".encode("utf-8")).decode("utf-8").encode("latin-1")
    path = tmp_path / "latin.warc"
    write_warc(path, [("response", "https://news.example/l", "200 OK", "text/html; charset=iso-8859-1", latin)],
               gzipped=False)
    [document] = documents(read_source(str(path)))
    assert "Troms\u00f8" in document.text and document.title == "Caf\u00e9 talks"


# --- streaming and size limits ----------------------------------------------------------------

def test_jsonl_and_csv_are_streamed_not_read_whole():
    from newswire.inputs import stream_csv, stream_jsonl

    lines = b"".join(json.dumps({"text": f"Story number {n}."}).encode() + b"\n" for n in range(50_000))
    stream = io.BytesIO(lines)
    first = next(stream_jsonl(stream, where="big.jsonl", published=None))
    assert first.text == "Story number 0." and stream.tell() < 100_000 < len(lines)
    table = b"text\n" + b"".join(f"Row {n}.\n".encode() for n in range(100_000))
    stream = io.BytesIO(table)
    rows = stream_csv(stream, where="big.csv", published=None)
    first = next(rows)
    assert first.text == "Row 0." and stream.tell() < 100_000 < len(table)


def test_gzipped_jsonl_and_tsv_are_read(tmp_path):
    import gzip

    with gzip.open(tmp_path / "rows.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"text": "Zipped story."}) + "\n")
    with gzip.open(tmp_path / "rows.tsv.gz", "wt", encoding="utf-8") as stream:
        stream.write("text\tsource\nTabbed, story.\tWire\n")
    docs = documents(read_inputs([str(tmp_path)]))
    assert [(d.text, d.source) for d in docs] == [("Zipped story.", None), ("Tabbed, story.", "Wire")]


@pytest.mark.parametrize("name, content, readable", [
    ("short.txt", "x" * 90, True),
    ("long.txt", "x" * 150, False),          # over the 100-character limit
    ("huge.txt", "x" * 500, False),          # over the 400-byte raw limit: not even decoded
    ("long.html", "<html><body><article><p>" + "Talks resumed in Doha today. " * 8 + "</p></article></body></html>", False),
])
def test_documents_over_the_size_limit_are_skipped_with_the_reason(tmp_path, monkeypatch, name, content, readable):
    monkeypatch.setenv("NEWSWIRE_MAX_DOCUMENT_CHARS", "100")
    path = tmp_path / name
    path.write_text(content, "utf-8")
    items = list(read_source(str(path)))
    assert bool(documents(items)) is readable
    if not readable:
        [problem] = problems(items)
        assert name in str(problem) and "over" in str(problem) and "skipped" in str(problem)


def test_oversized_rows_are_skipped_and_the_next_rows_read(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWIRE_MAX_DOCUMENT_CHARS", "100")
    path = tmp_path / "rows.jsonl"
    rows = [{"text": "Fine."}, {"text": "y" * 150}, {"text": "z" * 1000}, {"text": "Also fine."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    items = list(read_source(str(path)))
    assert [d.text for d in documents(items)] == ["Fine.", "Also fine."]
    first, second = map(str, problems(items))
    assert "line 2" in first and "100-character limit" in first
    assert "line 3" in second and "over 400 bytes" in second


@pytest.mark.parametrize("name", ["blob.jsonl", "blob.csv", "blob.sgm"])
def test_a_binary_file_of_many_documents_is_refused_by_name(tmp_path, name):
    binary = tmp_path / name
    binary.write_bytes(b'text\n{"text": "x"}\n\x00\x01\x02' * 50)
    [problem] = list(read_source(str(binary)))
    assert "binary" in str(problem) and name in str(problem)


def test_bad_rows_in_streamed_files_keep_the_rows_before(tmp_path):
    binary = tmp_path / "blob.jsonl"
    binary.write_bytes(b'{"text": "x"}\n\x00\x01\x02' * 50)
    [problem] = list(read_source(str(binary)))
    assert "binary" in str(problem)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"text\nFirst row.\n" + b"x" * 9000 + b"\nCaf\xe9 row.\n")
    items = list(read_source(str(latin)))
    assert documents(items)[0].text == "First row."
    assert "not valid UTF-8" in str(problems(items)[-1]) and "latin.csv" in str(problems(items)[-1])


@pytest.mark.parametrize("line, expected_text, expected_title, problem", [
    ('{"text": "Troops moved \\ud800 near the border."}', "Troops moved \ufffd near the border.", None, None),
    ('{"text": "Talks resumed.", "title": 7}', "Talks resumed.", "7", None),
    ('{"text": "Talks resumed.", "url": ["a", "b"]}', None, None, "url must be text, not list"),
    ('{"text": "Talks resumed.", "source": {"name": "Wire"}}', None, None, "source must be text, not dict"),
])
def test_odd_jsonl_values_give_a_clean_document_or_a_reason(tmp_path, line, expected_text, expected_title, problem):
    path = tmp_path / "odd.jsonl"
    path.write_text(line + "\n", "utf-8")
    [item] = list(read_source(str(path)))
    if problem:
        assert isinstance(item, InputError) and problem in str(item) and "line 1" in str(item)
    else:
        assert item.text == expected_text and item.title == expected_title
        item.text.encode("utf-8")                    # no lone surrogate left to break the parser


def test_truncated_gzipped_jsonl_keeps_the_rows_before_and_names_the_file(tmp_path):
    import gzip

    rows = "".join(json.dumps({"text": f"Story {n} about the ceasefire talks."}) + "\n" for n in range(2000))
    data = gzip.compress(rows.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[:len(data) // 2])
    items = list(read_source(str(path)))
    assert documents(items) and documents(items)[0].text == "Story 0 about the ceasefire talks."
    [problem] = problems(items)
    assert "cut.jsonl.gz" in str(problem) and "cannot be read" in str(problem)


SGML_ARCHIVE = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="7">
<DATE> 3-MAR-1987 09:15:00.00</DATE>
<PLACES><D>norway</D></PLACES>
<TEXT>&#2;
<TITLE>HARBOUR &lt;HBR&gt; STRIKE ENDS</TITLE>
<DATELINE>    OSLO, March 3 - </DATELINE><BODY>Dock workers in the northern port
ended a two-week strike on Tuesday, the union said.
    The union said its members would return to work
at once. \xfcber-calm, a spokesman added.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE> 3-MAR-1987 09:20:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>FERRY LINE RAISES FARES
</TITLE>Blah blah blah.
&#3;
</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="9">
<DATE> 4-MAR-1987 10:00:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
WEEKLY PORT TONNAGE
    Week ended Feb 28     tonnes
 Grain.............1,204 vs.....980
 Reuter
&#3;</TEXT>
</REUTERS>
"""


def test_reuters_sgml_stories_are_documents_with_paragraphs_joined(tmp_path):
    archive = tmp_path / "reut2-000.sgm"
    archive.write_bytes(SGML_ARCHIVE)
    documents, problems = split(read_source(str(archive)))
    first, table = documents
    assert first.title == "HARBOUR <HBR> STRIKE ENDS"
    assert first.published == "1987-03-03"
    assert first.source == "Reuters"
    assert first.text == ("OSLO, March 3 - Dock workers in the northern port ended a two-week strike on Tuesday, "
                          "the union said.\n\nThe union said its members would return to work at once. "
                          "\u00fcber-calm, a spokesman added.")
    assert table.published == "1987-03-04"
    assert table.text.splitlines()[1:] == ["    Week ended Feb 28     tonnes", " Grain.............1,204 vs.....980"]
    assert len(problems) == 1 and "NEWID 8" in str(problems[0]) and "headline-only brief" in str(problems[0])


def test_reuters_sgml_is_found_in_directories_and_streamed(tmp_path):
    (tmp_path / "reut2-001.sgm").write_bytes(SGML_ARCHIVE * 3)
    documents, problems = split(read_inputs([str(tmp_path)]))
    assert len(documents) == 6 and len(problems) == 3
    assert len({document.id for document in documents}) == 2


@pytest.mark.parametrize("chunk_bytes", [1 << 16, 64])
def test_reuters_sgml_story_over_the_size_limit_is_skipped_and_the_next_read(tmp_path, monkeypatch, chunk_bytes):
    monkeypatch.setenv("NEWSWIRE_MAX_DOCUMENT_CHARS", "200")
    monkeypatch.setattr("newswire.sgml.CHUNK_BYTES", chunk_bytes)
    big_story = b'<REUTERS NEWID="1"><TEXT><BODY>' + b"word " * 400 + b"</BODY></TEXT></REUTERS>\n"
    small_story = b'<REUTERS NEWID="2"><TEXT><BODY>Small story.</BODY></TEXT></REUTERS>\n'
    archive = tmp_path / "mixed.sgm"
    archive.write_bytes(big_story + small_story)
    documents, problems = split(read_source(str(archive)))
    assert [document.text for document in documents] == ["Small story."]
    assert len(problems) == 1 and "story 1" in str(problems[0]) and "over" in str(problems[0])


def split(items):
    """(documents, problems) of a reader's items, in order."""
    items = list(items)
    return documents(items), problems(items)
