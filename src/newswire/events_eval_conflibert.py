"""Measure the events stage against ConfliBERT's ``cameo_class`` sentences (quad classes).

ConfliBERT (Hu et al., NAACL 2022; data GPL-3.0 with the original sources' licenses) ships
``cameo_class`` as tab-separated ``sentence<TAB>label`` rows. The labels are 0 = neutral
statements (no cooperation or conflict), 1 = verbal cooperation, 2 = material cooperation,
3 = verbal conflict, 4 = material conflict (read from the examples; the repository does not
document them). The file is read where it lies; nothing of it is copied.

Each sentence is read by newswire; its *main* event (the first asserted event, else the first
event) gives the PLOVER quad category that the type carries in
``data/plover_types.json``; a sentence with no event is class 0. The report is the macro-F1 over
the five classes, with per-class F1 and the confusion counts; ``cameo_root_macro_f1`` scores the
same main events by the quad of their CAMEO root instead (ConfliBERT's labels are CAMEO-based).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newswire.events_eval import read_english
from newswire.pipeline import Reader
from newswire.records import Event, Reading
from newswire.stages.events_lexicon import lexicon

QUAD_LABELS = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
NEUTRAL = 0
CLASSES = (0, 1, 2, 3, 4)


def load_cameo_class(path: Path | str) -> list[tuple[str, int]]:
    """The (sentence, label) rows of a ``cameo_class`` TSV file; rows without an integer label are skipped."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 2 or not row[-1].strip().isdigit() or not row[0].strip():
                continue
            rows.append((row[0].strip(), int(row[-1])))
    return rows


def quad_class(event_type: str | None) -> int:
    """The ConfliBERT class of a PLOVER type (its quad category), 0 for none or an unknown type."""
    if event_type is None:
        return NEUTRAL
    quad = lexicon().types.get(event_type, {}).get("quad", "")
    return QUAD_LABELS.get(quad, NEUTRAL)


def cameo_quad_class(cameo: str | None) -> int:
    """The class by the CAMEO quad of the event's CAMEO root (GDELT's QuadClass: 01-05 verbal cooperation,
    06-09 material cooperation, 10-14 verbal conflict, 15-20 material conflict; 01-02 statements and
    appeals counted neutral as in ConfliBERT's class 0)."""
    if not cameo or not cameo[:2].isdigit():
        return NEUTRAL
    root = int(cameo[:2])
    if root <= 2:
        return NEUTRAL
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def main_event(reading: Reading) -> Event | None:
    """The event that stands for the text: the first asserted event, else the first event."""
    if not reading.events:
        return None
    return min(reading.events, key=lambda event: (event.status != "asserted", event.evidence.start))


def predict(readings: Iterable[Reading]) -> Iterator[tuple[int, int]]:
    """The (PLOVER quad, CAMEO quad) classes newswire gives each reading."""
    for reading in readings:
        event = main_event(reading)
        if event is None:
            yield NEUTRAL, NEUTRAL
        else:
            yield quad_class(event.type), cameo_quad_class(event.cameo)


def macro_f1(gold: list[int], predicted: list[int], classes: Iterable[int] = CLASSES) -> dict[str, Any]:
    """Macro-averaged F1 (and per-class precision, recall, F1) of predicted against gold labels."""
    per_class = {}
    for label in classes:
        true_pos = sum(g == label and p == label for g, p in zip(gold, predicted))
        predicted_n = sum(p == label for p in predicted)
        gold_n = sum(g == label for g in gold)
        precision = true_pos / predicted_n if predicted_n else 0.0
        recall = true_pos / gold_n if gold_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                            "gold": gold_n}
    scores = [item["f1"] for item in per_class.values()]
    return {"macro_f1": round(sum(scores) / len(scores), 3) if scores else 0.0, "per_class": per_class}


def evaluate_conflibert(path: Path | str, *, reader: Reader | None = None, limit: int | None = None) -> dict[str, Any]:
    """Read every sentence of a ``cameo_class`` split and score newswire's quad classes (macro-F1)."""
    rows = load_cameo_class(path)[:limit]
    records = [{"text": text, "id": f"conflibert-{number}"} for number, (text, _) in enumerate(rows)]
    pairs = list(predict(read_english(records, reader or Reader())))
    predicted = [plover for plover, _ in pairs]
    gold = [label for _, label in rows]
    report = macro_f1(gold, predicted)
    report["cameo_root_macro_f1"] = macro_f1(gold, [cameo for _, cameo in pairs])["macro_f1"]
    report["sentences"] = len(rows)
    report["accuracy"] = round(sum(g == p for g, p in zip(gold, predicted)) / len(rows), 3) if rows else 0.0
    report["confusion"] = sorted(Counter(zip(gold, predicted)).items())
    return report


if __name__ == "__main__":  # python -m newswire.events_eval_conflibert PATH
    import json
    import sys

    print(json.dumps(evaluate_conflibert(sys.argv[1]), indent=1, default=str))
