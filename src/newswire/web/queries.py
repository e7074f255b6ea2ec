"""The read-only SQL behind the web pages and the /api routes.

Every function takes a DuckDB cursor from :class:`newswire.web.database.WebStore` and returns
plain dicts and lists ready for JSON or a template. Every value from a request reaches SQL as a
bound parameter; nothing here extracts records, it only reads what ingest stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newswire.records import Reading
from newswire.store import StoreError, read_reading

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def quad_key(quad: str) -> str:
    """The JSON key of a quad class (``verbal cooperation`` -> ``verbal_cooperation``)."""
    return quad.replace(" ", "_")


class NotFound(LookupError):
    """A document, speaker or other thing named in a request is not in the store."""


@dataclass(frozen=True)
class Filters:
    """Filters shared by the list pages: a date range (inclusive, ISO prefixes), event type, actor."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    actor: str | None = None

    def date_clause(self, column: str) -> tuple[str, list[Any]]:
        """SQL (starting with AND) limiting ``column`` to the date range, and its parameters."""
        sql, params = "", []
        if self.date_from:
            sql += f" AND {column} >= ?"
            params.append(self.date_from)
        if self.date_to:
            sql += f" AND substr({column}, 1, {len(self.date_to)}) <= ?"
            params.append(self.date_to)
        return sql, params


def _rows(cursor, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts keyed by column name."""
    result = cursor.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


@lru_cache(maxsize=1)
def quad_of_type() -> dict[str, str]:
    """PLOVER event type -> its quad class, from the bundled PLOVER table."""
    table = json.loads((resources.files("newswire") / "data" / "plover_types.json").read_text("utf-8"))
    return {name: info.get("quad", "other") for name, info in table["types"].items()}


def overview(cursor) -> dict[str, Any]:
    """How many documents and records the store holds, and its date range."""
    counts = _rows(cursor, "SELECT (SELECT count(*) FROM documents) AS documents, "
                           "(SELECT count(*) FROM statements) AS statements, "
                           "(SELECT count(*) FROM assessments) AS judgments, "
                           "(SELECT count(*) FROM events) AS events, "
                           "(SELECT count(*) FROM places p WHERE EXISTS (SELECT 1 FROM mentions m "
                           "WHERE m.document_id = p.document_id AND m.record_id = p.id)) AS places, "
                           "(SELECT min(published) FROM documents) AS first_published, "
                           "(SELECT max(published) FROM documents) AS last_published")[0]
    return counts


def list_documents(cursor, filters: Filters, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Documents newest first, with how many statements, judgments and events each holds."""
    where, params = filters.date_clause("d.published")
    if filters.actor:
        where += (" AND EXISTS (SELECT 1 FROM actors a WHERE a.document_id = d.id "
                  "AND contains(lower(a.name), lower(?)))")
        params.append(filters.actor)
    if filters.type:
        where += " AND EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id AND e.\"type\" = ?)"
        params.append(filters.type)
    sql = ("SELECT d.id, d.title, d.source, d.url, d.published, length(d.text) AS characters, "
           "substr(d.text, 1, 240) AS opening, c.statements, c.judgments, c.events "
           f"FROM documents d JOIN document_counts c ON c.document_id = d.id WHERE true {where} "
           "ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?")
    return _rows(cursor, sql, params + [limit, offset])


def get_reading(cursor, doc_id: str) -> Reading:
    """The stored Reading of one document; NotFound when no document has this id."""
    try:
        return read_reading(cursor, doc_id)
    except StoreError:
        raise NotFound(f"no document with id {doc_id!r} in this store") from None


def list_speakers(cursor, *, limit: int = 200, name: str | None = None) -> list[dict[str, Any]]:
    """Speakers by how much they said: statements, judgments, first and last date."""
    where, params = "", []
    if name:
        where, params = "WHERE contains(lower(s.speaker_name), lower(?))", [name]
    sql = ("WITH said AS (SELECT s.speaker_name AS name, count(*) AS statements, "
           "count(DISTINCT s.document_id) AS documents, min(d.published) AS first_published, "
           "max(d.published) AS last_published FROM statements s JOIN documents d ON d.id = s.document_id "
           f"{where} {'AND' if where else 'WHERE'} s.speaker_name IS NOT NULL GROUP BY s.speaker_name), "
           "judged AS (SELECT holder_name AS name, count(*) AS judgments FROM assessments GROUP BY holder_name) "
           "SELECT said.name, said.statements, said.documents, coalesce(judged.judgments, 0) AS judgments, "
           "said.first_published, said.last_published FROM said LEFT JOIN judged ON judged.name = said.name "
           "ORDER BY said.statements DESC, said.name LIMIT ?")
    return _rows(cursor, sql, params + [limit])


def speaker(cursor, name: str, *, limit: int = 500) -> dict[str, Any]:
    """Everything one speaker said (newest first) and their judgments; NotFound if they said nothing."""
    statements = _rows(cursor, (
        "SELECT s.document_id, s.id, s.kind, s.content_text AS content, s.cue_text AS cue, d.published, d.title "
        "FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.speaker_name = ? "
        "ORDER BY d.published DESC NULLS LAST, s.document_id, s.seq LIMIT ?"), [name, limit])
    judgments = _rows(cursor, (
        "SELECT j.document_id, j.id, j.expression_text AS expression, j.proposition_text AS proposition, "
        "j.probability, j.low, j.high, j.basis, d.published "
        "FROM assessments j JOIN documents d ON d.id = j.document_id WHERE j.holder_name = ? "
        "ORDER BY d.published DESC NULLS LAST, j.document_id, j.seq LIMIT ?"), [name, limit])
    if not statements and not judgments:
        raise NotFound(f"no statements or judgments by a speaker named {name!r} in this store")
    return {"name": name, "statements": statements, "judgments": judgments}


def latest_judgments(cursor, *, limit: int = 8) -> list[dict[str, Any]]:
    """The newest judgments with a proposition, for the front page."""
    return _rows(cursor, (
        "SELECT j.document_id, j.id, j.holder_name AS holder, j.proposition_text AS proposition, j.probability, "
        "j.low, j.high, d.published FROM assessments j JOIN documents d ON d.id = j.document_id "
        "WHERE j.proposition_text IS NOT NULL ORDER BY d.published DESC NULLS LAST, j.document_id, j.seq LIMIT ?"),
        [limit])


def all_judgments(cursor, *, limit: int = 20000) -> list[dict[str, Any]]:
    """Every judgment with a proposition, oldest first (input to the topic grouping)."""
    return _rows(cursor, (
        "SELECT j.document_id, j.id, j.holder_name AS holder, j.expression_text AS expression, "
        "j.proposition_text AS proposition, j.probability, j.low, j.high, d.published "
        "FROM assessments j JOIN documents d ON d.id = j.document_id WHERE j.proposition_text IS NOT NULL "
        "ORDER BY d.published NULLS LAST, j.document_id, j.seq LIMIT ?"), [limit])


def _event_where(filters: Filters) -> tuple[str, list[Any]]:
    """WHERE conditions (after ``true``) selecting events by date, type and actor name."""
    where, params = filters.date_clause("coalesce(e.date, d.published)")
    if filters.type:
        where += " AND e.\"type\" = ?"
        params.append(filters.type)
    if filters.actor:
        where += (" AND EXISTS (SELECT 1 FROM actors a WHERE a.document_id = e.document_id "
                  "AND list_contains(e.source || e.target, a.id) AND contains(lower(a.name), lower(?)))")
        params.append(filters.actor)
    return where, params


def list_events(cursor, filters: Filters, *, limit: int = 200) -> list[dict[str, Any]]:
    """Events newest first with their actors' and place's names."""
    where, params = _event_where(filters)
    sql = ("SELECT e.document_id, e.id, e.\"type\" AS type, e.mode, e.status, e.evidence_text AS evidence, "
           "coalesce(e.date, d.published) AS date, e.source, e.target, p.name AS place "
           "FROM events e JOIN documents d ON d.id = e.document_id "
           "LEFT JOIN places p ON p.document_id = e.document_id AND p.id = e.place "
           f"WHERE true {where} ORDER BY date DESC NULLS LAST, e.document_id, e.seq LIMIT ?")
    rows = _rows(cursor, sql, params + [limit])
    names = _actor_names_of(cursor, sorted({row["document_id"] for row in rows}))
    quads = quad_of_type()
    for row in rows:
        row["quad"] = quads.get(row["type"], "other")
        row["source"] = [names.get((row["document_id"], i), i) for i in row["source"] or []]
        row["target"] = [names.get((row["document_id"], i), i) for i in row["target"] or []]
    return rows


def _actor_names_of(cursor, document_ids: list[str]) -> dict[tuple[str, str], str]:
    """(document id, actor id) -> actor name, for the given documents."""
    if not document_ids:
        return {}
    rows = cursor.execute("SELECT document_id, id, name FROM actors WHERE list_contains(?, document_id)",
                          [document_ids]).fetchall()
    return {(doc, actor): name for doc, actor, name in rows}


def event_types(cursor) -> list[str]:
    """The event types present in the store."""
    return [r["type"] for r in _rows(cursor, 'SELECT DISTINCT "type" FROM events ORDER BY 1')]


def actor_names(cursor, *, limit: int = 300) -> list[str]:
    """Actor names by how many documents mention them (for the filter pickers)."""
    return [r["name"] for r in _rows(cursor, (
        "SELECT name, count(DISTINCT document_id) AS n FROM actors GROUP BY name ORDER BY n DESC, name LIMIT ?"),
        [limit])]


def dyad_timeline(cursor, source: str, target: str, filters: Filters) -> list[dict[str, Any]]:
    """Events from an actor named ``source`` to one named ``target`` (either way), by month and quad."""
    where, params = filters.date_clause("coalesce(e.date, d.published)")
    if filters.type:
        where += " AND e.\"type\" = ?"
        params.append(filters.type)
    sql = ("SELECT substr(coalesce(e.date, d.published), 1, 7) AS month, e.\"type\" AS type, "
           "count(DISTINCT e.document_id || '/' || e.id) AS events "
           "FROM events e JOIN documents d ON d.id = e.document_id "
           "JOIN actors sa ON sa.document_id = e.document_id AND list_contains(e.source, sa.id) "
           "JOIN actors ta ON ta.document_id = e.document_id AND list_contains(e.target, ta.id) "
           f"WHERE ((sa.name = ? AND ta.name = ?) OR (sa.name = ? AND ta.name = ?)) {where} "
           "GROUP BY ALL ORDER BY month, type")
    rows = _rows(cursor, sql, [source, target, target, source] + params)
    by_month: dict[str, dict[str, int]] = {}
    quads = quad_of_type()
    for row in rows:
        month = row["month"] or "undated"
        counts = by_month.setdefault(month, {quad_key(quad): 0 for quad in QUADS})
        key = quad_key(quads.get(row["type"]) or "other")
        if key in counts:
            counts[key] += row["events"]
    return [{"month": month, **counts} for month, counts in by_month.items()]


def top_dyads(cursor, filters: Filters, *, limit: int = 12) -> list[dict[str, Any]]:
    """The actor pairs (source name, target name) with the most events, for the timeline picker."""
    where, params = filters.date_clause("coalesce(e.date, d.published)")
    sql = ("SELECT sa.name AS source, ta.name AS target, count(*) AS events FROM events e "
           "JOIN documents d ON d.id = e.document_id "
           "JOIN actors sa ON sa.document_id = e.document_id AND list_contains(e.source, sa.id) "
           "JOIN actors ta ON ta.document_id = e.document_id AND list_contains(e.target, ta.id) "
           f"WHERE sa.name <> ta.name {where} GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?")
    return _rows(cursor, sql, params + [limit])


def event_places(cursor, filters: Filters, *, limit: int = 500) -> list[dict[str, Any]]:
    """Places where events happened, with coordinates and how many events each saw."""
    where, params = _event_where(filters)
    sql = ("SELECT p.name, p.country, round(p.lat, 4) AS lat, round(p.lon, 4) AS lon, count(*) AS events "
           "FROM events e JOIN documents d ON d.id = e.document_id "
           "JOIN places p ON p.document_id = e.document_id AND p.id = e.place "
           f"WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL {where} "
           "GROUP BY ALL ORDER BY events DESC, p.name LIMIT ?")
    return _rows(cursor, sql, params + [limit])


def bm25_sql(table: str, *, k: float = 1.2, b: float = 0.75) -> str:
    """SQL for the ``?`` best (key, score) rows of one FTS-indexed table for the query ``?``.

    The same Okapi BM25 as the extension's ``match_bm25`` macro (same tokenizer, Porter stemmer,
    k and b; any query word may match), but scoring only the documents that hold a query term in
    one pass, instead of evaluating the macro once per row of the table.
    """
    index = f"fts_main_{table}"
    return (f"WITH tokens AS (SELECT DISTINCT stem(unnest({index}.tokenize(?)), 'porter') AS t), "
            f"term_tf AS (SELECT terms.termid, terms.docid, count(*) AS tf FROM {index}.terms terms "
            f"JOIN {index}.dict dict ON dict.termid = terms.termid JOIN tokens ON dict.term = tokens.t "
            "GROUP BY terms.docid, terms.termid) "
            f"SELECT docs.name AS key, sum(log(((stats.num_docs - dict.df) + 0.5) / (dict.df + 0.5) + 1) "
            f"* ((tf * {k + 1}) / (tf + {k} * ((1 - {b}) + {b} * (docs.len / stats.avgdl))))) AS score "
            f"FROM term_tf JOIN {index}.docs docs ON docs.docid = term_tf.docid "
            f"JOIN {index}.dict dict ON dict.termid = term_tf.termid CROSS JOIN {index}.stats stats "
            "GROUP BY docs.name ORDER BY score DESC, key LIMIT ?")


def search(cursor, text: str, *, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """BM25 full-text search over documents (title and text) and statements (content, speaker)."""
    documents = _rows(cursor, (
        f"WITH hits AS ({bm25_sql('search_documents')}) "
        "SELECT d.id AS document_id, d.title, d.published, d.text, hits.score FROM hits "
        "JOIN documents d ON d.id = hits.key ORDER BY hits.score DESC, d.id"), [text, limit])
    statements = _rows(cursor, (
        f"WITH hits AS ({bm25_sql('search_statements')}) "
        "SELECT s.document_id, s.statement_id AS id, s.speaker_name AS speaker, s.content_text AS content, "
        "d.published, hits.score FROM hits JOIN search_statements s ON s.key = hits.key "
        "JOIN documents d ON d.id = s.document_id ORDER BY hits.score DESC, s.key"), [text, limit])
    for row in documents:
        row["snippet"] = snippet(row.pop("text"), text)
        row["score"] = round(row["score"], 4)
    for row in statements:
        row["score"] = round(row["score"], 4)
    return {"documents": documents, "statements": statements}


def snippet(text: str, query: str, *, width: int = 220) -> str:
    """A stretch of ``text`` around the first word of ``query`` it contains (plain text)."""
    lowered = text.lower()
    positions = [lowered.find(word) for word in re.findall(r"\w+", query.lower()) if len(word) > 2]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    piece = text[start:start + width].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
