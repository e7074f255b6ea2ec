"""Builds the shipped offline world basemap (static/world-110m.svg) from world-atlas TopoJSON.

Run once by a developer, not by the app: ``python -m newswire.web.basemap countries-110m.json``
with the file from the npm package ``world-atlas`` 2.0.2 (Natural Earth 1:110m countries, public
domain; world-atlas is ISC-licensed). The output is an equirectangular SVG whose user units are
degrees (x = lon + 180, y = 90 - lat), the same frame the events map plots places in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).parent / "static" / "world-110m.svg"


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute (lon, lat) points (undoing quantization and deltas)."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    """One polygon ring from its arc indexes (a negative index ~i means arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut a ring where it jumps across the 180th meridian, so no edge crosses the whole map."""
    pieces, current = [], []
    for point in ring:
        if current and abs(point[0] - current[-1][0]) > 180:
            pieces.append(current)
            current = []
        current.append(point)
    pieces.append(current)
    if len(pieces) > 1 and abs(ring[0][0] - ring[-1][0]) <= 180:
        pieces[0] = pieces.pop() + pieces[0]
    return pieces


def _path(rings) -> str:
    """SVG path data for rings, in the degrees frame, rounded to 0.1 degree."""
    parts = []
    for ring in (piece for whole in rings for piece in _split_at_antimeridian(whole)):
        coords = []
        for lon, lat in ring:
            point = f"{lon + 180:.1f} {90 - lat:.1f}"
            if not coords or coords[-1] != point:
                coords.append(point)
        if len(coords) > 2:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def build_basemap(topojson_path: str | Path, out_path: Path = OUTPUT) -> int:
    """Write the basemap SVG; return how many countries it draws."""
    topology = json.loads(Path(topojson_path).read_text("utf-8"))
    arcs = _decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        arcs_of = geometry.get("arcs", [])
        polygons = {"Polygon": [arcs_of], "MultiPolygon": arcs_of}.get(geometry["type"], [])
        data = _path(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        if data:
            paths.append(f'<path d="{data}"/>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">'
           '<!-- Natural Earth 1:110m countries (public domain) via the npm package world-atlas 2.0.2; '
           'equirectangular, x = lon + 180, y = 90 - lat. Built by newswire.web.basemap. -->'
           '<rect width="360" height="180" fill="#eaf2f8"/>'
           '<g fill="#d5d8dc" stroke="#ffffff" stroke-width="0.15" stroke-linejoin="round">'
           + "".join(paths) + "</g></svg>\n")
    out_path.write_text(svg, "utf-8")
    return len(paths)


if __name__ == "__main__":
    print(f"wrote {build_basemap(sys.argv[1])} countries to {OUTPUT}")
