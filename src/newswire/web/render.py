"""Turns readings and query rows into what the templates draw: text segments, chart geometry.

Nothing here makes HTML. The templates (Jinja2, autoescaped) write every piece of story text as
an escaped text node; this module only decides where highlight boundaries fall and where chart
marks go, in plain numbers and strings.
"""

from __future__ import annotations

import heapq
import math
from datetime import date
from typing import Any, Iterable

from newswire.records import Reading
from newswire.web.queries import quad_key

SPEAKER_COLOURS = 8
QUAD_COLOURS = {"verbal cooperation": "#7fb3d5", "material cooperation": "#1f618d",
                "verbal conflict": "#f0b27a", "material conflict": "#c0392b"}
NAMED_SERIES = 6
OTHER_SERIES = "other topics"
SERIES_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def speaker_colours(reading: Reading) -> dict[str, int]:
    """Statement id -> colour number; one colour per speaker, in order of first appearance."""
    speakers: dict[str | None, int] = {}
    return {s.id: speakers.setdefault(s.speaker or s.speaker_name, len(speakers) % SPEAKER_COLOURS)
            for s in reading.statements}


def _marks(reading: Reading) -> list[tuple[int, int, str, str]]:
    """Every highlighted stretch as (start, end, css class, record id)."""
    marks = [(b.start, b.end, "m-boilerplate", f"b{n}") for n, b in enumerate(reading.boilerplate, start=1)]
    colours = speaker_colours(reading)
    for statement in reading.statements:
        marks.append((statement.content.start, statement.content.end, f"m-statement spk{colours[statement.id]}",
                      statement.id))
        if statement.cue:
            marks.append((statement.cue.start, statement.cue.end, "m-cue", statement.id))
    for actor in reading.actors:
        marks += [(m.start, m.end, "m-actor", actor.id) for m in actor.mentions]
    for place in reading.places:
        marks += [(m.start, m.end, "m-place", place.id) for m in place.mentions]
        marks += [(m.start, m.end, "m-place-assoc", place.id) for m in place.associations]
    for judgment in reading.assessments:
        marks.append((judgment.expression.start, judgment.expression.end, "m-judgment", judgment.id))
    marks += [(e.evidence.start, e.evidence.end, "m-event", e.id) for e in reading.events]
    marks += [(q.span.start, q.span.end, "m-quantity", q.id) for q in reading.quantities]
    return [m for m in marks if 0 <= m[0] < m[1] <= len(reading.document.text)]


def segments(reading: Reading) -> list[dict[str, Any]]:
    """The document text cut where any highlight starts or ends.

    Each segment: ``text``; ``classes`` and ``ids`` of the highlights covering it; ``anchors``,
    the record ids whose first stretch starts here (for scrolling to them); ``badges``, the
    probabilities of judgments whose expression ends here. A sweep keeps this O(n log n).
    """
    text = reading.document.text
    marks = sorted(_marks(reading))
    probabilities = {j.id: j.probability for j in reading.assessments}
    boundaries = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    active: dict[int, tuple[int, int, str, str]] = {}
    ending: list[tuple[int, int]] = []
    anchored: set[str] = set()
    next_mark, result = 0, []
    for left, right in zip(boundaries, boundaries[1:]):
        while ending and ending[0][0] <= left:
            active.pop(heapq.heappop(ending)[1], None)
        anchors = []
        while next_mark < len(marks) and marks[next_mark][0] <= left:
            start, end, css, record_id = marks[next_mark]
            active[next_mark] = marks[next_mark]
            heapq.heappush(ending, (end, next_mark))
            if record_id not in anchored:
                anchored.add(record_id)
                anchors.append(record_id)
            next_mark += 1
        covering = sorted(active.values())
        badges = [probabilities[m[3]] for m in covering if m[2] == "m-judgment" and m[1] == right]
        result.append({"text": text[left:right], "classes": " ".join(dict.fromkeys(m[2] for m in covering)),
                       "ids": " ".join(dict.fromkeys(m[3] for m in covering)), "anchors": anchors,
                       "badges": [f"{round(p * 100)}%" for p in badges]})
    return result


def _names(reading: Reading) -> dict[str, str]:
    return {r.id: r.name for r in (*reading.actors, *reading.places)}


def record_cards(reading: Reading) -> dict[str, dict[str, Any]]:
    """For each record id, what the hover card and the side panel show: a kind, a title, fields."""
    names, colours = _names(reading), speaker_colours(reading)
    cards: dict[str, dict[str, Any]] = {}
    for n, b in enumerate(reading.boilerplate, start=1):
        cards[f"b{n}"] = {"kind": "boilerplate", "title": b.reason, "fields": [["text", b.text[:160]]]}
    for a in reading.actors:
        cards[a.id] = {"kind": "actor", "title": a.name, "fields": [["kind", a.kind], ["country", a.country],
                       ["sector", a.sector], ["title", a.title], ["mentions", str(len(a.mentions))]]}
    for p in reading.places:
        where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else None
        cards[p.id] = {"kind": "place", "title": p.name, "fields": [["kind", p.kind], ["country", p.country],
                       ["lat, lon", where], ["geonames", str(p.geonames_id) if p.geonames_id else None],
                       ["named in passing", ", ".join(dict.fromkeys(a.text for a in p.associations)) or None]]}
    for s in reading.statements:
        cards[s.id] = {"kind": "statement", "title": s.speaker_name or "(unattributed)",
                       "colour": f"spk{colours[s.id]}",
                       "fields": [["kind", s.kind], ["cue", s.cue.text if s.cue else None],
                                  ["said", s.content.text], ["nested in", s.parent]]}
    for j in reading.assessments:
        cards[j.id] = {"kind": "judgment", "title": f"{j.holder_name or '(the article)'}: {round(j.probability * 100)}%",
                       "fields": [["expression", j.expression.text],
                                  ["proposition", j.proposition.text if j.proposition else None],
                                  ["probability", f"{j.probability:.2f} ({j.low:.2f}–{j.high:.2f})"],
                                  ["basis", j.basis], ["condition", j.condition.text if j.condition else None]]}
    for e in reading.events:
        cards[e.id] = {"kind": "event", "title": e.type + (f" / {e.mode}" if e.mode else ""),
                       "fields": [["source", ", ".join(names.get(i, i) for i in e.source) or None],
                                  ["target", ", ".join(names.get(i, i) for i in e.target) or None],
                                  ["place", names.get(e.place, e.place) if e.place else None], ["date", e.date],
                                  ["status", e.status], ["CAMEO", e.cameo], ["evidence", e.evidence.text]]}
    for q in reading.quantities:
        si = f"{q.si_value:g} {q.si_unit}" if q.si_value is not None and q.si_unit else None
        cards[q.id] = {"kind": "quantity", "title": q.span.text,
                       "fields": [["value", f"{q.value:g}"], ["unit", q.unit], ["SI", si], ["counts", q.counts],
                                  ["approximate", "yes" if q.approximate else None]]}
    for card in cards.values():
        card["fields"] = [f for f in card["fields"] if f[1] not in (None, "")]
    return cards


def _day_number(text: str | None) -> int | None:
    """Days since 0001-01-01 of an ISO date (or its year/month prefix); None when unparseable."""
    if not text:
        return None
    parts = (text[:10] + "-01-01")[:10].split("-")
    try:
        return date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1)).toordinal()
    except ValueError:
        return None


def _time_ticks(first: int, last: int, width: float, left: float, count: int = 6) -> list[dict[str, Any]]:
    """Evenly spaced x-axis ticks, labelled by year, month or day as the span needs, never repeated."""
    span = max(last - first, 1)
    form = "%Y" if span > 3 * 365 else "%Y-%m" if span > 90 else "%Y-%m-%d"
    ticks, seen = [], set()
    for k in range(count):
        label = date.fromordinal(first + span * k // (count - 1)).strftime(form)
        if label not in seen:
            seen.add(label)
            anchor = "start" if k == 0 else "end" if k == count - 1 else "middle"
            ticks.append({"x": round(left + width * k / (count - 1), 1), "label": label, "anchor": anchor})
    return ticks


def judgment_chart(judgments: Iterable[dict[str, Any]], series_of=lambda j: "judgments",
                   *, width: int = 760, height: int = 280) -> dict[str, Any]:
    """Geometry of a probability-over-time chart: points with low–high error bars, coloured by series."""
    rows = [(j, _day_number(j.get("published"))) for j in judgments]
    rows = [(j, day) for j, day in rows if day is not None]
    left, right, top, bottom = 48, 16, 12, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    chart = {"width": width, "height": height, "left": left, "top": top, "plot_w": plot_w, "plot_h": plot_h,
             "points": [], "series": [], "x_ticks": [], "undated": 0}
    chart["y_ticks"] = [{"y": round(top + plot_h * (1 - v), 1), "label": f"{round(v * 100)}%"}
                        for v in (0, .25, .5, .75, 1)]
    if not rows:
        return chart
    first, last = min(d for _, d in rows), max(d for _, d in rows)
    if first == last:
        first, last = first - 15, last + 15
    colours: dict[str, str] = {}
    for j, day in rows:
        series = series_of(j)
        if series not in colours:
            named = sum(name != OTHER_SERIES for name in colours)
            colours[series] = "#95a5a6" if series == OTHER_SERIES else SERIES_COLOURS[named % len(SERIES_COLOURS)]
        colour = colours[series]
        x = left + plot_w * (day - first) / (last - first)
        y_of = lambda v: round(top + plot_h * (1 - min(max(v, 0.0), 1.0)), 1)  # noqa: E731
        label = (f"{j.get('published')}: {round(j['probability'] * 100)}% "
                 f"({round(j['low'] * 100)}–{round(j['high'] * 100)}%) {j.get('proposition') or ''}")
        chart["points"].append({"x": round(x, 1), "y": y_of(j["probability"]), "y_low": y_of(j["low"]),
                                "y_high": y_of(j["high"]), "colour": colour, "series": series, "label": label})
    chart["series"] = [{"name": name, "colour": colour} for name, colour in colours.items()]
    chart["x_ticks"] = _time_ticks(first, last, plot_w, left)
    return chart


def timeline_chart(months: list[dict[str, Any]], *, width: int = 760, height: int = 220) -> dict[str, Any]:
    """Geometry of stacked monthly bars of PLOVER quad counts."""
    left, top, bottom = 40, 10, 40
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = max((sum(m[quad_key(q)] for q in QUAD_COLOURS) for m in months), default=0) or 1
    step = plot_w / max(len(months), 1)
    bars = []
    for index, month in enumerate(months):
        y = top + plot_h
        for quad, colour in QUAD_COLOURS.items():
            count = month[quad_key(quad)]
            h = plot_h * count / peak
            if count:
                bars.append({"x": round(left + index * step + step * 0.1, 1), "y": round(y - h, 1),
                             "w": round(step * 0.8, 1), "h": round(h, 1), "colour": colour,
                             "label": f"{month['month']}: {count} {quad}"})
            y -= h
    labels = [{"x": round(left + (i + 0.5) * step, 1), "label": m["month"]}
              for i, m in enumerate(months) if len(months) <= 12 or i % math.ceil(len(months) / 12) == 0]
    return {"width": width, "height": height, "left": left, "top": top, "plot_h": plot_h, "bars": bars,
            "labels": labels, "peak": peak, "legend": [{"name": q, "colour": c} for q, c in QUAD_COLOURS.items()]}


def map_points(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Place markers in the basemap's equirectangular coordinates (x = lon + 180, y = 90 - lat)."""
    return [{"x": round(p["lon"] + 180, 2), "y": round(90 - p["lat"], 2),
             "r": round(1.0 + 0.8 * math.sqrt(p["events"]), 2),
             "label": f"{p['name']} ({p['country'] or '?'}): {p['events']} event{'s' if p['events'] != 1 else ''}"}
            for p in places if -180 <= p["lon"] <= 180 and -90 <= p["lat"] <= 90]


def map_view(points: list[dict[str, Any]], *, padding: float = 12.0) -> dict[str, float]:
    """A 2:1 viewBox around the plotted places (the whole world when there are none or they spread wide)."""
    if not points:
        return {"x": 0, "y": 0, "w": 360, "h": 180}
    left = min(p["x"] for p in points) - padding
    right = max(p["x"] for p in points) + padding
    top = min(p["y"] for p in points) - padding
    bottom = max(p["y"] for p in points) + padding
    width = max(right - left, 2 * (bottom - top), 60.0)
    if width >= 300:
        return {"x": 0, "y": 0, "w": 360, "h": 180}
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    x = min(max(centre_x - width / 2, 0.0), 360 - width)
    y = min(max(centre_y - width / 4, 0.0), 180 - width / 2)
    return {"x": round(x, 1), "y": round(y, 1), "w": round(width, 1), "h": round(width / 2, 1)}


def marked(text: str, query: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matches) so a template can wrap query words in <mark> (escaped)."""
    import re

    words = sorted({w for w in re.findall(r"\w+", query.lower()) if len(w) > 2}, key=len, reverse=True)
    if not words:
        return [(text, False)]
    stems = "|".join(re.escape(w[:max(4, len(w) - 2)]) for w in words)
    pattern = re.compile(r"(?<![^\W_])(?:" + stems + r")\w*", re.I)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [(text[last:match.start()], False), (match.group(), True)]
        last = match.end()
    pieces.append((text[last:], False))
    return [piece for piece in pieces if piece[0]]
