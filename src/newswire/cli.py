"""The ``newswire`` command: parses options, calls the library, turns errors into messages."""

from __future__ import annotations

import itertools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.text import Text

from newswire import __version__
from newswire.errors import InputError, NewswireError
from newswire.parse import DEFAULT_MODEL

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read news about wars and international politics into verifiable records.")
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    pretty = "pretty"
    json = "json"
    jsonl = "jsonl"


class Scale(str, Enum):
    survey = "survey"
    icd203 = "icd203"
    kent = "kent"


def version_callback(value: bool) -> None:
    if value:
        out.print(f"newswire {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Read news about wars and international politics into verifiable records."""


@app.command()
def read(
    files: list[str] = typer.Argument(None, help="Files or directories to read; '-' reads standard input."),
    output_format: OutputFormat = typer.Option(OutputFormat.pretty, "--format", "-f",
                                               help="pretty report, contract JSON for one document, or one JSON line per document."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy English pipeline to parse with."),
    scale: Scale = typer.Option(Scale.survey, "--scale", help="Probability scale for judgments."),
    published: Optional[str] = typer.Option(None, "--published",
                                            help="Publication date (YYYY-MM-DD) for inputs whose metadata has none."),
    samples: bool = typer.Option(False, "--samples", help="Read the bundled sample stories."),
) -> None:
    """Read stories and print what newswire found in them."""
    from newswire.inputs import read_inputs, read_samples
    from newswire.pipeline import Reader

    if not files and not samples:
        raise typer.BadParameter("give at least one FILE, a directory, '-' for standard input, or --samples")
    problems: list[InputError] = []
    try:
        items = itertools.chain(read_inputs(files or [], published=published), read_samples() if samples else ())
        if output_format is OutputFormat.json:
            items = list(itertools.islice(items, 2))
            if len(items) > 1:
                raise typer.BadParameter("--format json prints one document but the inputs hold more; use --format jsonl",
                                         param_hint="--format")
        documents = _documents_reporting_problems(items, problems)
        first = next(documents, None)
        if first is not None:
            reader = Reader(model=model, scale=scale.value)
            emit(reader.read_many(itertools.chain([first], documents)), output_format)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    if problems:
        raise typer.Exit(1)


def _documents_reporting_problems(items, problems: list[InputError]):
    """Yield the documents among ``items``; report each input problem on stderr as it comes."""
    for item in items:
        if isinstance(item, InputError):
            problems.append(item)
            err.print(Text.assemble(("newswire: skipped ", "yellow"), str(item)))
        else:
            yield item


def emit(readings, output_format: OutputFormat) -> None:
    """Print readings in the chosen format, with a progress bar on long jsonl runs."""
    if output_format is OutputFormat.pretty:
        for reading in readings:
            from newswire.report import render

            render(reading, out)
        return
    if output_format is OutputFormat.json:
        for reading in readings:
            sys.stdout.write(json.dumps(reading.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from newswire.progress import progress_over

    for reading in progress_over(readings, total=None, label="reading", console=err):
        sys.stdout.write(json.dumps(reading.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command()
def evaluate(
    gold_set: str = typer.Argument(..., help="Which evaluation: gate (the project's own set), calibration, factbank, polnear, plover-gsr, conflibert, petrarch, gwn, tr-news or clusters."),
    path: Optional[Path] = typer.Argument(None, help="Path to the gold data (not needed for 'gate')."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy English pipeline to parse with."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when a metric falls below its pinned floor (gate only)."),
    pin: bool = typer.Option(False, "--pin", help="Write the measured metrics as the gate's new floors."),
    allow_lower: bool = typer.Option(False, "--allow-lower", help="With --pin, allow a floor to go down."),
    output_format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Measure reading quality against a gold set and print the metrics."""
    from newswire import evaluate as evaluation

    try:
        report = evaluation.run(gold_set, path, model=model)
        if pin:
            report.floors = evaluation.pin_floors(report, gold_path=path, allow_lower=allow_lower)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    evaluation.print_report(report, out, as_json=output_format == "json")
    if check and not report.passed:
        err.print("newswire: quality gate failed: " + "; ".join(report.failures), markup=False)
        raise typer.Exit(1)


@app.command()
def benchmark(
    files: list[str] = typer.Argument(..., help="Files or directories of stories to time."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy English pipeline to parse with."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Time only the first N documents."),
    every: int = typer.Option(1, "--every", min=1, help="Time ingest of every Nth document only (an even sample)."),
    workers: Optional[str] = typer.Option(None, "--workers", help="Time ingest with these worker counts, e.g. 1,2."),
    repeat: Optional[str] = typer.Option(None, "--repeat", help="Time ingest of the corpus repeated these many times, e.g. 1,10."),
) -> None:
    """Time the full pipeline against the bare spaCy parse; with --workers/--repeat, time ingest scaling."""
    from newswire.benchmark import measure_speed

    if workers or repeat or every > 1:
        _benchmark_ingest(files, model=model, limit=limit, every=every, workers=workers or "1", repeat=repeat or "1")
        return
    try:
        report = measure_speed(files, model=model, limit=limit)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"{report.documents} documents, {report.characters:,} characters")
    out.print(f"bare spaCy parse: {report.bare_rate:.2f} docs/s ({report.bare_seconds:.1f} s)")
    out.print(f"full pipeline:    {report.full_rate:.2f} docs/s ({report.full_seconds:.1f} s)")
    out.print(f"full / bare:      {report.ratio:.2f}")


def _benchmark_ingest(files: list[str], *, model: str, limit: Optional[int], every: int, workers: str,
                      repeat: str) -> None:
    """Run and print the ingest scaling benchmark (each run in a fresh process and store)."""
    from newswire.benchmark import growth, measure_ingest

    try:
        worker_counts = [int(w) for w in workers.split(",")]
        factors = [int(f) for f in repeat.split(",")]
    except ValueError:
        raise typer.BadParameter("--workers and --repeat take whole numbers separated by commas, e.g. 1,10") from None
    try:
        runs = measure_ingest(files, workers=worker_counts, factors=factors, model=model, limit=limit, every=every)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    for run in runs:
        out.print(f"workers {run.workers} ×{run.factor}: {run.documents} documents ({run.stored} stored, "
                  f"{run.skipped} skipped) in {run.seconds:.1f} s ({run.cpu_seconds:.0f} CPU s) = {run.rate:.2f} docs/s; peak memory "
                  f"{run.peak_mb:.0f} MB" + (f", largest worker {run.worker_peak_mb:.0f} MB" if run.workers > 1 else ""))
    for line in growth(runs):
        out.print(line)


@app.command()
def spark(
    source: str = typer.Argument(..., help="Parquet or JSONL input at any path Spark reads (file, directory, glob, hdfs://, s3a://)."),
    output: str = typer.Argument(..., help="Parquet output directory: one row per document with its contract JSON."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master, e.g. local[4] or spark://host:7077 (default: local)."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="parquet or jsonl (default: by the name)."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy English pipeline to parse with."),
    scale: Scale = typer.Option(Scale.survey, "--scale", help="Probability scale for judgments."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Repartition the input into N parts."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT if it exists."),
) -> None:
    """Read a corpus on Apache Spark (one spaCy pipeline per executor process) and write the readings as Parquet."""
    from newswire.spark import run_spark

    try:
        count = run_spark(source, output, master=master, input_format=input_format, model=model, scale=scale.value,
                          partitions=partitions, overwrite=overwrite)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"wrote {count} readings to {output}")


@app.command()
def fuzz(
    target: str = typer.Argument(..., help="What to fuzz: text, html, jsonl, csv, warc (the file readers) or read (Reader.read_text)."),
    seconds: int = typer.Option(60, "--seconds", min=1, help="How long to fuzz."),
    crashes: Path = typer.Option(Path("fuzz-crashes"), "--crashes", help="Directory where failing inputs and the log are saved."),
) -> None:
    """Fuzz a reader with atheris (coverage-guided) for a bounded time; exit 1 when an input fails."""
    from newswire.fuzz import FUZZ_TARGETS, run_fuzz

    if target not in FUZZ_TARGETS:
        raise typer.BadParameter(f"choose one of {', '.join(FUZZ_TARGETS)}", param_hint="TARGET")
    report = run_fuzz(target, seconds=seconds, crash_dir=crashes)
    out.print(f"{target}: {report.inputs:,} inputs tried in {report.seconds:.0f} s, "
              f"{len(report.failures)} failure(s); log in {report.log}")
    for path in report.failures:
        out.print(f"  failing input saved: {path}")
    if report.failures or report.inputs == 0:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record contract."""
    from newswire.contract import record_schema

    sys.stdout.write(json.dumps(record_schema(), indent=2) + "\n")


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="JSON (one reading) or JSONL (one per line) files made by newswire read."),
) -> None:
    """Check newswire JSON against the record contract; exit 1 on any violation."""
    from newswire.contract import validate_reading

    failed = 0
    for path in files:
        for where, reading in _json_objects(path):
            problems = validate_reading(reading)
            failed += bool(problems)
            for problem in problems:
                err.print(f"{where}: {problem}", markup=False)
    out.print(f"{'invalid' if failed else 'valid'}: {failed} reading(s) break the contract" if failed else "valid")
    if failed:
        raise typer.Exit(1)


def _json_objects(path: Path):
    """Readings in a JSON or JSONL file, each with a label for messages."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise typer.BadParameter(f"{path}: cannot be read ({error})") from None
    try:
        yield str(path), json.loads(text)
        return
    except json.JSONDecodeError:
        pass
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield f"{path} line {number}", json.loads(line)
            except json.JSONDecodeError as error:
                raise typer.BadParameter(f"{path} line {number}: not JSON ({error.msg})") from None


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"
    polecat = "polecat"


@app.command()
def ingest(
    sources: list[str] = typer.Argument(None, help="Files or directories of stories (text, HTML, JSONL, CSV/TSV, Parquet, WARC, Reuters SGML)."),
    db: Path = typer.Option(..., "--db", help="DuckDB store to create or add to."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes reading in parallel."),
    published: Optional[str] = typer.Option(None, "--published",
                                            help="Publication date (YYYY-MM-DD) for inputs whose metadata has none."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy English pipeline to parse with."),
    scale: Scale = typer.Option(Scale.survey, "--scale", help="Probability scale for judgments."),
    samples: bool = typer.Option(False, "--samples", help="Also ingest the bundled sample stories."),
) -> None:
    """Read stories into a DuckDB store; re-running adds only what is not stored yet."""
    from newswire.ingest import ingest as run_ingest

    if not sources and not samples:
        raise typer.BadParameter("give at least one SOURCE file or directory, or --samples")
    try:
        summary = run_ingest(sources or [], db, workers=workers, published=published, samples=samples,
                             model=model, scale=scale.value, console=err)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    for problem in summary.skipped:
        err.print(Text.assemble(("newswire: skipped ", "yellow"), problem))
    out.print(f"read {summary.read}, stored {summary.stored}, already present {summary.present}, "
              f"skipped {len(summary.skipped)}; {summary.copies} of {summary.clustered} new documents "
              f"are copies of an earlier story")
    if summary.skipped:
        raise typer.Exit(1)


@app.command()
def export(
    db: Path = typer.Option(..., "--db", help="DuckDB store made by newswire ingest."),
    output_format: ExportFormat = typer.Option(..., "--format", "-f",
                                               help="jsonl (one reading per line), polecat (tab-separated event rows) or parquet/csv (one file per table)."),
    out_path: Path = typer.Option(..., "--out", help="jsonl/polecat: the file; parquet/csv: the directory."),
    table: Optional[str] = typer.Option(None, "--table", help="Export only this table (parquet/csv)."),
) -> None:
    """Write the store out as contract JSON lines or as Parquet/CSV tables."""
    from newswire.export import export as run_export

    try:
        written = run_export(db, output_format.value, out_path, table=table)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    for path in written:
        out.print(f"wrote {path}")


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def query(
    names: list[str] = typer.Argument(None, help="For --ask: the speaker, topic or actor; two actors for events-between."),
    db: Path = typer.Option(..., "--db", help="DuckDB store made by newswire ingest."),
    ask: Optional[str] = typer.Option(None, "--ask", help="A ready question: top-actors, statements, judgments, events-between, events-by-month."),
    term: Optional[str] = typer.Option(None, "--term", help="For --ask: a speaker (statements), topic (judgments) or actor (events-by-month)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="For --ask statements: part of the speaker's name."),
    topic: Optional[str] = typer.Option(None, "--topic", help="For --ask judgments: words of the judged proposition."),
    directed: bool = typer.Option(False, "--directed", help="For events-between: count A -> B and B -> A apart."),
    sql: Optional[str] = typer.Option(None, "--sql", help="SQL to run instead (read-only)."),
    output_format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = typer.Option(1000, "--limit", min=1, help="Show at most this many rows."),
) -> None:
    """Answer a ready question about the store, or run SQL on it; print a table, CSV or JSON.

    Ready questions count each statement, judgment or event once per story, with its documents and outlets.
    """
    from newswire.store import ask as ask_store, run_query

    if (ask is None) == (sql is None):
        raise typer.BadParameter("give either --ask QUESTION or --sql QUERY")
    given = [value for value in (term, speaker, topic) if value] + list(names or [])
    if len(given) > 2:
        raise typer.BadParameter(f"at most two names (events-between A B), got {len(given)}")
    try:
        columns, rows = run_query(db, sql, limit=limit) if sql else ask_store(
            db, ask, given[0] if given else None, other=given[1] if len(given) > 1 else None,
            directed=directed, limit=limit)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    print_rows(columns, rows, output_format)


@app.command()
def cluster(
    db: Optional[Path] = typer.Option(None, "--db", help="DuckDB store whose documents to group into stories."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Forget every story and cluster the whole store again."),
    window: int = typer.Option(200_000, "--window", min=1,
                               help="Match new documents against this many most recently clustered ones (~12 KB of memory each)."),
    evaluate_path: Optional[Path] = typer.Option(None, "--evaluate",
                                                 help="Instead: measure clustering on a folder of .txt stories."),
    output_format: str = typer.Option("table", "--format", help="For --evaluate: table or json."),
) -> None:
    """Group near-duplicate and syndicated copies of a story under one story id (only new documents)."""
    if (db is None) == (evaluate_path is None):
        raise typer.BadParameter("give either --db FILE or --evaluate FOLDER")
    try:
        if evaluate_path is not None:
            from newswire.cluster_eval import run_clusters
            from newswire.evaluate import print_report

            print_report(run_clusters(evaluate_path), out, as_json=output_format == "json")
            return
        from newswire.cluster import cluster_store

        summary = cluster_store(db, rebuild=rebuild, window=window)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"clustered {summary.clustered} documents: {summary.stories} new stories, {summary.joined} joined "
              f"a story ({summary.indexed_before} documents clustered before)")


def print_rows(columns: list[str], rows: list[tuple], output_format: QueryFormat) -> None:
    """Print query results as a rich table, CSV or JSON lines."""
    if output_format is QueryFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif output_format is QueryFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str) + "\n")
    else:
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if value is None else str(value) for value in row))
        out.print(table)


@app.command()
def serve(
    db: Path = typer.Option(..., "--db", help="DuckDB store made by newswire ingest (opened read-only)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the local web app over a store: reader, speakers, topics, events, search, JSON API."""
    import uvicorn

    from newswire.web.app import create_app

    try:
        web_app = create_app(db)
    except NewswireError as error:
        err.print(f"newswire: {error}", markup=False)
        raise typer.Exit(2) from None
    err.print(f"newswire: serving {db} read-only at http://{host}:{port}/ (Ctrl-C stops)", markup=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def main() -> None:
    """Entry point of the ``newswire`` script."""
    app()
