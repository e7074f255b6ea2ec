"""The web app under hostile requests and load: no server error, no injection, no traversal, 413, 0 errors.

* schemathesis generates requests from the app's own OpenAPI document (in-process ASGI, a bounded,
  derandomized number of examples per operation) and no response may be a 5xx;
* SQL injection strings through every query and path parameter get a 4xx or an empty answer, and
  the store file is byte-for-byte unchanged;
* path traversal through the static files, path parameters and an upload's file name fails;
* bodies over the limit get 413, with or without a Content-Length;
* ``newswire serve`` on loopback answers a fixed number of requests from 50 concurrent clients
  with zero errors; p50/p99 latency is printed.
"""

from __future__ import annotations

import hashlib
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from newswire.ingest import ingest
from newswire.web.app import MAX_BODY_BYTES, create_app

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
STORIES = [
    "The foreign minister said on Monday that talks with the rebels would probably resume in Geneva.\n",
    "\u201cWe will not retreat,\u201d a Ukrainian commander told reporters in Kharkiv on Tuesday.\n",
    "Russian forces shelled Kherson on Friday, regional officials said, killing 4 civilians.\n",
    "NATO Secretary-General Jens Stoltenberg said it was unlikely that Russia would win the war this year.\n",
]
INJECTIONS = ["' OR '1'='1", "'; DROP TABLE documents; --", "\" OR 1=1 --", "1; SELECT * FROM documents",
              "%' UNION SELECT id, text FROM documents --", "Robert'); DROP TABLE actors;--", "') OR ('x'='x",
              "$term", "?", "*", "\\", "' || (SELECT text FROM documents LIMIT 1) || '", "\x00"]
LOAD_CLIENTS = 50
LOAD_REQUESTS = 2000


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def store(tmp_path_factory, reader) -> Path:
    folder = tmp_path_factory.mktemp("websec")
    for number, text in enumerate(STORIES):
        (folder / f"story{number}.txt").write_text(text, "utf-8")
    db = folder / "store.duckdb"
    summary = ingest([str(folder)], db, reader=reader, published="2023-03-03")
    assert summary.stored == len(STORIES)
    return db


@pytest.fixture(scope="module")
def app(store, reader):
    return create_app(store, reader=reader)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


SCHEMA_EXAMPLES = 12


def test_generated_requests_get_no_server_error(store, reader):
    """Valid and invalid requests for every operation in the OpenAPI document; none may get a 5xx.

    The app is its own instance: schemathesis runs the ASGI lifespan per call, whose shutdown
    closes the store.
    """
    app = create_app(store, reader=reader)
    from hypothesis import given
    from hypothesis.errors import Unsatisfiable
    from schemathesis.generation import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, calls = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=SCHEMA_EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                nonlocal calls
                if isinstance(case.body, dict) and isinstance(case.body.get("text"), str):
                    case.body["text"] = case.body["text"][:2000]  # quick reads; the size limit has its own test
                response = case.call()
                calls += 1
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}: {response.text[:300]}")

            try:
                call()
            except Unsatisfiable:  # no invalid request exists (an operation without parameters)
                continue
            except Exception as error:  # noqa: BLE001 - gather every operation's failure, then report
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {error}")
    print(f"schemathesis: {calls} generated requests, {len(failures)} operations with a server error")
    assert calls > 50 and failures == [], failures


def query_parameters(client) -> list[tuple[str, str, str]]:
    """(path, parameter, location) for every GET operation of the API, path parameters included."""
    found = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            found.append((path, parameter["name"], parameter["in"]))
    assert len(found) >= 10, found
    return found


def fill_path(path: str, value: str | None = None) -> str:
    """The path with each ``{parameter}`` replaced (by ``value`` quoted, or by a plain word)."""
    import re

    return re.sub(r"\{[^}]+\}", quote(value, safe="") if value is not None else "word", path)


def test_sql_injection_through_every_parameter_fails_and_leaves_the_store_unchanged(client, store):
    before = file_hash(store)
    tried = 0
    for path, name, location in query_parameters(client):
        for attempt in INJECTIONS:
            if location == "path":
                response = client.get(fill_path(path, attempt))
            else:
                response = client.get(fill_path(path), params={name: attempt, **({"q": "minister"} if name != "q" else {})})
            tried += 1
            assert response.status_code < 500, (path, name, attempt, response.text[:300])
            if response.status_code < 400 and name not in ("q", "limit", "offset"):
                assert_empty(response.json(), (path, name, attempt))
    print(f"SQL injection: {tried} requests, no 5xx, no rows leaked")
    assert file_hash(store) == before


def assert_empty(payload, where) -> None:
    """A filtered answer holds no rows: an empty list, or a dict whose lists are all empty."""
    if isinstance(payload, list):
        assert payload == [], where
    elif isinstance(payload, dict):
        rows = [v for v in payload.values() if isinstance(v, list)]
        assert all(v == [] for v in rows), (where, payload)


@pytest.mark.parametrize("wildcard", ["%", "_"])
def test_like_wildcards_in_a_name_filter_match_literally(client, wildcard):
    assert client.get("/api/documents", params={"actor": wildcard}).json() == []


def test_search_treats_injection_as_words(client):
    for attempt in INJECTIONS:
        response = client.get("/api/search", params={"q": attempt})
        assert response.status_code in (200, 422), (attempt, response.text[:300])
        if response.status_code == 200:
            texts = str(response.json())
            assert texts.count("document_id") <= 2 * len(STORIES), attempt


@pytest.mark.parametrize("url", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/....//....//etc/passwd", "/static/%252e%252e/app.py", "/static//etc/passwd", "/static/..\\app.py",
    "/documents/..%2f..%2f..%2fetc%2fpasswd", "/api/documents/..%2f..%2fetc%2fpasswd",
    "/speakers/..%2F..%2F..%2Fetc%2Fpasswd", "/api/speakers/../../../etc/passwd", "/..%2f..%2fetc%2fpasswd",
])
def test_path_traversal_fails(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404, 405, 422), (url, response.status_code)
    assert "root:x:0:0" not in response.text and "create_app" not in response.text


def test_upload_file_name_cannot_write_or_read_outside(client, tmp_path):
    target = tmp_path / "escaped.txt"
    name = "../" * 12 + str(target).lstrip("/")
    response = client.post("/read", files={"file": (name, b"The minister said talks would resume.", "text/plain")},
                           headers={"accept": "text/html"})
    assert response.status_code == 200 and not target.exists()
    response = client.post("/read", files={"file": ("/etc/passwd", b"", "text/plain")}, headers={"accept": "text/html"})
    assert response.status_code == 422 and "root:x:0:0" not in response.text


@pytest.mark.parametrize("route", ["/api/read", "/read"])
def test_oversized_upload_gets_413(client, route):
    big = b"x" * (MAX_BODY_BYTES + 1)
    if route == "/read":
        response = client.post(route, files={"file": ("big.txt", big, "text/plain")})
    else:
        response = client.post(route, content=b'{"text": "' + big + b'"}', headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert client.post(route, content=streamed_body(route), headers=streamed_headers(route)).status_code == 413


def streamed_body(route: str):
    """A body over the limit sent in chunks with no Content-Length (JSON, or a multipart file upload)."""
    blocks = MAX_BODY_BYTES // 50_000 + 2
    if route == "/api/read":
        yield b'{"text": "'
        yield from (b"y" * 50_000 for _ in range(blocks))
        yield b'"}'
        return
    yield (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
           b"Content-Type: text/plain\r\n\r\n")
    yield from (b"y" * 50_000 for _ in range(blocks))
    yield b"\r\n--b0undary--\r\n"


def streamed_headers(route: str) -> dict[str, str]:
    return {"content-type": "application/json" if route == "/api/read" else "multipart/form-data; boundary=b0undary"}


# ---------------------------------------------------------------- load on loopback


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(store):
    """``newswire serve`` on a free loopback port; its base URL."""
    port = free_port()
    process = subprocess.Popen([NEWSWIRE, "serve", "--db", str(store), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/overview", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
        if process.poll() is not None:
            pytest.fail(f"server exited: {process.stderr.read().decode()[-2000:]}")
    else:
        process.kill()
        pytest.fail("server did not start within 120 s")
    yield base
    process.terminate()
    process.wait(timeout=30)


def load_urls(client) -> list[str]:
    ids = [d["id"] for d in client.get("/api/documents").json()]
    speakers = [s["name"] for s in client.get("/api/speakers").json()][:3]
    return (["/", "/api/overview", "/api/documents", "/api/events", "/api/speakers", "/api/topics", "/events",
             "/api/search?q=minister", "/search?q=Kharkiv", "/api/events/places"]
            + [f"/api/documents/{i}" for i in ids] + [f"/documents/{i}" for i in ids]
            + [f"/api/speakers/{quote(s, safe='')}" for s in speakers])


def test_concurrent_load_on_loopback_has_zero_errors(server, client):
    urls = load_urls(client)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    local = threading.local()

    def one(number: int) -> None:
        session = getattr(local, "session", None) or httpx.Client(base_url=server, timeout=60)
        local.session = session
        url = urls[number % len(urls)]
        started = time.perf_counter()
        try:
            status = session.get(url).status_code
            problem = None if status == 200 else f"{url}: HTTP {status}"
        except httpx.HTTPError as error:
            problem = f"{url}: {type(error).__name__} {error}"
        with lock:
            latencies.append(time.perf_counter() - started)
            if problem:
                errors.append(problem)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=LOAD_CLIENTS) as pool:
        list(pool.map(one, range(LOAD_REQUESTS)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(0.99 * (len(ordered) - 1))] * 1000
    print(f"load: {LOAD_REQUESTS} requests, {LOAD_CLIENTS} clients, {elapsed:.1f} s "
          f"({LOAD_REQUESTS / elapsed:.0f} req/s), p50 {p50:.0f} ms, p99 {p99:.0f} ms, errors {len(errors)}")
    assert len(latencies) == LOAD_REQUESTS
    assert errors == [], errors[:10]
