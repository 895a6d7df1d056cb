"""``main.py self-test``: passes on a sound installation, names what failed otherwise."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import waypoint.documents.bundle as bundle
from waypoint.content.bundle import shipped_content
from waypoint.services import selftest
from waypoint.services.selftest import check_document, pdf_page_count, run_self_test

ROOT = Path(__file__).resolve().parent.parent


def test_self_test_passes_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(**kwargs: str) -> str:
        path = real_mkdtemp(dir=tmp_path, **kwargs)
        made.append(Path(path))
        return path

    monkeypatch.setattr(selftest.tempfile, "mkdtemp", recording_mkdtemp)
    assert selftest.main() == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Self-test passed") and "\n" not in line
    assert made and not made[0].exists()


def test_every_document_in_both_languages_is_checked() -> None:
    from waypoint.record.sample import sample_record

    expected = sum(
        len(bundle.render_documents(sample_record(), lang=lang, content=shipped_content()))
        for lang in bundle.LANGUAGES
    )
    result = run_self_test()
    assert result.ok, result.failures
    assert result.documents == expected >= 2
    assert result.pages >= result.documents


def test_a_broken_document_fails_and_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = bundle.render_documents

    def truncating(*args: object, **kwargs: object) -> dict[str, bytes]:
        docs = real(*args, **kwargs)  # type: ignore[arg-type]
        docs["careplan.pdf"] = docs["careplan.pdf"][:2000]
        return docs

    monkeypatch.setattr(bundle, "render_documents", truncating)
    assert selftest.main() == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith("Self-test FAILED")
    assert "check careplan.pdf (en)" in line and "end-of-file" in line


def test_a_renderer_crash_fails_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crashing(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise KeyError("Zoë")  # record text must not be echoed

    monkeypatch.setattr(bundle, "render_documents", crashing)
    assert selftest.main() == 1
    out = capsys.readouterr().out
    assert "render documents (es) (KeyError)" in out
    assert "Zoë" not in out and "Traceback" not in out


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"hello" * 400, "%PDF-"),
        (b"%PDF-1.4\n" + b"x" * 2000, "end-of-file"),
        (b"%PDF-1.4\n%%EOF", "too small"),
        (b"%PDF-1.4\n/Type /Pages\n" + b" " * 2000 + b"%%EOF", "no pages"),
    ],
)
def test_pdf_checks_reject_broken_files(data: bytes, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        check_document("x.pdf", data)


def test_page_objects_are_counted_not_the_page_tree() -> None:
    body = b"%PDF-1.4\n<< /Type /Pages /Count 2 >>\n<< /Type /Page >>\n<</Type/Page>>\n"
    assert pdf_page_count(body + b" " * 1000 + b"%%EOF\n") == 2


def test_cli_self_test_in_a_fresh_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Self-test passed") and done.stdout.count("\n") == 1
