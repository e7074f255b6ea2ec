"""Progress bars for long runs, shown on the error stream only when it is a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn,
)
from rich.text import Text

T = TypeVar("T")


class RateColumn(ProgressColumn):
    """Items per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "…/s", style="progress.data.speed")


def progress_over(items: Iterable[T], *, total: int | None, label: str, console: Console) -> Iterator[T]:
    """Yield ``items`` unchanged while drawing a bar with rate and ETA on a terminal."""
    if not console.is_terminal or (total is not None and total < 2):  # unknown totals still get a bar
        yield from items
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)
