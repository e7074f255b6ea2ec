"""The readable terminal report of a Reading: statements grouped by speaker, judgments with odds."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newswire.records import Reading, Statement


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def statements_by_speaker(reading: Reading) -> dict[str, list[Statement]]:
    """Statements grouped under their speaker's name, speakers in order of first statement."""
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in reading.statements:
        groups[statement.speaker_name or "(unattributed)"].append(statement)
    return dict(groups)


def speech_section(reading: Reading) -> Group:
    """Who said what, grouped by speaker."""
    parts = []
    for speaker, statements in statements_by_speaker(reading).items():
        actor = next((a for a in reading.actors if a.name == speaker), None)
        heading = Text(speaker, style="bold cyan")
        if actor and actor.title:
            heading.append(f" — {actor.title}", style="cyan")
        parts.append(heading)
        for statement in statements:
            mark = {"direct": "“”", "partial": "“…”", "indirect": "≈", "stance": "~"}.get(statement.kind, "·")
            cue = f" [{statement.cue.text}]" if statement.cue else ""
            parts.append(Text(f"  {mark} {_clip(statement.content.text)}{cue}"))
    return Group(*parts) if parts else Group(Text("  none found", style="dim"))


def judgment_table(reading: Reading) -> Table:
    """How sure they are: each judgment with its probability and range."""
    table = Table(expand=True, show_lines=False)
    for column in ("holder", "says", "about", "p", "range", "condition"):
        table.add_column(column, overflow="fold")
    for judgment in reading.assessments:
        table.add_row(
            judgment.holder_name or "(article)",
            judgment.expression.text,
            _clip(judgment.proposition.text, 70) if judgment.proposition else "",
            _percent(judgment.probability),
            f"{_percent(judgment.low)}–{_percent(judgment.high)}",
            _clip(judgment.condition.text, 50) if judgment.condition else "",
        )
    return table


def event_table(reading: Reading) -> Table:
    """What happened: PLOVER events with actors, place and status."""
    names = {a.id: a.name for a in reading.actors} | {p.id: p.name for p in reading.places}
    table = Table(expand=True)
    for column in ("type", "mode", "source", "target", "place", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for event in reading.events:
        table.add_row(
            event.type, event.mode or "", ", ".join(names.get(i, i) for i in event.source),
            ", ".join(names.get(i, i) for i in event.target), names.get(event.place, "") if event.place else "",
            event.status + (f" ({_clip(event.condition.text, 40)})" if event.condition else ""),
            _clip(event.evidence.text, 70))
    return table


def who_where_table(reading: Reading) -> Table:
    """Actors, places and quantities in one compact table."""
    table = Table(expand=True)
    for column in ("kind", "name", "details", "mentions"):
        table.add_column(column, overflow="fold")
    for actor in reading.actors:
        details = " ".join(x for x in (actor.country, actor.sector, actor.title) if x)
        table.add_row(f"actor/{actor.kind}", actor.name, details, str(len(actor.mentions)))
    for place in reading.places:
        where = f"{place.country or '?'} {place.lat:.2f},{place.lon:.2f}" if place.lat is not None else (place.country or "")
        passing = f" (+{len(place.associations)} in passing)" if place.associations else ""
        table.add_row(f"place/{place.kind}", place.name, where, f"{len(place.mentions)}{passing}")
    for quantity in reading.quantities:
        si = f" = {quantity.si_value:g} {quantity.si_unit}" if quantity.si_value is not None else ""
        approx = "~" if quantity.approximate else ""
        table.add_row("quantity", quantity.span.text, f"{approx}{quantity.value:g} {quantity.unit or ''}{si}", "1")
    return table


def render(reading: Reading, console: Console) -> None:
    """Print the whole report of one reading."""
    document = reading.document
    title = document.title or _clip(document.text.strip().split("\n", 1)[0], 80) or "(empty)"
    meta = " · ".join(x for x in (document.source, document.published, f"id {document.id}") if x)
    console.rule(Text(title, style="bold"))
    console.print(Text(meta, style="dim"))
    if document.language != "en":
        console.print(Text("Not English: nothing was read.", style="yellow"))
        return
    if not document.text.strip():
        console.print(Text("Empty document: nothing to read.", style="yellow"))
        return
    console.print(Panel(speech_section(reading), title=f"Who said what ({len(reading.statements)})", title_align="left"))
    console.print(Panel(judgment_table(reading), title=f"How sure they are ({len(reading.assessments)})", title_align="left"))
    console.print(Panel(event_table(reading), title=f"What happened ({len(reading.events)})", title_align="left"))
    console.print(Panel(who_where_table(reading), title="Who and where", title_align="left"))
    for piece in reading.boilerplate:
        console.print(Text(f"not the story ({piece.reason}): {_clip(piece.text, 100)}", style="dim"))
