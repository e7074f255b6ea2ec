"""The benchmark mechanics (not speed): corpus repetition, ingest runs in fresh processes, growth lines."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from newswire.benchmark import IngestRun, growth, measure_ingest, repeated
from newswire.cli import app
from newswire.errors import InputError, NewswireError
from newswire.inputs import document_id

STORIES = ["Troops crossed the river at dawn, the army said.",
           "Iran condemned the strike on Tuesday.",
           "The envoy said talks in Doha would resume next week."]


@pytest.fixture()
def corpus(tmp_path):
    """Three tiny stories: two text files and a JSONL row with its own id, plus one broken file."""
    (tmp_path / "a.txt").write_text(STORIES[0], "utf-8")
    (tmp_path / "b.txt").write_text(STORIES[1], "utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "envoy", "text": STORIES[2]}) + "\n", "utf-8")
    (tmp_path / "d.txt").write_bytes(b"\x00binary")
    return tmp_path


def test_repeated_corpus_gives_distinct_copies_with_the_same_words(corpus):
    items = list(repeated([str(corpus)], 3))
    problems = [i for i in items if isinstance(i, InputError)]
    documents = [i for i in items if not isinstance(i, InputError)]
    assert len(problems) == 1 and "d.txt" in str(problems[0])          # reported once, not per copy
    assert len(documents) == 9 and len({d.id for d in documents}) == 9
    assert [d.text.rstrip("\n") for d in documents] == STORIES * 3
    assert documents[3].text == STORIES[0] + "\n" and documents[3].id == document_id(STORIES[0] + "\n")
    assert [d.id for d in documents if d.text.startswith("The envoy")] == ["envoy", "envoy~1", "envoy~2"]
    assert len([d for d in repeated([str(corpus)], 2, limit=2) if not isinstance(d, InputError)]) == 4


def test_every_nth_document_thins_the_corpus_evenly(corpus):
    thinned = [d for d in repeated([str(corpus)], 2, every=2) if not isinstance(d, InputError)]
    assert [d.text.rstrip("\n") for d in thinned] == [STORIES[0], STORIES[2]] * 2
    assert len([d for d in repeated([str(corpus)], 1, every=2, limit=1) if not isinstance(d, InputError)]) == 1


def test_growth_lines_compare_workers_and_corpus_sizes():
    runs = [IngestRun(1, 1, 100, 100, 0, 10.0, 500.0, 0.0, 9.0), IngestRun(2, 1, 100, 100, 0, 6.0, 520.0, 480.0, 10.0),
            IngestRun(1, 10, 1000, 1000, 0, 95.0, 510.0, 0.0, 99.0)]
    lines = growth(runs)
    assert "×1: 2 workers run 1.67× the rate of 1" in lines
    assert any("×10 corpus took 9.50× the time of ×1 (11.00× the CPU time; linear: 10×)" in line
               and "500 → 510 MB (1.02×)" in line for line in lines)
    assert runs[0].rate == 10.0


def test_ingest_runs_count_documents_and_memory_in_fresh_processes(corpus):
    (corpus / "e.txt").write_text(STORIES[0], "utf-8")          # a repeat within the corpus: stored once per copy
    runs = measure_ingest([str(corpus)], workers=[1], factors=[1, 2])
    assert [(r.factor, r.documents, r.stored, r.skipped) for r in runs] == [(1, 4, 3, 1), (2, 8, 6, 1)]
    assert all(r.seconds > 0 and r.cpu_seconds > 0 and r.peak_mb > 50 and r.worker_peak_mb == 0 for r in runs)


def test_a_failing_run_is_reported(tmp_path):
    with pytest.raises(NewswireError, match="benchmark run .* failed: .*model"):
        measure_ingest([str(tmp_path)], workers=[1], factors=[1], model="no_such_model_xyz")


def test_benchmark_command_refuses_bad_lists(corpus):
    result = CliRunner().invoke(app, ["benchmark", str(corpus), "--repeat", "1,ten"])
    assert result.exit_code == 2 and "whole numbers" in result.output


def test_benchmark_command_prints_runs_and_growth(corpus):
    result = CliRunner().invoke(app, ["benchmark", str(corpus), "--workers", "2", "--repeat", "1", "--limit", "2"])
    assert result.exit_code == 0, result.output
    printed = " ".join(result.stdout.split())
    assert re.search(r"workers 2 ×1: 2 documents \(2 stored, 0 skipped\) in [\d.]+ s \(\d+ CPU s\) = [\d.]+ docs/s; "
                     r"peak memory \d+ MB, largest worker \d+ MB", printed), printed
