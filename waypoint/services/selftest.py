"""``main.py self-test``: prove that this installation works, without a display or the network.

The packaging script runs it against the frozen bundle, and a clinic's IT person can run it after
installing. It opens a store in a temporary folder, saves and re-reads the sample record, renders
every document in every language and checks each one, then removes the folder. Nothing is written
anywhere else; the sample patient is fictional, so no PHI is involved.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from waypoint.content.bundle import Content
from waypoint.i18n import _

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_MIN_PDF_BYTES = 1000


@dataclass
class SelfTestResult:
    """What the self-test checked, and what failed (empty when all is well)."""

    checks: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return not self.failures

    def summary(self) -> str:
        """One line for the person who ran it."""
        if self.ok:
            return _(
                "Self-test passed: {checks} checks, {docs} documents ({pages} pages) "
                "in {seconds:.1f} s."
            ).format(
                checks=len(self.checks),
                docs=self.documents,
                pages=self.pages,
                seconds=self.seconds,
            )
        return _("Self-test FAILED: {what}").format(what="; ".join(self.failures))


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF, from its uncompressed page objects; raises ValueError if not a PDF.

    A light check that needs no PDF library: the header, the end-of-file marker and at least
    one page object. ReportLab writes page dictionaries uncompressed, so they can be counted.
    """
    if not data.startswith(b"%PDF-"):
        raise ValueError(_("does not start with %PDF-"))
    if b"%%EOF" not in data[-1024:]:
        raise ValueError(_("has no end-of-file marker (truncated?)"))
    if len(data) < _MIN_PDF_BYTES:
        raise ValueError(_("is too small ({n} bytes)").format(n=len(data)))
    pages = len(_PAGE.findall(data))
    if pages < 1:
        raise ValueError(_("has no pages"))
    return pages


def check_document(name: str, data: bytes) -> int:
    """Check one rendered document by its kind; returns its page count (0 for non-PDF)."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise ValueError(_("is empty"))
    if name.lower().endswith(".pdf"):
        return pdf_page_count(bytes(data))
    data.decode("utf-8")  # text documents must at least be readable text
    return 0


def _step(result: SelfTestResult, what: str, action: Callable[[], object]) -> object:
    """Run one check, recording it; a failure is recorded by name, never raised."""
    try:
        value = action()
    except Exception as exc:  # every failure must become a named line, never a traceback
        # Only the exception type and our own message: nothing from a record is echoed.
        detail = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
        result.failures.append(f"{what} ({detail})")
        return None
    result.checks.append(what)
    return value


def _check_store(result: SelfTestResult, root: Path) -> object:
    """Save the sample record in a fresh store and read it back; returns the record read."""
    from waypoint.record.model import record_to_json
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store

    record = _step(result, _("load the sample record"), sample_record)
    if record is None:
        return None

    def round_trip() -> object:
        with Store.open(root / "store") as store:
            patient_id = store.save(record)  # type: ignore[arg-type]
        with Store.open(root / "store") as store:
            again = store.load(patient_id)
            if record_to_json(again) != record_to_json(record):  # type: ignore[arg-type]
                raise ValueError(_("the record read back differs from the one saved"))
            problems = store.check()
            if problems:
                raise ValueError(_("the store check found {n} problem(s)").format(n=len(problems)))
        return again

    return _step(result, _("save and re-read a record"), round_trip)


def _check_documents(result: SelfTestResult, record: object, content: Content) -> None:
    """Render every document from ``content`` in every language and check each one."""
    from waypoint.documents.bundle import LANGUAGES, render_documents

    for lang in LANGUAGES:
        rendered = _step(
            result,
            _("render documents ({lang})").format(lang=lang),
            partial(render_documents, record, lang=lang, content=content),  # type: ignore[arg-type]
        )
        if not isinstance(rendered, dict):
            continue
        if not rendered:
            result.failures.append(_("render documents ({lang}): none").format(lang=lang))
        for name, data in rendered.items():
            pages = _step(
                result,
                _("check {name} ({lang})").format(name=name, lang=lang),
                partial(check_document, name, data),
            )
            if isinstance(pages, int):
                result.documents += 1
                result.pages += pages


def _check_content(result: SelfTestResult) -> Content | None:
    from waypoint.content.bundle import load_content
    from waypoint.resources import resource

    content = _step(
        result, _("load the shipped content"), lambda: load_content(resource("content"))
    )
    return content if isinstance(content, Content) else None


def _check_catalogues(result: SelfTestResult) -> None:
    """Every interface language's catalogue loads: a bundle without locale/ fails here."""
    from waypoint.i18n import DEFAULT_LANGUAGE, LANGUAGES, load_translation

    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE:
            what = _("load the interface catalogue ({lang})").format(lang=lang)
            _step(result, what, partial(load_translation, lang))


def run_self_test() -> SelfTestResult:
    """Run every check in a temporary folder that is removed afterwards."""
    started = time.perf_counter()
    result = SelfTestResult()
    _check_catalogues(result)
    content = _check_content(result)
    root = Path(tempfile.mkdtemp(prefix="waypoint-selftest-"))
    try:
        record = _check_store(result, root)
        if record is not None and content is not None:
            _check_documents(result, record, content)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if root.exists():
        result.failures.append(_("remove the temporary folder {path}").format(path=root))
    result.seconds = time.perf_counter() - started
    return result


def main() -> int:
    """Run the self-test, print the one-line summary; 0 when it passed, 1 when not."""
    result = run_self_test()
    print(result.summary())
    return 0 if result.ok else 1
