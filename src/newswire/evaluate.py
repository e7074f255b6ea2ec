"""Evaluation: run the reader over a gold set and report metrics against pinned floors.

``gate`` is the project's own hand-annotated set (the bundled sample stories with
``data/gate/gold.jsonl``); its floors live in ``data/gate/floors.json`` with a hash of the gold
file, so quality cannot drop silently: ``newswire evaluate gate --check`` fails below a floor.
Later gold sets (PolNeAR, PLOVER, geoparsing) register here with a path argument.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newswire.errors import GoldError
from newswire.records import Reading


@dataclass
class Tally:
    """Counts behind one metric: ``hits`` of ``total``."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


def value_of(metric: "Tally | float") -> float:
    """A metric's value, whether counted (Tally) or computed (a number)."""
    return metric.value if isinstance(metric, Tally) else float(metric)


@dataclass
class EvaluationReport:
    """Metrics of one evaluation run and how they compare with the pinned floors."""

    name: str
    metrics: dict[str, Tally | float]
    floors: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        return [f"{key} {value_of(self.metrics[key]):.3f} < floor {floor:.3f}"
                for key, floor in self.floors.items()
                if key in self.metrics and value_of(self.metrics[key]) + 1e-9 < floor] + [
                f"{key}: metric missing" for key in self.floors if key not in self.metrics]

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "failures": self.failures, "notes": self.notes,
                "metrics": {k: {"value": round(t.value, 4), "hits": t.hits, "total": t.total}
                            if isinstance(t, Tally) else {"value": t} for k, t in self.metrics.items()},
                "floors": self.floors}


def gate_dir() -> Path:
    return Path(str(resources.files("newswire") / "data" / "gate"))


def samples_dir() -> Path:
    return Path(str(resources.files("newswire") / "samples"))


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file, naming the line of any problem."""
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise GoldError(f"{path} line {number}: not valid JSON ({error.msg})") from error
    return rows


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def locate(text: str, needle: str, *, where: str, near: str | None = None) -> tuple[int, int]:
    """Offsets of a gold substring in the text (inside the longer ``near`` string when given)."""
    offset = 0
    if near:
        offset = text.find(near)
        if offset < 0:
            raise GoldError(f"{where}: gold string {near!r} is not in the text")
    start = text.find(needle, offset)
    if start < 0:
        raise GoldError(f"{where}: gold string {needle!r} is not in the text")
    return start, start + len(needle)


def fold(name: str | None) -> str:
    """A name compared without accents or case (Erdoğan == Erdogan)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _span(record_span: dict | Any) -> tuple[int, int]:
    return record_span.start, record_span.end


# The gate gold annotates speech only: statements of other kinds ("stance": beliefs, wishes, charges
# held without a speech verb) are left out of statements.precision, which is the precision of the
# direct, partial and indirect statements. Recall and negatives look at every statement.
GATE_STATEMENT_KINDS = ("direct", "partial", "indirect")


def score_statements(gold, reading: Reading, text: str, metrics, where: str) -> None:
    """Statement recall, speakers and negatives against the gold; ``statements.precision`` counts
    only the speech kinds of ``GATE_STATEMENT_KINDS`` (the gold does not annotate stance)."""
    matched_predictions = set()
    for item in gold.get("statements", []):
        target = locate(text, item["content"], where=where, near=item.get("near"))
        found = [s for s in reading.statements if overlaps(_span(s.content), target)]
        metrics["statements.recall"].add(bool(found))
        if item.get("speaker"):
            names = {fold(n) for s in found for n in _speaker_names(s, reading)}
            wanted = item.get("speakers") or [item["speaker"]]
            metrics["statements.speaker"].add(all(fold(w) in names for w in wanted))
        matched_predictions.update(s.id for s in found)
    for statement in reading.statements:
        if statement.kind in GATE_STATEMENT_KINDS:
            metrics["statements.precision"].add(statement.id in matched_predictions)
    for needle in gold.get("not_statements", []):
        target = locate(text, needle, where=where)
        metrics["statements.negatives"].add(not any(overlaps(_span(s.content), target) for s in reading.statements))


def _speaker_names(statement, reading: Reading) -> set[str]:
    names = {statement.speaker_name} if statement.speaker_name else set()
    by_id = {a.id: a.name for a in reading.actors}
    return names | {by_id[i] for i in statement.speakers if i in by_id}


def score_assessments(gold, reading: Reading, text: str, metrics, where: str) -> None:
    for item in gold.get("assessments", []):
        target = locate(text, item["expression"], where=where, near=item.get("near"))
        found = [j for j in reading.assessments if overlaps(_span(j.expression), target)]
        metrics["assessments.recall"].add(bool(found))
        if found:
            metrics["assessments.calibrated"].add(item["min"] <= found[0].probability <= item["max"])
            if item.get("holder"):
                metrics["assessments.holder"].add(fold(found[0].holder_name) == fold(item["holder"]))
    for needle in gold.get("not_assessments", []):
        target = locate(text, needle, where=where)
        metrics["assessments.negatives"].add(not any(overlaps(_span(j.expression), target) for j in reading.assessments))


def score_events(gold, reading: Reading, text: str, metrics, where: str) -> None:
    names = {a.id: a.name for a in reading.actors}
    for item in gold.get("events", []):
        target = locate(text, item["trigger"], where=where, near=item.get("near"))
        found = [e for e in reading.events if e.type == item["type"] and overlaps(_span(e.evidence), target)]
        metrics["events.recall"].add(bool(found))
        for role in ("source", "target"):
            if found and item.get(role):
                actors = {fold(names.get(i)) for e in found for i in getattr(e, role)}
                metrics[f"events.{role}"].add(fold(item[role]) in actors)
        if found and item.get("status"):
            metrics["events.status"].add(any(e.status == item["status"] for e in found))


def score_actors(gold, reading: Reading, metrics) -> None:
    for item in gold.get("actors", []):
        actor = next((a for a in reading.actors if fold(a.name) == fold(item["name"])), None)
        metrics["actors.recall"].add(actor is not None)
        if actor is not None:
            metrics["actors.country"].add(actor.country == item.get("country"))
            if item.get("sector"):
                metrics["actors.sector"].add(actor.sector == item["sector"])


def score_places(gold, reading: Reading, text: str, metrics, where: str) -> None:
    for item in gold.get("places", []):
        target = locate(text, item["mention"], where=where)
        place = next((p for p in reading.places if any(overlaps(_span(m), target) for m in p.mentions)), None)
        metrics["places.recall"].add(place is not None)
        if place is not None:
            metrics["places.country"].add(place.country == item["country"])


def score_quantities(gold, reading: Reading, text: str, metrics, where: str) -> None:
    for item in gold.get("quantities", []):
        target = locate(text, item["text"], where=where)
        quantity = next((q for q in reading.quantities if overlaps(_span(q.span), target)), None)
        metrics["quantities.recall"].add(quantity is not None)
        if quantity is not None:
            metrics["quantities.value"].add(math.isclose(quantity.value, item["value"], rel_tol=1e-6)
                                            and quantity.unit == item.get("unit"))


def score_boilerplate(gold, reading: Reading, text: str, metrics, where: str) -> None:
    for needle in gold.get("boilerplate", []):
        target = locate(text, needle, where=where)
        metrics["boilerplate.recall"].add(any(b.start <= target[0] and target[1] <= b.end for b in reading.boilerplate))


def score_document(gold: dict, reading: Reading, metrics: dict[str, Tally]) -> None:
    """Compare one reading with its gold annotations, adding to the tallies."""
    text, where = reading.document.text, gold.get("sample", "?")
    score_statements(gold, reading, text, metrics, where)
    score_assessments(gold, reading, text, metrics, where)
    score_events(gold, reading, text, metrics, where)
    score_actors(gold, reading, metrics)
    score_places(gold, reading, text, metrics, where)
    score_quantities(gold, reading, text, metrics, where)
    score_boilerplate(gold, reading, text, metrics, where)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_gate(path: Path | None, *, model: str) -> EvaluationReport:
    """Score the bundled sample stories against the project's gold annotations."""
    from collections import defaultdict

    from newswire.inputs import read_source
    from newswire.pipeline import Reader

    gold_path = Path(path) if path else gate_dir() / "gold.jsonl"
    gold_rows = load_gold(gold_path)
    reader = Reader(model=model)
    metrics: dict[str, Tally] = defaultdict(Tally)
    for gold in gold_rows:
        story = samples_dir() / gold["sample"]
        if not story.is_file():
            raise GoldError(f"{gold_path}: sample {gold['sample']!r} is not in {samples_dir()}")
        document = next(iter(read_source(str(story), published=gold.get("published"))))
        if isinstance(document, Exception):
            raise GoldError(f"{story}: {document}")
        score_document(gold, reader.read(document), metrics)
    floors_file = json.loads((gate_dir() / "floors.json").read_text("utf-8")) if (gate_dir() / "floors.json").is_file() else {}
    report = EvaluationReport("gate", dict(sorted(metrics.items())), floors_file.get("floors", {}))
    report.notes.append("statements.precision counts direct, partial and indirect statements only: "
                        "the gold does not annotate stances")
    if floors_file and floors_file.get("gold_sha256") != file_sha256(gold_path):
        report.notes.append("the gold file changed since the floors were pinned: re-pin with --pin")
    return report


def pin_floors(report: EvaluationReport, *, gold_path: Path | None = None, allow_lower: bool = False) -> dict[str, float]:
    """Write the current metrics as the gate's floors; lowering one needs ``allow_lower``."""
    floors = {k: math.floor(value_of(t) * 100) / 100 for k, t in report.metrics.items()}
    lowered = [k for k, v in floors.items() if v < report.floors.get(k, 0.0)]
    if lowered and not allow_lower:
        raise GoldError(f"pinning would lower the floors of {', '.join(lowered)}; pass --allow-lower to do it on purpose")
    gold = Path(gold_path) if gold_path else gate_dir() / "gold.jsonl"
    payload = {"gold_sha256": file_sha256(gold), "floors": floors}
    (gate_dir() / "floors.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    return floors


def gold_file(path: Path | None, default_name: str, *, evaluation: str) -> Path:
    """The gold file an evaluation reads: ``path`` itself, or ``default_name`` inside a folder."""
    if path is None:
        raise GoldError(f"evaluation {evaluation!r} needs the path of its gold data (e.g. ../shared/data/...)")
    path = Path(path)
    if path.is_dir():
        found = sorted(path.rglob(default_name))
        if not found:
            raise GoldError(f"{path}: no {default_name} inside")
        path = found[0]
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    return path


def flatten(name: str, results: dict[str, Any], prefix: str = "") -> EvaluationReport:
    """An EvaluationReport of every number in a nested dict of results; lists become notes."""
    report = EvaluationReport(name, {})
    for key, value in results.items():
        label = f"{prefix}{key}"
        if isinstance(value, dict) and {"value", "hits", "total"} <= set(value):
            report.metrics[label] = Tally(value["hits"], value["total"])
        elif isinstance(value, dict):
            nested = flatten(name, value, prefix=f"{label}.")
            report.metrics.update(nested.metrics)
            report.notes.extend(nested.notes)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            if value not in (None, [], ""):
                report.notes.append(f"{label}: {value}")
        else:
            report.metrics[label] = value
    return report


def run_calibration(path: Path | None, *, model: str) -> EvaluationReport:
    """Calibration of the phrase table against the public probability surveys' medians."""
    from newswire.estimates_eval import evaluate_phrase_calibration

    return flatten("calibration", evaluate_phrase_calibration(
        gold_file(path, "wep_survey_summary.DERIVED.csv", evaluation="calibration")))


def run_factbank(path: Path | None, *, model: str) -> EvaluationReport:
    """Epistemic cue detection on the FactBank (newswire) part of the Szeged uncertainty corpus."""
    from newswire.estimates_eval import evaluate_cue_detection

    return flatten("factbank", evaluate_cue_detection(gold_file(path, "factbank.xml", evaluation="factbank"), model=model))


def run_plover_gsr(path: Path | None, *, model: str) -> EvaluationReport:
    """PLOVER event type and actor match on the PLOVER gold standard records."""
    from newswire.events_eval import evaluate_plover_gsr
    from newswire.pipeline import Reader

    gold = gold_file(path, "PLOVER_GSR_CAMEO.txt", evaluation="plover-gsr")
    return flatten("plover-gsr", evaluate_plover_gsr(gold, reader=Reader(model=model)))


def run_gwn(path: Path | None, *, model: str) -> EvaluationReport:
    """Geoparsing on GeoWebNews: toponym recall, country and 161 km accuracy."""
    from newswire.geo_eval import evaluate_geoparsing

    return flatten("gwn", evaluate_geoparsing(gold_file(path, "GWN.xml", evaluation="gwn")))


def run_tr_news(path: Path | None, *, model: str) -> EvaluationReport:
    """Geoparsing on TR-News: the same metrics as GWN (held out: never used for tuning)."""
    from newswire.geo_eval import evaluate_geoparsing

    return flatten("tr-news", evaluate_geoparsing(gold_file(path, "TR-News.xml", evaluation="tr-news")))


def run_polnear(path: Path | None, *, model: str) -> EvaluationReport:
    """Attribution on PolNeAR (dev split): content recall and precision, sources, textacy beside."""
    from newswire.attribution_eval import evaluate_polnear
    from newswire.pipeline import Reader

    if path is None or not Path(path).is_dir():
        raise GoldError(f"evaluation 'polnear' needs the PolNeAR folder (../shared/data/attribution/polnear), got {path}")
    return flatten("polnear", evaluate_polnear(path, reader=Reader(model=model)))


def run_conflibert(path: Path | None, *, model: str) -> EvaluationReport:
    """ConfliBERT cameo_class: macro-F1 of the quad class of each text's main event."""
    from newswire.events_eval_conflibert import evaluate_conflibert
    from newswire.pipeline import Reader

    gold = gold_file(path, "cameo_class.*.tsv", evaluation="conflibert")
    return flatten("conflibert", evaluate_conflibert(gold, reader=Reader(model=model)))


def run_petrarch(path: Path | None, *, model: str) -> EvaluationReport:
    """PETRARCH-2 unit-test records: codings reproduced, with its toy actor dictionary loaded."""
    from newswire.events_eval_petrarch import evaluate_petrarch

    records = gold_file(path, "PETR.UnitTest.records.xml", evaluation="petrarch")
    actors = records.parent / "PETR.Validate.actors.txt"
    if not actors.is_file():
        raise GoldError(f"{records.parent}: PETR.Validate.actors.txt (the test actor dictionary) is missing")
    return flatten("petrarch", evaluate_petrarch(records, [actors]))


def run_clusters(path: Path | None, *, model: str) -> EvaluationReport:
    """Story clustering: pair precision and recall on copies made from a folder of stories."""
    from newswire import cluster_eval

    return cluster_eval.run_clusters(path, model=model)


EVALUATIONS: dict[str, Callable[..., EvaluationReport]] = {
    "conflibert": run_conflibert, "petrarch": run_petrarch,
    "gate": run_gate, "calibration": run_calibration, "factbank": run_factbank,
    "plover-gsr": run_plover_gsr, "gwn": run_gwn, "tr-news": run_tr_news, "polnear": run_polnear,
    "clusters": run_clusters,
}


def run(name: str, path: Path | None, *, model: str) -> EvaluationReport:
    """Run the evaluation called ``name`` over the gold data at ``path``."""
    if name not in EVALUATIONS:
        raise GoldError(f"unknown evaluation {name!r}; choose one of {', '.join(EVALUATIONS)}")
    return EVALUATIONS[name](path, model=model)


def print_report(report: EvaluationReport, console: Console, *, as_json: bool = False) -> None:
    """Print the metrics as a table (or JSON) with their floors."""
    if as_json:
        console.print_json(json.dumps(report.as_dict()))
        return
    table = Table(title=f"newswire evaluate {report.name}")
    for column in ("metric", "value", "hits / total", "floor", ""):
        table.add_column(column)
    for key, metric in report.metrics.items():
        floor, value = report.floors.get(key), value_of(metric)
        ok = "" if floor is None else ("ok" if value + 1e-9 >= floor else "BELOW")
        counts = f"{metric.hits} / {metric.total}" if isinstance(metric, Tally) else ""
        shown = str(metric) if isinstance(metric, int) else f"{value:.3f}"
        table.add_row(key, shown, counts, "" if floor is None else f"{floor:.2f}", ok)
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}")
