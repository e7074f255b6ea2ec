"""Speed measurement: the full pipeline against the bare spaCy parse on the same texts."""

from __future__ import annotations

import time
from dataclasses import dataclass

from newswire.inputs import read_inputs
from newswire.errors import InputError
from newswire.pipeline import Reader


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
