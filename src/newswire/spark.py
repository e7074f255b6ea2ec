"""The newswire pipeline on Apache Spark: Parquet or JSONL in, one reading per document out as Parquet.

Each Spark partition is read by :func:`read_partition` in an executor's Python worker, which loads one
spaCy pipeline (one :class:`~newswire.pipeline.Reader`) per worker process and keeps it for every
later partition that process handles. A document becomes exactly the reading the local ``Reader`` and
``newswire ingest`` give it: rows are turned into documents by the same ``row_document`` used for
Parquet/JSONL ingest (same ids, same date normalization).

Input: Parquet (default) or JSON lines at any path Spark reads (local, ``hdfs://``, ``s3a://`` ...),
with a text column (``text``, ``body``, ``content`` or ``article``) and optional ``id``, ``title``,
``url``, ``source`` and ``published``. Output: Parquet with one row per input row and the columns
``id, title, url, source, published`` (the document's metadata), ``reading`` (the contract JSON, as
``newswire read --format json`` prints it, on one line) and ``problem`` (why a row could not be read,
else null). Run it as ``newswire spark INPUT OUTPUT`` or with ``spark-submit`` on this file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from functools import partial

from newswire.errors import InputError, NewswireError
from newswire.inputs import META_COLUMNS, TEXT_COLUMNS, row_document
from newswire.parse import DEFAULT_MODEL

OUTPUT_COLUMNS = ("id", "title", "url", "source", "published", "reading", "problem")
LOCAL_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
}

_READERS: dict[tuple[str, str], object] = {}


def worker_reader(model: str, scale: str):
    """The Reader of this Python process, loaded on first use (one spaCy pipeline per process)."""
    key = (model, scale)
    if key not in _READERS:
        from newswire.pipeline import Reader

        _READERS[key] = Reader(model=model, scale=scale)
    return _READERS[key]


def read_partition(rows: Iterable, *, model: str, scale: str, where: str) -> Iterator[tuple]:
    """Readings of one partition's rows, as output tuples in OUTPUT_COLUMNS order."""
    reader = None
    pending: list = []
    for number, row in enumerate(rows, start=1):
        try:
            pending.append(row_document(row.asDict(), where=f"{where} row {number}", published=None))
        except InputError as error:
            values = row.asDict()
            yield (_text(values.get("id")), None, None, None, None, None, str(error))
            continue
        if len(pending) >= 32:
            reader = reader or worker_reader(model, scale)
            yield from _read_documents(reader, pending)
            pending = []
    if pending:
        yield from _read_documents(reader or worker_reader(model, scale), pending)


def _read_documents(reader, documents: list) -> Iterator[tuple]:
    """Output tuples for a batch of documents read with ``reader``."""
    for reading in reader.read_many(documents):
        document = reading.document
        contract = json.dumps(reading.to_dict(), ensure_ascii=False)
        yield (document.id, document.title, document.url, document.source, document.published, contract, None)


def _text(value) -> str | None:
    """A value as text for an output column (None stays None)."""
    return None if value is None else str(value)


def output_schema():
    """The Spark schema of the output table: every column a nullable string."""
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(name, StringType(), True) for name in OUTPUT_COLUMNS])


def spark_session(master: str | None = None, *, app_name: str = "newswire"):
    """A SparkSession: the one spark-submit configured, or a local one on ``master`` (e.g. ``local[2]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise NewswireError("PySpark is not installed: run `make eval-setup` or pip install 'pyspark>=3.5,<5'; "
                            "Spark also needs Java 17 (apt-get install openjdk-17-jre-headless)") from error

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if master is None or master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in LOCAL_SETTINGS.items():
            builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def load_input(session, path: str, input_format: str | None = None):
    """The input rows as a DataFrame of the text column and whichever metadata columns exist."""
    input_format = input_format or ("jsonl" if path.rstrip("/").lower().endswith((".jsonl", ".json", ".ndjson"))
                                    else "parquet")
    if input_format not in ("parquet", "jsonl"):
        raise InputError(f"{path}: unknown input format {input_format!r}; use parquet or jsonl")
    try:
        frame = session.read.parquet(path) if input_format == "parquet" else session.read.json(path)
    except Exception as error:  # noqa: BLE001 - Spark raises analysis errors of several kinds
        raise InputError(f"{path}: Spark cannot read it as {input_format} ({str(error).splitlines()[0]})") from None
    names = frame.columns
    if not set(names) & set(TEXT_COLUMNS):
        raise InputError(f"{path}: no text column in {names} (expected one of {', '.join(TEXT_COLUMNS)})")
    return frame.select(*[n for n in names if n in (*TEXT_COLUMNS, *META_COLUMNS, "id")])


def run_spark(input_path: str, output_path: str, *, session=None, master: str | None = None,
              input_format: str | None = None, model: str = DEFAULT_MODEL, scale: str = "survey",
              partitions: int | None = None, overwrite: bool = False) -> int:
    """Read every row of ``input_path`` on Spark and write the readings to ``output_path``; return the row count."""
    session = session or spark_session(master)
    frame = load_input(session, input_path, input_format)
    if partitions:
        frame = frame.repartition(partitions)
    work = partial(read_partition, model=model, scale=scale, where=input_path)
    readings = session.createDataFrame(frame.rdd.mapPartitions(work), output_schema())
    if not overwrite and _exists(session, output_path):
        raise NewswireError(f"{output_path}: already exists; give --overwrite to replace it")
    readings.write.mode("overwrite").parquet(output_path)
    return session.read.parquet(output_path).count()


def _exists(session, path: str) -> bool:
    """Whether ``path`` exists on the file system Spark writes to (local, HDFS, S3 ...)."""
    jvm = session.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(session.sparkContext._jsc.hadoopConfiguration()).exists(hadoop_path)


def main(argv: list[str] | None = None) -> int:
    """The spark-submit entry point: ``spark-submit newswire/spark.py INPUT OUTPUT [options]``."""
    parser = argparse.ArgumentParser(prog="newswire-spark", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="Parquet or JSONL input path (any path Spark reads)")
    parser.add_argument("output", help="Parquet output directory")
    parser.add_argument("--format", dest="input_format", choices=("parquet", "jsonl"), default=None)
    parser.add_argument("--master", default=None, help="Spark master when not set by spark-submit")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--scale", default="survey", choices=("survey", "icd203", "kent"))
    parser.add_argument("--partitions", type=int, default=None, help="repartition the input into N parts")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    options = parser.parse_args(argv)
    try:
        count = run_spark(options.input, options.output, master=options.master, input_format=options.input_format,
                          model=options.model, scale=options.scale, partitions=options.partitions,
                          overwrite=options.overwrite)
    except NewswireError as error:
        print(f"newswire: {error}", file=sys.stderr)
        return 2
    print(f"wrote {count} readings to {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
