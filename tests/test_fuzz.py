"""Property tests: every reader keeps its contract on any input (the checks live in newswire.fuzz).

Any bytes given to a file reader yield Documents that obey the contract or InputErrors naming the
file; any text given to ``Reader.read_text`` yields a Reading of that text whose spans point at
the exact characters. Hypothesis runs derandomized with a bounded number of examples, so CI is
repeatable and quick; ``newswire fuzz TARGET --seconds N`` searches longer, guided by coverage.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswire.fuzz import (
    ContractViolation, _failure_recorder, check_file_items, check_reading, read_file_bytes, run_fuzz, warc_record,
)

BOUNDED = settings(deadline=None, derandomize=True, max_examples=120, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])
SLOW_BOUNDED = settings(BOUNDED, max_examples=60)
NEWS_WORDS = ["the", "minister", "said", "Russia", "Ukraine", "Kyiv", "NATO", "troops", "likely",
              "probably", "attacked", "300", "percent", "km", "on", "Monday", ",", ".", '"', "\u201c",
              "\u201d", "'", "\u2019", "\n", "\n\n", "--", "(", ")", "told", "reporters", "will", "not"]
COLUMNS = ["id", "text", "body", "content", "article", "title", "url", "source", "published", "other"]

raw_bytes = st.binary(max_size=3000)
any_text = st.text(max_size=1500)
news_text = st.lists(st.sampled_from(NEWS_WORDS), max_size=120).map(" ".join)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text,
                         st.sampled_from(["2022-11-16", "16 Nov 2022", "yesterday", "2022-13-45", "0000-00-00"]))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=6)
with_surrogates = st.lists(st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=40).map("".join)
rows = st.dictionaries(st.sampled_from(COLUMNS), json_values | news_text | with_surrogates, max_size=6)


@st.composite
def jsonl_files(draw) -> bytes:
    """Lines of JSON objects (sometimes not objects, sometimes broken), in ASCII or raw UTF-8."""
    lines = []
    for row in draw(st.lists(rows, max_size=5)):
        line = json.dumps(row, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 9)) == 0:
            line = line[:draw(st.integers(0, len(line)))]
        lines.append(line)
    lines += draw(st.lists(st.sampled_from(["", "  ", "[1, 2]", "null", '"text"', "{"]), max_size=2))
    return "\n".join(draw(st.permutations(lines))).encode("utf-8", "surrogatepass")


@st.composite
def csv_files(draw) -> bytes:
    """A header of known and unknown columns, then rows that may have too few or too many fields."""
    header = draw(st.lists(st.sampled_from(COLUMNS), max_size=6, unique=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", "\t"])))
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        writer.writerow(draw(st.lists(news_text | any_text, max_size=len(header) + 2)))
    return buffer.getvalue().encode("utf-8")


def html_tree(children):
    """An element with a tag, maybe attributes, and children (text or elements)."""
    tag = st.sampled_from(["div", "p", "article", "span", "script", "style", "h1", "table", "td", "main"])
    return st.tuples(tag, st.lists(children, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>")


html_bodies = st.recursive(news_text | any_text, html_tree, max_leaves=12)
html_pages = st.tuples(st.sampled_from(["", "<!doctype html>"]), html_bodies, news_text).map(
    lambda parts: f"{parts[0]}<html><head><title>{parts[2]}</title></head><body>{parts[1]}</body></html>".encode())


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def check_bytes(data: bytes, suffix: str, folder) -> None:
    path, items = read_file_bytes(data, suffix, folder)
    check_file_items(items, path, data, suffix)


@BOUNDED
@given(data=st.one_of(raw_bytes, any_text.map(str.encode), news_text.map(str.encode)))
def test_text_reader_keeps_contract(folder, data):
    check_bytes(data, ".txt", folder)


@BOUNDED
@given(data=st.one_of(raw_bytes, html_pages))
def test_html_reader_keeps_contract(folder, data):
    check_bytes(data, ".html", folder)


@BOUNDED
@given(data=st.one_of(raw_bytes, jsonl_files()))
def test_jsonl_reader_keeps_contract(folder, data):
    check_bytes(data, ".jsonl", folder)


@BOUNDED
@given(data=st.one_of(raw_bytes, csv_files()), suffix=st.sampled_from([".csv", ".tsv"]))
def test_csv_reader_keeps_contract(folder, data, suffix):
    check_bytes(data, suffix, folder)


@st.composite
def warc_files(draw) -> bytes:
    """One or two WARC records of generated pages, sometimes cut short or with bytes overwritten."""
    data = b"".join(warc_record(draw(html_pages)) for _ in range(draw(st.integers(1, 2))))
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    if cut is not None:
        data = data[:cut] if draw(st.booleans()) else data[:cut] + draw(st.binary(max_size=20)) + data[cut + 20:]
    return data


@BOUNDED
@given(data=st.one_of(raw_bytes, warc_files()))
def test_warc_reader_keeps_contract(folder, data):
    from newswire.inputs import input_kind

    assert input_kind("x.warc") == "warc", "read_source no longer reads .warc files"
    check_bytes(data, ".warc", folder)


SGML_PIECES = ['<REUTERS NEWID="1">', "</REUTERS>", "<TEXT>", "</TEXT>", '<TEXT TYPE="BRIEF">', '<TEXT TYPE="UNPROC">',
               "<TITLE>", "</TITLE>", "<BODY>", "</BODY>", "<DATE>", "</DATE>", " 3-MAR-1987 09:15:00.00",
               "<DATELINE>", "</DATELINE>", "&#3;", "&lt;", "&amp", "\n    ", " Reuter\n", "\xfc", "<D>usa</D>"]


@BOUNDED
@given(data=st.one_of(raw_bytes, st.lists(st.sampled_from(SGML_PIECES) | news_text, max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))))
def test_sgml_reader_keeps_contract(folder, data):
    from newswire.inputs import input_kind

    assert input_kind("x.sgm") == "sgml", "read_source no longer reads .sgm files"
    check_bytes(data, ".sgm", folder)


@SLOW_BOUNDED
@given(text=st.one_of(news_text, any_text.map(lambda t: t[:400])))
def test_read_text_keeps_contract(reader, text):
    check_reading(reader.read_text(text), text)


def test_jsonl_lone_surrogate_escape_gives_a_clean_document_or_error(folder):
    data = b'{"text": "Troops moved \\ud800 near the border, the minister said."}\n'
    check_bytes(data, ".jsonl", folder)


def test_jsonl_non_string_metadata_gives_a_clean_document_or_error(folder):
    data = b'{"text": "The minister said the talks would resume.", "title": 7, "url": ["a", "b"]}\n'
    check_bytes(data, ".jsonl", folder)


def test_contract_check_catches_a_broken_span(reader):
    """The checks used above fail when they should (guarding against a test that passes on anything)."""
    import dataclasses

    reading = reader.read_text("The minister said Russia attacked Kyiv on Monday.")
    actor = reading.actors[0]
    moved = dataclasses.replace(actor.mentions[0], start=actor.mentions[0].start + 1)
    broken = dataclasses.replace(reading, actors=(dataclasses.replace(actor, mentions=(moved,)),))
    with pytest.raises(ContractViolation, match="does not match"):
        check_reading(broken, reading.document.text)


def test_failure_recorder_saves_each_cause_once(tmp_path):
    def check(data: bytes) -> None:
        if data.startswith(b"!"):
            raise KeyError(data)

    one_input = _failure_recorder(check, tmp_path)
    for data in (b"fine", b"!one", b"!two"):
        one_input(data)
    assert [p.read_bytes() for p in tmp_path.glob("failure-*.input")] == [b"!one"]
    assert "KeyError" in next(tmp_path.glob("failure-*.txt")).read_text()


@pytest.fixture(scope="module")
def fuzz_reports(tmp_path_factory) -> dict:
    """Every target fuzzed for 2 s by atheris, three child processes at a time (start-up dominates)."""
    from concurrent.futures import ThreadPoolExecutor

    from newswire.fuzz import FUZZ_TARGETS

    crashes = tmp_path_factory.mktemp("crashes")
    with ThreadPoolExecutor(max_workers=3) as pool:
        reports = pool.map(lambda target: run_fuzz(target, seconds=2, crash_dir=crashes / target), FUZZ_TARGETS)
        return {report.target: report for report in reports}


@pytest.mark.parametrize("target", ["text", "html", "jsonl", "csv", "warc", "sgml", "read"])
def test_coverage_guided_fuzzing_runs_and_finds_nothing(fuzz_reports, target):
    report = fuzz_reports[target]
    print(f"fuzz {target}: {report.inputs} inputs in {report.seconds:.0f} s, {len(report.failures)} failures")
    assert report.inputs > 0, report.log.read_text()[-2000:]
    assert report.failures == [], [p.with_suffix(".txt").read_text() if p.suffix == ".input" else p.name
                                   for p in report.failures]
