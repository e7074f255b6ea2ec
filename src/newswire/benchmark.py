"""Benchmarks: pipeline speed against the bare spaCy parse, and ingest scaling over workers and corpus size.

``measure_speed`` times ``nlp.pipe`` alone and then the full Reader over the same texts.
``measure_ingest`` runs ``ingest`` into a fresh store once per (workers, corpus factor) pair, each run in
a fresh process so that its peak memory is its own: the corpus is repeated ``factor`` times by a
generator (copy *k* gets *k* trailing newlines, so its content hash and id differ while its records
stay the same), nothing is copied to disk, and the run reports wall time, documents per second and
the peak resident memory of the ingesting process and of its largest worker.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from newswire.errors import InputError, NewswireError
from newswire.inputs import document_id, read_inputs
from newswire.parse import DEFAULT_MODEL
from newswire.pipeline import Reader
from newswire.records import Document


@dataclass(frozen=True)
class SpeedReport:
    """Documents per second for the bare parse and for the whole reader, same texts, same run."""

    documents: int
    characters: int
    bare_seconds: float
    full_seconds: float

    @property
    def bare_rate(self) -> float:
        return self.documents / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def full_rate(self) -> float:
        return self.documents / self.full_seconds if self.full_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Full pipeline speed as a share of the bare parse's speed (1.0 = free stages)."""
        return self.full_rate / self.bare_rate if self.bare_rate else 0.0


def measure_speed(paths: list[str], *, model: str, limit: int | None = None) -> SpeedReport:
    """Time ``nlp.pipe`` alone, then the full reader, over the documents in ``paths``."""
    documents = [d for d in read_inputs(paths) if not isinstance(d, InputError)][:limit]
    reader = Reader(model=model)
    texts = [d.text for d in documents]
    reader.read_text("Warm-up: the minister said talks would resume.")
    started = time.perf_counter()
    for _ in reader.nlp.pipe(texts, batch_size=16):
        pass
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for _ in reader.read_many(documents):
        pass
    full = time.perf_counter() - started
    return SpeedReport(len(documents), sum(map(len, texts)), bare, full)


@dataclass(frozen=True)
class IngestRun:
    """One timed ingest of ``documents`` readable inputs (``stored`` new, the rest repeats within a copy):
    ``seconds`` of wall time including loading the model(s) and the worker processes, and
    ``cpu_seconds`` of processor time of the process and its workers (steady when other work shares
    the machine); peak resident memory in MB of the ingesting process and of its largest worker (0
    with one worker)."""

    workers: int
    factor: int
    documents: int
    stored: int
    skipped: int
    seconds: float
    peak_mb: float
    worker_peak_mb: float
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def repeated(paths: list[str], factor: int, *, limit: int | None = None,
             every: int = 1) -> Iterator[Document | InputError]:
    """The documents in ``paths`` (every ``every``-th of the first ``limit``) ``factor`` times over, each copy distinct.

    ``every`` thins the corpus evenly (every 10th document is a tenth of it with the same mix of
    sources). Copy 0 is the document itself; copy *k* has *k* newlines appended, a new content-hash
    id (or, for an id given in the input, ``<id>~k``) and otherwise the same text and metadata. Input
    problems are yielded with the first copy only. The corpus is re-read for every copy, never held
    in memory.
    """
    for copy in range(factor):
        for item in _thinned(read_inputs(paths), limit=limit, every=every, problems=copy == 0):
            yield item if copy == 0 or isinstance(item, InputError) else _copy(item, copy)


def _thinned(items: Iterator[Document | InputError], *, limit: int | None, every: int,
             problems: bool) -> Iterator[Document | InputError]:
    """Every ``every``-th document of the first ``limit`` (problems too when ``problems``)."""
    count = 0
    for item in items:
        if isinstance(item, InputError):
            if problems:
                yield item
            continue
        if limit is not None and count >= limit:
            return
        count += 1
        if (count - 1) % every == 0:
            yield item


def _copy(document: Document, copy: int) -> Document:
    """Copy number ``copy`` of a document: same text plus ``copy`` newlines, and its own id."""
    text = document.text + "\n" * copy
    hashed = document.id == document_id(document.text)
    return replace(document, text=text, id=document_id(text) if hashed else f"{document.id}~{copy}")


def measure_ingest(paths: list[str], *, workers: list[int], factors: list[int], model: str = DEFAULT_MODEL,
                   limit: int | None = None, every: int = 1) -> list[IngestRun]:
    """Time ``ingest`` for every factor and worker count, each in a fresh process and a fresh store."""
    runs = []
    context = multiprocessing.get_context("spawn")
    for factor in factors:
        for count in workers:
            with tempfile.TemporaryDirectory(prefix="newswire-bench-") as folder:
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_ingest_run, args=(
                    paths, factor, count, model, limit, every, str(Path(folder) / "bench.duckdb"), sender))
                process.start()
                sender.close()
                outcome = receiver.recv()
                process.join()
            if isinstance(outcome, str):
                raise NewswireError(f"benchmark run (workers {count}, ×{factor}) failed: {outcome}")
            runs.append(outcome)
    return runs


def _ingest_run(paths, factor, workers, model, limit, every, db, sender) -> None:
    """In a fresh process: ingest the repeated corpus (the model loaded inside the timing), send back an IngestRun."""
    from newswire.ingest import ingest_items

    try:
        started = time.perf_counter()
        reader = Reader(model=model) if workers == 1 else None
        summary = ingest_items(repeated(paths, factor, limit=limit, every=every), db, workers=workers, model=model, reader=reader)
        seconds = time.perf_counter() - started
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        worker_peak = children.ru_maxrss / 1024 if workers > 1 else 0.0
        sender.send(IngestRun(workers, factor, summary.stored + summary.present, summary.stored,
                              len(summary.skipped), seconds, own.ru_maxrss / 1024, worker_peak, cpu))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
        sender.send(f"{type(error).__name__}: {error}")
    finally:
        sender.close()


def growth(runs: list[IngestRun]) -> list[str]:
    """Plain-language comparisons: speed-up per worker count, and time and memory growth per factor."""
    lines = []
    for factor in sorted({r.factor for r in runs}):
        same = sorted((r for r in runs if r.factor == factor), key=lambda r: r.workers)
        for run in same[1:]:
            lines.append(f"×{factor}: {run.workers} workers run {run.rate / same[0].rate:.2f}× the rate of "
                         f"{same[0].workers}" if same[0].rate else f"×{factor}: no rate to compare")
    for count in sorted({r.workers for r in runs}):
        same = sorted((r for r in runs if r.workers == count), key=lambda r: r.factor)
        base = same[0]
        for run in same[1:]:
            time_ratio = run.seconds / base.seconds if base.seconds else 0.0
            cpu_ratio = run.cpu_seconds / base.cpu_seconds if base.cpu_seconds else 0.0
            lines.append(f"{count} worker(s): ×{run.factor} corpus took {time_ratio:.2f}× the time of ×{base.factor} "
                         f"({cpu_ratio:.2f}× the CPU time; linear: {run.factor / base.factor:.0f}×); peak memory "
                         f"{base.peak_mb:.0f} → {run.peak_mb:.0f} MB ({run.peak_mb / base.peak_mb:.2f}×), largest "
                         f"worker {base.worker_peak_mb:.0f} → {run.worker_peak_mb:.0f} MB")
    return lines
