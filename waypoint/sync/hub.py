"""The clinic hub: a CouchDB 3.x database spoken to over HTTP(S) with the standard library.

One :class:`Hub` is one database on one server (one database per clinic). Credentials go in an
``Authorization`` header, never in a URL that could be printed; every failure becomes a
:class:`SyncError` whose message is one plain line naming the hub's host at most (never the
user, the password or a document id, which may be a patient's).
"""

from __future__ import annotations

import base64
import http.client
import json
import ssl
import urllib.parse
from dataclasses import dataclass
from typing import Any

from waypoint.i18n import _

#: Seconds to wait for the hub before saying it is down (a slow rural link is still "up").
TIMEOUT = 60.0

BAD_URL, CREDENTIALS, UNREACHABLE, TLS, NO_DATABASE = (
    "bad_url",
    "credentials",
    "unreachable",
    "tls",
    "no_database",
)
NOT_A_HUB, HUB_ERROR, REPLACED, OTHER_CLINIC = "not_a_hub", "hub_error", "replaced", "other_clinic"


class SyncError(Exception):
    """Sync could not be done; ``str()`` is one plain line and ``kind`` says which case it was.

    Kinds: bad_url, credentials, unreachable, tls, no_database, not_a_hub, hub_error, replaced
    (the hub no longer holds this clinic's records), other_clinic (the hub belongs to records
    with another key). Nothing local was lost when it is raised.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class HubAddress:
    """Where the hub is: scheme, host, port and database (no credentials)."""

    scheme: str
    host: str
    port: int
    database: str

    @property
    def display(self) -> str:
        """The address as it may be shown or logged: no user, no password."""
        default = 443 if self.scheme == "https" else 80
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}/{self.database}"


def parse_address(url: str) -> HubAddress:
    """Read a hub URL such as ``https://hub.clinic.example:6984/clinic_records``.

    SyncError(bad_url) when it is not an http(s) URL naming a host and one database.
    """
    bad = SyncError(
        BAD_URL,
        _(
            "The hub address is not usable: give it as https://HOST:PORT/DATABASE "
            "(for example https://hub.clinic.example:6984/clinic_records)."
        ),
    )
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise bad from None
    database = urllib.parse.unquote(parts.path.strip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad
    if not database or "/" in database or parts.query or parts.fragment:
        raise bad
    default = 443 if parts.scheme == "https" else 80
    return HubAddress(parts.scheme, parts.hostname, port or default, database)


def _quote(doc_id: str) -> str:
    return urllib.parse.quote(doc_id, safe="")


class Hub:
    """A CouchDB database, spoken to over one kept-alive connection. Close it when done."""

    def __init__(
        self,
        url: str,
        user: str = "",
        password: str = "",
        ca_file: str = "",
        timeout: float = TIMEOUT,
    ) -> None:
        self.address = parse_address(url)
        self._auth = ""
        if user or password:
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self._auth = f"Basic {token}"
        self._ca_file = ca_file
        self._timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    @property
    def display(self) -> str:
        """The hub's address without credentials (safe to show and to log)."""
        return self.address.display

    def close(self) -> None:
        """Close the connection (a new one is opened by the next request)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the CouchDB calls sync uses -----------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """The database's info (SyncError no_database when it does not exist)."""
        status, body = self._request("GET", "")
        if status == 404:
            raise SyncError(
                NO_DATABASE,
                _(
                    "The hub {hub} has no database of this clinic's records (a new or replaced "
                    "server?). Nothing was sent or changed; see docs/sync.md to set it up."
                ).format(hub=self.display),
            )
        return self._object(status, body)

    def get(self, doc_id: str, **params: str) -> dict[str, Any] | None:
        """A document (None when there is none); ``params`` such as rev or conflicts."""
        query = "?" + urllib.parse.urlencode(params) if params else ""
        status, body = self._request("GET", "/" + _quote(doc_id) + query)
        if status == 404:
            return None
        return self._object(status, body)

    def put_new_edits(self, docs: list[dict[str, Any]]) -> None:
        """Store documents with the revisions they carry (``new_edits: false``), as CouchDB
        replication does: an edit made elsewhere is never overwritten, it becomes a conflict."""
        if not docs:
            return
        status, body = self._request("POST", "/_bulk_docs", {"new_edits": False, "docs": docs})
        result = self._ok(status, body)
        failed = [r for r in result if isinstance(r, dict) and r.get("error")] if result else []
        if failed:
            raise SyncError(
                HUB_ERROR,
                _(
                    "The hub refused {n} of the records sent ({why}); nothing local was lost."
                ).format(n=len(failed), why=str(failed[0].get("error", ""))[:40]),
            )

    def changes(self, since: Any, limit: int) -> dict[str, Any]:
        """One batch of the changes feed after ``since`` (every leaf revision of each doc)."""
        params = {"style": "all_docs", "limit": str(limit)}
        if since not in (None, "", 0):
            params["since"] = since if isinstance(since, str) else json.dumps(since)
        status, body = self._request("GET", "/_changes?" + urllib.parse.urlencode(params))
        return self._object(status, body)

    def fetch(self, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The winning revision of each document that exists, with its ``_conflicts``."""
        if not doc_ids:
            return {}
        status, body = self._request(
            "POST", "/_all_docs?include_docs=true&conflicts=true", {"keys": doc_ids}
        )
        rows = self._object(status, body).get("rows") or []
        return {r["id"]: r["doc"] for r in rows if isinstance(r.get("doc"), dict)}

    # -- plumbing ------------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            a = self.address
            if a.scheme == "https":
                context = ssl.create_default_context(cafile=self._ca_file or None)
                self._conn = http.client.HTTPSConnection(
                    a.host, a.port, timeout=self._timeout, context=context
                )
            else:
                self._conn = http.client.HTTPConnection(a.host, a.port, timeout=self._timeout)
        return self._conn

    def _request(self, method: str, path: str, payload: Any = None) -> tuple[int, bytes]:
        """(status, body) of one request; a kept-alive connection the server dropped is
        reopened once."""
        headers = {"Accept": "application/json"}
        if self._auth:
            headers["Authorization"] = self._auth
        data = None
        if payload is not None:
            data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        target = "/" + _quote(self.address.database) + path
        for attempt in (1, 2):
            try:
                conn = self._connection()
                conn.request(method, target, body=data, headers=headers)
                response = conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise self._down() from None
            except ssl.SSLError:
                self.close()
                raise SyncError(
                    TLS,
                    _(
                        "The hub {hub} did not prove who it is (its certificate is not trusted "
                        "here). Nothing was sent; give the clinic's CA file in the settings."
                    ).format(hub=self.display),
                ) from None
            except (OSError, http.client.HTTPException):
                self.close()
                raise self._down() from None
        raise self._down()  # pragma: no cover - the loop returns or raises

    def _down(self) -> SyncError:
        return SyncError(
            UNREACHABLE,
            _(
                "The hub {hub} cannot be reached (no network, or the server is down). Nothing "
                "was lost: the records stay on this computer and sync next time."
            ).format(hub=self.display),
        )

    def _object(self, status: int, body: bytes) -> dict[str, Any]:
        parsed = self._ok(status, body)
        if not isinstance(parsed, dict):
            raise SyncError(
                NOT_A_HUB,
                _("{hub} does not answer like a CouchDB hub; check the address.").format(
                    hub=self.display
                ),
            )
        return parsed

    def _ok(self, status: int, body: bytes) -> Any:
        if status in (401, 403):
            raise SyncError(
                CREDENTIALS,
                _(
                    "The hub {hub} did not accept the user name and password. Nothing was sent; "
                    "check them in the settings or WAYPOINT_SYNC_USER / WAYPOINT_SYNC_PASSWORD."
                ).format(hub=self.display),
            )
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            parsed = None
        if status >= 300 or parsed is None:
            if parsed is None and status < 500:
                raise SyncError(
                    NOT_A_HUB,
                    _("{hub} does not answer like a CouchDB hub; check the address.").format(
                        hub=self.display
                    ),
                )
            raise SyncError(
                HUB_ERROR,
                _("The hub {hub} had a problem (HTTP {status}); nothing local was lost.").format(
                    hub=self.display, status=status
                ),
            )
        return parsed
