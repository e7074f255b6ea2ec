"""The web app: ``create_app(db_path)`` builds a FastAPI app over one store, opened read-only.

Pages live in :mod:`newswire.web.pages`, the JSON API under ``/api`` in :mod:`newswire.web.api`.
This module wires them together with what every response needs: a request-size limit (413), a
strict Content-Security-Policy (every script, style and image comes from the app itself), and
clear JSON or HTML errors.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newswire import __version__
from newswire.web.database import WebStore

MAX_BODY_BYTES = 200_000
STATIC_DIR = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                                "frame-ancestors 'none'; form-action 'self'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class BodyLimit:
    """ASGI middleware: refuse a request whose Content-Length is over ``limit`` bytes with 413 at once.

    Bodies sent without a length (chunked) are counted by FastAPI's own ``max_body_size`` limit.
    """

    def __init__(self, app, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and not declared.isdigit():
            return await _refuse(400, "Content-Length is not a number", send)
        if declared is not None and int(declared) > self.limit:
            return await _refuse(413, f"request body is over the {self.limit:,}-byte limit", send)
        await self.app(scope, receive, send)


async def _refuse(status: int, message: str, send) -> None:
    """Answer with a JSON error before the app sees the request."""
    response = JSONResponse({"detail": message}, status_code=status)
    await send({"type": "http.response.start", "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in {**dict(response.headers), **SECURITY_HEADERS}.items()]})
    await send({"type": "http.response.body", "body": response.body})


def create_app(db_path: str | Path, *, reader: Any = None, warm_reader: bool = True) -> FastAPI:
    """Build the app over the store at ``db_path`` (opened read-only; StoreError if unusable).

    ``reader`` is an optional :class:`newswire.pipeline.Reader` for the paste-a-story page. Without
    one, a Reader is loaded and warmed up (its first reading loads lexicons, ~10 s on a busy
    machine) in a background thread when ``warm_reader`` is true, else on first use.
    """
    from newswire.web import api, pages

    store = WebStore(db_path)
    app = FastAPI(title="newswire", version=__version__, max_body_size=MAX_BODY_BYTES, docs_url=None, redoc_url=None,
                  description="Read-only API over a newswire store. Documents are returned in the record "
                              "contract (Reading JSON); see docs/record-contract.md.")
    app.state.store = store
    app.state.reader = reader
    app.state.reader_lock = threading.Lock()
    app.state.read_lock = threading.Lock()
    if reader is None and warm_reader:
        threading.Thread(target=_warm_reader, args=(app,), name="newswire-warm-reader", daemon=True).start()
    app.state.topics = None
    app.state.topics_lock = threading.Lock()
    app.state.cache = {}
    app.state.cache_lock = threading.Lock()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.middleware("http")(_security_headers)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.router.add_event_handler("shutdown", store.close)
    return app


async def _security_headers(request: Request, call_next):
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.path.startswith("/static/"):
        response.headers["cache-control"] = "public, max-age=3600"
    return response


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


async def _http_error(request: Request, error: StarletteHTTPException):
    if _wants_html(request):
        from newswire.web.pages import error_page

        return error_page(request, error.status_code, str(error.detail))
    return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=getattr(error, "headers", None))


async def _validation_error(request: Request, error: RequestValidationError):
    """Bad parameters: an HTML page saying which, or FastAPI's own JSON (the schema the API declares)."""
    if _wants_html(request):
        from newswire.web.pages import error_page

        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return error_page(request, 422, problems)
    from fastapi.exception_handlers import request_validation_exception_handler

    return await request_validation_exception_handler(request, error)


def _warm_reader(app: FastAPI) -> None:
    """Load the Reader and read one short text, so the first pasted story is answered quickly."""
    import logging

    try:
        reader = get_reader(app)
        with app.state.read_lock:
            reader.read_text("LONDON, Jan 2 (Newswire) - The minister said talks would probably resume.")
    except Exception:  # noqa: BLE001 - warm-up is an optimisation; the first real request retries
        logging.getLogger("newswire").exception("could not warm up the reader")


def get_reader(app: FastAPI):
    """The app's Reader, loaded once on first use (about a second)."""
    with app.state.reader_lock:
        if app.state.reader is None:
            from newswire.pipeline import Reader

            app.state.reader = Reader()
        return app.state.reader


def get_topics(app: FastAPI) -> list[dict[str, Any]]:
    """The topic groups of every judgment in the store, computed once (the store is read-only)."""
    from newswire.web import queries, topics

    with app.state.topics_lock:
        if app.state.topics is None:
            with app.state.store.cursor() as cursor:
                app.state.topics = topics.group_judgments(queries.all_judgments(cursor))
        return app.state.topics


CACHE_ENTRIES = 512


def cached(app: FastAPI, key: tuple, compute):
    """``compute(cursor)``, remembered under ``key``: the store is read-only, so answers never go stale.

    Used for the small lookups every page repeats (counts, event types, actor names, busy pairs);
    the oldest entry goes when the cache is full.
    """
    with app.state.cache_lock:
        if key in app.state.cache:
            return app.state.cache[key]
    with app.state.store.cursor() as cursor:
        value = compute(cursor)
    with app.state.cache_lock:
        if len(app.state.cache) >= CACHE_ENTRIES:
            app.state.cache.pop(next(iter(app.state.cache)))
        app.state.cache[key] = value
    return value
