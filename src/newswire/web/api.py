"""The JSON API under /api: documents in the record contract, plus the rows behind each page.

FastAPI writes the OpenAPI document (``/openapi.json``, browsable at ``/docs``) from the
response models below. ``GET /api/documents/{id}`` and ``POST /api/read`` return a Reading
exactly as ``Reading.to_dict()`` gives it (``docs/record-contract.md``).
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from newswire.errors import NewswireError
from newswire.web import queries
from newswire.web.queries import Filters, NotFound

router = APIRouter(prefix="/api", tags=["api"])
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NOT_FOUND = {404: {"description": "Nothing with this id or name is in the store",
                   "content": {"application/json": {"schema": {"type": "object", "properties": {
                       "detail": {"type": "string"}}}}}}}
MAX_PASTED_CHARS = 100_000
CALENDAR_DATE = (r"^(1[89]|2[01])\d\d-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)"
                 r"|02-(0[1-9]|1\d|2\d))$")


class Overview(BaseModel):
    documents: int
    statements: int
    judgments: int
    events: int
    places: int
    first_published: Optional[str]
    last_published: Optional[str]


class DocumentSummary(BaseModel):
    id: str
    title: Optional[str]
    source: Optional[str]
    url: Optional[str]
    published: Optional[str]
    characters: int
    opening: str
    statements: int
    judgments: int
    events: int


class SpeakerSummary(BaseModel):
    name: str
    statements: int
    documents: int
    judgments: int
    first_published: Optional[str]
    last_published: Optional[str]


class SpokenStatement(BaseModel):
    document_id: str
    id: str
    kind: str
    content: str
    cue: Optional[str]
    published: Optional[str]
    title: Optional[str]


class Judgment(BaseModel):
    document_id: str
    id: str
    expression: str
    proposition: Optional[str]
    probability: float
    low: float
    high: float
    published: Optional[str]
    basis: Optional[str] = None
    holder: Optional[str] = None


class SpeakerDetail(BaseModel):
    name: str
    statements: list[SpokenStatement]
    judgments: list[Judgment]


class Topic(BaseModel):
    id: int
    label: str
    words: list[str]
    holders: list[str]
    judgments: list[Judgment]


class EventRow(BaseModel):
    document_id: str
    id: str
    type: str
    mode: Optional[str]
    quad: str
    status: str
    evidence: str
    date: Optional[str]
    source: list[str]
    target: list[str]
    place: Optional[str]


class TimelineMonth(BaseModel):
    month: str
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int


class PlaceCount(BaseModel):
    name: str
    country: Optional[str]
    lat: float
    lon: float
    events: int


class DocumentHit(BaseModel):
    document_id: str
    title: Optional[str]
    published: Optional[str]
    score: float
    snippet: str


class StatementHit(BaseModel):
    document_id: str
    id: str
    speaker: Optional[str]
    content: str
    published: Optional[str]
    score: float


class SearchResult(BaseModel):
    documents: list[DocumentHit]
    statements: list[StatementHit]


class PastedStory(BaseModel):
    model_config = ConfigDict(strict=True)

    text: str = Field(min_length=1, max_length=MAX_PASTED_CHARS, description="The story's text (untrusted).")
    published: Optional[str] = Field(None, pattern=CALENDAR_DATE, description="Publication date, YYYY-MM-DD.")
    title: Optional[str] = Field(None, max_length=500)


def _date_from():
    return Query(None, pattern=DATE, description="Earliest date (inclusive), YYYY, YYYY-MM or YYYY-MM-DD")


def _date_to():
    return Query(None, pattern=DATE, description="Latest date (inclusive), YYYY, YYYY-MM or YYYY-MM-DD")


def _type():
    return Query(None, max_length=40, description="PLOVER event type, e.g. ASSAULT")


def _actor():
    return Query(None, max_length=200, description="Part of an actor's name (case-insensitive)")


def _limit(default: int, most: int):
    return Query(default, ge=1, le=most, description=f"At most this many rows (1-{most})")


def filters(date_from: Optional[str] = None, date_to: Optional[str] = None,
            type: Optional[str] = None, actor: Optional[str] = None) -> Filters:
    """The shared filter query parameters."""
    return Filters(date_from=date_from, date_to=date_to, type=type, actor=actor)


def _store(request: Request):
    return request.app.state.store.cursor()


@router.get("/overview", response_model=Overview, summary="How much the store holds")
def api_overview(request: Request) -> dict[str, Any]:
    from newswire.web.app import cached

    return cached(request.app, ("overview",), queries.overview)


@router.get("/documents", response_model=list[DocumentSummary], summary="Documents, newest first")
def api_documents(request: Request, date_from: Optional[str] = _date_from(),
                  date_to: Optional[str] = _date_to(),
                  type: Optional[str] = _type(), actor: Optional[str] = _actor(),
                  limit: int = _limit(50, 1000),
                  offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip (paging)")) -> list:
    with _store(request) as cursor:
        return queries.list_documents(cursor, filters(date_from, date_to, type, actor), limit=limit, offset=offset)


@router.get("/documents/{doc_id}", summary="One document's Reading in the record contract", responses=NOT_FOUND,
            response_model=dict[str, Any])
def api_document(request: Request, doc_id: str) -> dict[str, Any]:
    with _store(request) as cursor:
        try:
            return queries.get_reading(cursor, doc_id).to_dict()
        except NotFound as error:
            raise HTTPException(404, str(error)) from None


@router.get("/speakers", response_model=list[SpeakerSummary], summary="Speakers by how much they said")
def api_speakers(request: Request,
                 name: Optional[str] = Query(None, max_length=200, description="Part of the name"),
                 limit: int = _limit(200, 5000)) -> list:
    with _store(request) as cursor:
        return queries.list_speakers(cursor, name=name, limit=limit)


@router.get("/speakers/{name:path}", response_model=SpeakerDetail, responses=NOT_FOUND,
            summary="Everything one speaker said, newest first, and their judgments")
def api_speaker(request: Request, name: str) -> dict[str, Any]:
    with _store(request) as cursor:
        try:
            return queries.speaker(cursor, name)
        except NotFound as error:
            raise HTTPException(404, str(error)) from None


@router.get("/topics", response_model=list[Topic], summary="Judgments grouped by similar propositions")
def api_topics(request: Request, limit: int = _limit(100, 5000)) -> list:
    from newswire.web.app import get_topics

    return get_topics(request.app)[:limit]


@router.get("/events", response_model=list[EventRow], summary="Events, newest first, filtered")
def api_events(request: Request, date_from: Optional[str] = _date_from(),
               date_to: Optional[str] = _date_to(), type: Optional[str] = _type(),
               actor: Optional[str] = _actor(), limit: int = _limit(200, 5000)) -> list:
    with _store(request) as cursor:
        return queries.list_events(cursor, filters(date_from, date_to, type, actor), limit=limit)


@router.get("/events/timeline", response_model=list[TimelineMonth],
            summary="PLOVER quad counts per month between two actors (either direction)")
def api_timeline(request: Request,
                 source: str = Query(..., min_length=1, max_length=200, description="One actor's exact name"),
                 target: str = Query(..., min_length=1, max_length=200, description="The other actor's exact name"),
                 date_from: Optional[str] = _date_from(), date_to: Optional[str] = _date_to(),
                 type: Optional[str] = _type()) -> list:
    with _store(request) as cursor:
        return queries.dyad_timeline(cursor, source, target, filters(date_from, date_to, type, None))


@router.get("/events/places", response_model=list[PlaceCount], summary="Event places with coordinates and counts")
def api_event_places(request: Request, date_from: Optional[str] = _date_from(),
                     date_to: Optional[str] = _date_to(), type: Optional[str] = _type(),
                     actor: Optional[str] = _actor(), limit: int = _limit(500, 5000)) -> list:
    with _store(request) as cursor:
        return queries.event_places(cursor, filters(date_from, date_to, type, actor), limit=limit)


@router.get("/search", response_model=SearchResult, summary="Full-text search (BM25) over documents and statements")
def api_search(request: Request,
               q: str = Query(..., min_length=1, max_length=200, description="Words to find (BM25, stemmed)"),
               limit: int = _limit(50, 500)) -> dict[str, Any]:
    with _store(request) as cursor:
        return queries.search(cursor, q, limit=limit)


@router.post("/read", response_model=dict[str, Any], summary="Read a pasted story (not stored); its Reading",
             responses={400: {"description": "Body is not JSON"}, 413: {"description": "Body over the size limit"},
                        422: {"description": "Bad input: the reason is in 'detail'"}})
def api_read(request: Request, story: PastedStory) -> dict[str, Any]:
    return read_pasted(request, story.text, published=story.published, title=story.title).to_dict()


def read_pasted(request: Request, text: str, *, published: str | None, title: str | None):
    """Read one pasted story with the app's Reader; 422 with the reason when the input is refused."""
    from newswire.web.app import get_reader

    reader = get_reader(request.app)
    if len(text) > MAX_PASTED_CHARS:
        raise HTTPException(413, f"story of {len(text):,} characters is over the {MAX_PASTED_CHARS:,}-character limit")
    try:
        with request.app.state.read_lock:
            return reader.read_text(text, published=published or None, title=title or None)
    except NewswireError as error:
        raise HTTPException(422, str(error)) from None
