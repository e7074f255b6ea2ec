"""The HTML pages: server-rendered Jinja2 templates, autoescaped, with small vanilla scripts.

Story text is untrusted. Templates write it only through ``{{ }}`` (escaped); no page marks
story text ``|safe``. Reading data for hover cards is embedded with ``|tojson`` in a
``<script type="application/json">`` block, which escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode
from typing import Any, Optional

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from newswire.web import queries, render
from newswire.web.api import MAX_PASTED_CHARS, read_pasted
from newswire.web.app import cached
from newswire.web.queries import Filters, NotFound

TEMPLATES = Jinja2Templates(env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                                            autoescape=select_autoescape(default=True, default_for_string=True)))
TEMPLATES.env.filters["segment"] = lambda value: quote(str(value), safe="")
TEMPLATES.env.filters["pager"] = lambda params, number: urlencode({**dict(params), "page": number})
TEMPLATES.env.filters["headline"] = lambda text, width=120: _short(
    next((line.strip() for line in (text or "").splitlines() if line.strip()), ""), width)
router = APIRouter(include_in_schema=False)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page template with the request and the given context."""
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An HTML error page saying what went wrong."""
    return page(request, "error.html", status_code=status_code, status=status_code, message=message)


def _filters(date_from, date_to, type_, actor) -> Filters:
    return Filters(date_from=date_from or None, date_to=date_to or None, type=type_ or None, actor=actor or None)


OPTIONAL_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, date_from: Optional[str] = Query(None, pattern=OPTIONAL_DATE),
         date_to: Optional[str] = Query(None, pattern=OPTIONAL_DATE),
         type: Optional[str] = Query(None, max_length=40), actor: Optional[str] = Query(None, max_length=200),
         page_number: int = Query(1, alias="page", ge=1, le=100_000)):
    filters = _filters(date_from, date_to, type, actor)
    with request.app.state.store.cursor() as cursor:
        documents = queries.list_documents(cursor, filters, limit=50, offset=(page_number - 1) * 50)
    return page(request, "home.html", overview=cached(request.app, ("overview",), queries.overview),
                documents=documents, filters=filters, types=cached(request.app, ("types",), queries.event_types),
                page_number=page_number, judgments=cached(request.app, ("latest",), queries.latest_judgments),
                speakers=cached(request.app, ("top speakers",), lambda cursor: queries.list_speakers(cursor, limit=8)))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    with request.app.state.store.cursor() as cursor:
        try:
            reading = queries.get_reading(cursor, doc_id)
        except NotFound as error:
            raise HTTPException(404, str(error)) from None
    return _reader_page(request, reading, stored=True)


def _reader_page(request: Request, reading, *, stored: bool) -> HTMLResponse:
    return page(request, "reader.html", reading=reading, segments=render.segments(reading),
                cards=render.record_cards(reading), stored=stored)


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request, name: Optional[str] = Query(None, max_length=200)):
    found = cached(request.app, ("speakers", name or ""), lambda cursor: queries.list_speakers(cursor, name=name))
    return page(request, "speakers.html", speakers=found, name=name or "")


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker(request: Request, name: str):
    from newswire.web.app import get_topics

    with request.app.state.store.cursor() as cursor:
        try:
            found = queries.speaker(cursor, name)
        except NotFound as error:
            raise HTTPException(404, str(error)) from None
    topic_of = {(j["document_id"], j["id"]): t["label"] for t in get_topics(request.app) for j in t["judgments"]}
    labels = Counter(topic_of.get((j["document_id"], j["id"])) for j in found["judgments"])
    shown = {label for label, _ in labels.most_common() if label}
    shown = set(sorted(shown, key=lambda label: -labels[label])[:render.NAMED_SERIES])
    chart = render.judgment_chart(found["judgments"], lambda j: _short(
        topic_of.get((j["document_id"], j["id"])) if topic_of.get((j["document_id"], j["id"])) in shown
        else render.OTHER_SERIES))
    return page(request, "speaker.html", speaker=found, chart=chart)


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[:width - 1] + "…"


@router.get("/topics", response_class=HTMLResponse)
def topics(request: Request):
    from newswire.web.app import get_topics

    groups = get_topics(request.app)[:50]
    charts = {t["id"]: render.judgment_chart(t["judgments"], lambda j: j.get("holder") or "(the article)",
                                             width=760, height=220) for t in groups}
    return page(request, "topics.html", topics=groups, charts=charts)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, date_from: Optional[str] = Query(None, pattern=OPTIONAL_DATE),
           date_to: Optional[str] = Query(None, pattern=OPTIONAL_DATE),
           type: Optional[str] = Query(None, max_length=40), actor: Optional[str] = Query(None, max_length=200),
           source: Optional[str] = Query(None, max_length=200), target: Optional[str] = Query(None, max_length=200)):
    filters = _filters(date_from, date_to, type, actor)
    with request.app.state.store.cursor() as cursor:
        timeline = queries.dyad_timeline(cursor, source, target, filters) if source and target else None
        places = queries.event_places(cursor, filters)
        points = render.map_points(places)
        found = queries.list_events(cursor, filters, limit=200)
    return page(request, "events.html", filters=filters, source=source or "", target=target or "",
                types=cached(request.app, ("types",), queries.event_types),
                actors=cached(request.app, ("actors",), queries.actor_names),
                events=found, places=places, points=points, view=render.map_view(points),
                dyads=cached(request.app, ("dyads", filters), lambda cursor: queries.top_dyads(cursor, filters)),
                timeline=render.timeline_chart(timeline) if timeline else None, timeline_asked=bool(source and target))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Optional[str] = Query(None, max_length=200)):
    results = None
    if q and q.strip():
        with request.app.state.store.cursor() as cursor:
            results = queries.search(cursor, q.strip(), limit=50)
    return page(request, "search.html", q=q or "", results=results, marked=lambda text: render.marked(text, q or ""))


@router.get("/read", response_class=HTMLResponse)
def read_form(request: Request):
    return page(request, "read.html", limit=MAX_PASTED_CHARS)


@router.post("/read", response_class=HTMLResponse)
async def read_story(request: Request, text: str = Form(""), published: str = Form(""), title: str = Form(""),
                     file: Optional[UploadFile] = File(None)):
    if file is not None and file.filename:
        data = await file.read(MAX_PASTED_CHARS * 4 + 1)
        text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise HTTPException(422, "paste a story or choose a text file to read")
    if published and not queries.DATE_PATTERN.match(published):
        raise HTTPException(422, f"publication date {published!r} is not YYYY-MM-DD")
    from starlette.concurrency import run_in_threadpool

    reading = await run_in_threadpool(read_pasted, request, text, published=published, title=title)
    return _reader_page(request, reading, stored=False)


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The API's routes and parameters, read from the OpenAPI document (FastAPI's own /docs needs a CDN)."""
    routes = []
    for path, operations in request.app.openapi()["paths"].items():
        for method, operation in operations.items():
            routes.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                           "parameters": [(p["name"], p["in"], p.get("required", False), p.get("description", ""))
                                          for p in operation.get("parameters", [])],
                           "body": "requestBody" in operation})
    return page(request, "api_docs.html", routes=routes)
