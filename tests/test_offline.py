"""No code path fetches anything: the whole pipeline runs with networking disabled.

Each command (read a story, ingest the bundled samples, query, export) runs as a subprocess in
a network namespace with no interfaces up (``unshare -n``, root only; without it the test still
runs, guarded only by the audit hook). A ``sitecustomize`` put on ``PYTHONPATH`` installs a Python
audit hook that logs and refuses every socket connection, name lookup and URL opening, so a
fetch hidden behind a fallback (one that catches the error and carries on) is still caught.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.sendto", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect")
GUARD = '''
import os, sys

_LOG = os.environ["NEWSWIRE_NETWORK_LOG"]
_EVENTS = {events!r}


def _refuse_network(event, args):
    if event in _EVENTS:
        family = getattr(args[0], "family", None) if args else None
        if event == "socket.connect" and int(family or 0) == 1:  # AF_UNIX: local, not network
            return
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{{os.getpid()}} {{event}} {{args[1:] if event == 'socket.connect' else args!r}}\\n")
        raise OSError(f"network access refused in the offline test: {{event}}")


sys.addaudithook(_refuse_network)
'''
STORY = ("The foreign minister said on Monday that talks with the rebels would resume in Geneva.\n"
         "\u201cWe will not retreat,\u201d the commander told reporters in Kharkiv.\n")


def offline_prefix() -> list[str]:
    """``unshare -n`` when this process may create a network namespace, else nothing."""
    if os.geteuid() == 0 and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "-n"]
    return []


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """Run a newswire command offline; returns (run, network log path, whether unshare is used)."""
    folder = tmp_path_factory.mktemp("offline")
    guard = folder / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD.format(events=NETWORK_EVENTS), "utf-8")
    log = folder / "network.log"
    log.touch()
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(guard), os.environ.get("PYTHONPATH")])),
                   "NEWSWIRE_NETWORK_LOG": str(log), "HF_HUB_OFFLINE": "", "NO_PROXY": ""}
    prefix = offline_prefix()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, NEWSWIRE, *args], capture_output=True, text=True, env=environment,
                              timeout=600, cwd=folder)

    return run, log, folder, bool(prefix)


def test_the_guard_catches_a_connection_attempt(offline):
    run, log, folder, _ = offline
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.socket().connect(('192.0.2.1', 80))"],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(folder / "guard"),
                                                                  "NEWSWIRE_NETWORK_LOG": str(folder / "probe.log")})
    assert probe.returncode != 0 and "network access refused" in probe.stderr
    assert "socket.connect" in (folder / "probe.log").read_text()


def test_read_ingest_query_export_run_offline_without_any_connection_attempt(offline):
    run, log, folder, unshared = offline
    (folder / "story.txt").write_text(STORY, "utf-8")
    read = run("read", "story.txt", "--format", "json", "--published", "2022-11-16")
    assert read.returncode == 0, read.stderr[-3000:]
    assert json.loads(read.stdout)["document"]["text"] == STORY
    ingested = run("ingest", "story.txt", "--samples", "--db", "store.duckdb")
    assert ingested.returncode == 0, ingested.stderr[-3000:]
    asked = run("query", "--db", "store.duckdb", "--ask", "top-actors", "--format", "json")
    assert asked.returncode == 0 and asked.stdout.strip(), asked.stderr[-3000:]
    exported = run("export", "--db", "store.duckdb", "--format", "jsonl", "--out", "readings.jsonl")
    assert exported.returncode == 0, exported.stderr[-3000:]
    lines = (folder / "readings.jsonl").read_text("utf-8").splitlines()
    assert len(lines) >= 2 and any(json.loads(line)["document"]["text"] == STORY for line in lines)
    print(f"offline via unshare -n: {unshared}")
    assert log.read_text() == "", f"network access attempted:\n{log.read_text()}"
