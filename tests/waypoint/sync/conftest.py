"""A real CouchDB-protocol hub for the sync tests: PouchDB Server (npm, pinned in
tests/sync_hub/package.json) on 127.0.0.1, in memory, started once per test session.

Without it the sync tests FAIL with the command that installs it (`.ci/run` runs it first):
a missing hub must never turn into skipped tests.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HUB_DIR = ROOT / "tests" / "sync_hub"
SERVER = HUB_DIR / "node_modules" / ".bin" / "pouchdb-server"
ADMIN, SECRET = "clinic-sync", "hub-secret-1"
FAST_KDF = {"memory_kib": 8192, "iterations": 1, "lanes": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class HubServer:
    """A running PouchDB Server: its base URL and process."""

    base: str
    process: subprocess.Popen[bytes]

    def request(self, method: str, path: str, body: object = None) -> object:
        """One admin request to the server (JSON in, JSON out)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        token = base64.b64encode(f"{ADMIN}:{SECRET}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read())

    def new_database(self) -> str:
        """A fresh clinic database; returns its URL."""
        name = f"clinic_{uuid.uuid4().hex[:12]}"
        self.request("PUT", f"/{name}")
        return f"{self.base}/{name}"

    def all_docs(self, url: str) -> list[dict[str, object]]:
        """Every document of the database at ``url`` with its body (what a hub admin sees)."""
        name = url.rsplit("/", 1)[1]
        rows = self.request("GET", f"/{name}/_all_docs?include_docs=true&conflicts=true")
        assert isinstance(rows, dict)
        return [r["doc"] for r in rows["rows"]]


def start_server(workdir: Path, port: int) -> HubServer:
    """Start PouchDB Server in memory on ``port`` and wait until it answers."""
    if not SERVER.exists() or shutil.which("node") is None:
        pytest.fail(
            "The test hub is not installed: run `npm ci --prefix tests/sync_hub` "
            "(Node.js 18 or later); the sync tests need a real CouchDB-protocol server."
        )
    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [str(SERVER), "--port", str(port), "--host", "127.0.0.1", "--in-memory",
         "--no-stdout-logs", "--config", str(workdir / "config.json")],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail("The test hub (pouchdb-server) stopped as it started.")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                response.read()
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("The test hub (pouchdb-server) did not answer within 30 seconds.")
    # End the "admin party": from now on credentials are checked.
    req = urllib.request.Request(
        f"{base}/_config/admins/{ADMIN}", data=json.dumps(SECRET).encode(), method="PUT"
    )
    with urllib.request.urlopen(req, timeout=30) as response:
        response.read()
    return HubServer(base, process)


def stop_server(server: HubServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubServer]:
    """One hub for the whole session (each test takes its own database)."""
    server = start_server(tmp_path_factory.mktemp("hub"), free_port())
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def hub_url(hub_server: HubServer) -> str:
    """A fresh, empty clinic database on the test hub."""
    return hub_server.new_database()


@pytest.fixture
def sync_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The hub credentials, as WAYPOINT_SYNC_USER / WAYPOINT_SYNC_PASSWORD."""
    monkeypatch.setenv("WAYPOINT_SYNC_USER", ADMIN)
    monkeypatch.setenv("WAYPOINT_SYNC_PASSWORD", SECRET)
    return {"WAYPOINT_SYNC_USER": ADMIN, "WAYPOINT_SYNC_PASSWORD": SECRET}


def node_available() -> bool:
    return shutil.which("node") is not None and os.access(SERVER, os.X_OK)
