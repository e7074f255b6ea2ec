"""The pipeline on Spark (local mode): the same readings as the local Reader and as ingest."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newswire.errors import InputError, NewswireError
from newswire.inputs import read_samples

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (apt-get install openjdk-17-jre-headless)")


@pytest.fixture(scope="module")
def session():
    from newswire.spark import spark_session

    spark = spark_session("local[2]", app_name="newswire-test")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def samples():
    return [d for d in read_samples() if not isinstance(d, InputError)]


def spark_rows(path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def test_spark_reads_the_samples_exactly_as_the_local_reader(tmp_path, session, samples, reader):
    """The reader behind ``ingest``: the same documents read locally give the same contract JSON."""
    from newswire.spark import run_spark

    source = tmp_path / "samples.parquet"
    columns = ("id", "text", "title", "url", "source", "published")
    pq.write_table(pa.table({c: [getattr(d, c) for d in samples] for c in columns}), source)
    count = run_spark(str(source), str(tmp_path / "out"), session=session, partitions=2)
    rows = spark_rows(tmp_path / "out")
    assert count == len(rows) == len(samples) == 20
    assert all(row["problem"] is None for row in rows)
    by_spark = {row["id"]: json.loads(row["reading"]) for row in rows}
    local = {r.document.id: json.loads(json.dumps(r.to_dict())) for r in reader.read_many(samples)}
    assert by_spark.keys() == local.keys()
    differing = {doc_id: [key for key in local[doc_id] if local[doc_id][key] != by_spark[doc_id].get(key)]
                 for doc_id in local if local[doc_id] != by_spark[doc_id]}
    assert differing == {}
    assert sum(len(r["events"]) for r in by_spark.values()) > 0
    assert {row["id"]: row["published"] for row in rows} == {d.id: d.published for d in samples}

def test_spark_reads_jsonl_rows_and_reports_rows_without_text(tmp_path, session, reader):
    from newswire.spark import run_spark

    source = tmp_path / "rows.jsonl"
    rows = [{"id": "r1", "text": "Turkey offered to host talks in Istanbul, the minister said.", "published": "2023-04-05T10:00:00Z"},
            {"id": "r2", "title": "No body here"}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    run_spark(str(source), str(tmp_path / "out"), session=session)
    found = {row["id"]: row for row in spark_rows(tmp_path / "out")}
    assert found["r1"]["published"] == "2023-04-05" and found["r1"]["problem"] is None
    expected = reader.read_text(rows[0]["text"], doc_id="r1", published="2023-04-05").to_dict()
    assert json.loads(found["r1"]["reading"]) == json.loads(json.dumps(expected))
    assert found["r2"]["reading"] is None and "no text column" in found["r2"]["problem"]


@pytest.mark.parametrize("content, message", [
    ({"count": [1, 2]}, "no text column"),
])
def test_spark_refuses_input_without_text_and_existing_output(tmp_path, session, content, message):
    from newswire.spark import run_spark

    source = tmp_path / "numbers.parquet"
    pq.write_table(pa.table(content), source)
    with pytest.raises(InputError, match=message):
        run_spark(str(source), str(tmp_path / "out"), session=session)
    with pytest.raises(InputError, match="cannot read"):
        run_spark(str(tmp_path / "missing.parquet"), str(tmp_path / "out"), session=session)
    (tmp_path / "out").mkdir()
    pq.write_table(pa.table({"text": ["Talks resumed."]}), tmp_path / "ok.parquet")
    with pytest.raises(NewswireError, match="already exists"):
        run_spark(str(tmp_path / "ok.parquet"), str(tmp_path / "out"), session=session)
