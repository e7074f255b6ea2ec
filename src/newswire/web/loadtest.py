"""A bounded load run of the web app on loopback: p50/p95 latency per page and API route.

``python -m newswire.web.loadtest --db FILE.duckdb [--requests 200] [--concurrency 8]`` starts
``newswire serve`` on a free 127.0.0.1 port in a child process, waits for it, sends a fixed number
of GET requests per route (URLs filled from the store: documents, speakers, a busy actor pair, a
search word) from a small thread pool, prints a table, and stops the server. Only loopback is ever
contacted, every request has a timeout, and the whole run has a deadline.
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

REQUEST_TIMEOUT = 30.0
RUN_DEADLINE = 1800.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def route_urls(db: str | Path, *, samples: int = 50) -> dict[str, list[str]]:
    """For each route name, the concrete URLs to cycle through, taken from the store's contents."""
    from newswire.web.database import WebStore
    from newswire.web.queries import Filters, list_documents, list_speakers, top_dyads

    store = WebStore(db)
    try:
        with store.cursor() as cursor:
            ids = [d["id"] for d in list_documents(cursor, Filters(), limit=samples)] or ["none"]
            speakers = [s["name"] for s in list_speakers(cursor, limit=samples)] or ["none"]
            pair = (top_dyads(cursor, Filters(), limit=1) or [{"source": "Russia", "target": "Ukraine"}])[0]
    finally:
        store.close()
    dyad = urlencode({"source": pair["source"], "target": pair["target"]})
    words = ["Ukraine", "ceasefire", "sanctions missile", "Putin said", "nuclear"]
    return {
        "page /": ["/"], "page /documents/{id}": [f"/documents/{i}" for i in ids],
        "page /speakers": ["/speakers"], "page /speakers/{name}": [f"/speakers/{quote(s, safe='')}" for s in speakers],
        "page /topics": ["/topics"], "page /events": ["/events"], "page /events (pair)": [f"/events?{dyad}"],
        "page /search": [f"/search?q={quote(w)}" for w in words],
        "api /api/documents": ["/api/documents"], "api /api/documents/{id}": [f"/api/documents/{i}" for i in ids],
        "api /api/speakers": ["/api/speakers"],
        "api /api/speakers/{name}": [f"/api/speakers/{quote(s, safe='')}" for s in speakers],
        "api /api/topics": ["/api/topics"], "api /api/events": ["/api/events"],
        "api /api/events/timeline": [f"/api/events/timeline?{dyad}"], "api /api/events/places": ["/api/events/places"],
        "api /api/search": [f"/api/search?q={quote(w)}" for w in words],
    }


def _start_server(db: str | Path, port: int) -> subprocess.Popen:
    """``newswire serve`` in a child process; returns once it answers, or raises."""
    command = [sys.executable, "-c", "from newswire.cli import main; main()", "serve", "--db", str(db),
               "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read().decode(errors='replace')[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("server did not answer within 120 s")


def measure(base: str, urls: dict[str, list[str]], *, requests: int, concurrency: int) -> list[dict]:
    """Per route: request count, errors, and p50/p95/max latency in milliseconds."""
    import httpx

    results = []
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client, ThreadPoolExecutor(concurrency) as pool:
        client.get("/topics")  # the topic grouping is computed once, on first use: keep it out of the figures
        client.post("/api/read", json={"text": "The minister said talks would resume."})  # reader warmed up
        for name, choices in urls.items():
            if time.monotonic() - started > RUN_DEADLINE:
                break
            targets = list(itertools.islice(itertools.cycle(choices), requests))
            timings = list(pool.map(lambda url: _timed_get(client, url), targets))
            times = sorted(t for t, ok in timings)
            results.append({"route": name, "requests": len(times), "errors": sum(not ok for _, ok in timings),
                            "p50": statistics.median(times), "p95": times[max(0, int(len(times) * 0.95) - 1)],
                            "max": times[-1]})
    return results


def _timed_get(client, url: str) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        ok = client.get(url).status_code == 200
    except Exception:  # noqa: BLE001 - a failed request is counted, not raised
        ok = False
    return (time.perf_counter() - start) * 1000, ok


def run(db: str | Path, *, requests: int = 200, concurrency: int = 8) -> list[dict]:
    """Serve ``db`` on loopback, load every route, stop the server; return the per-route figures."""
    urls = route_urls(db)
    port = _free_port()
    server = _start_server(db, port)
    try:
        return measure(f"http://127.0.0.1:{port}", urls, requests=requests, concurrency=concurrency)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args(argv)
    rows = run(options.db, requests=options.requests, concurrency=options.concurrency)
    print(f"| route | requests | errors | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['route']} | {row['requests']} | {row['errors']} | {row['p50']:.1f} | {row['p95']:.1f} | "
              f"{row['max']:.1f} |")


if __name__ == "__main__":
    main()
