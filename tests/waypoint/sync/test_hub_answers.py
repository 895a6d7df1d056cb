"""What the hub client makes of answers that are not a working CouchDB database."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from waypoint.sync.hub import Hub, SyncError


class _Fixed(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b"<html>a router's login page</html>"

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def _serve(status: int, body: bytes) -> Iterator[str]:
    handler = type("Handler", (_Fixed,), {"status": status, "body": body})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/clinic"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def web_page() -> Iterator[str]:
    yield from _serve(200, b"<html>a router's login page</html>")


@pytest.fixture
def broken_hub() -> Iterator[str]:
    yield from _serve(500, b'{"error": "internal_server_error", "reason": "P-123 Lima"}')


def test_an_address_that_is_not_a_hub_says_so(web_page: str) -> None:
    with Hub(web_page, "nurse", "pw") as hub, pytest.raises(SyncError) as caught:
        hub.info()
    assert caught.value.kind == "not_a_hub" and "check the address" in str(caught.value)


def test_a_hub_error_is_one_line_without_what_the_hub_said(broken_hub: str) -> None:
    with Hub(broken_hub, "nurse", "pw") as hub, pytest.raises(SyncError) as caught:
        hub.get("P-123/header")
    message = str(caught.value)
    assert caught.value.kind == "hub_error" and "HTTP 500" in message
    assert "P-123" not in message and "Lima" not in message
