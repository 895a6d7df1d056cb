"""The facts the store keeps between clinic reports (digests.json): read again only what changed,
sealed like the records, never outliving a deleted patient, and a cache that can always go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.waypoint.clinical.test_measures import decedents, early_cohort
from waypoint.content.bundle import Content, load_content
from waypoint.resources import resource
from waypoint.services.measures import clinic_report
from waypoint.storage.kinds import DIGESTS
from waypoint.storage.store import Store

AS_OF = dt.date(2026, 6, 30)
FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}  # tests only


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(resource("content"))


def _figures(store: Store, content: Content) -> dict[str, tuple[int, int]]:
    report = clinic_report(store, content, AS_OF)
    return {r.key: (r.numerator, r.denominator) for r in report.results}


def _counting_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = store._read_tables

    def counted(patient_id: str, create: bool = False):  # type: ignore[no-untyped-def]
        reads.append(patient_id)
        return real(patient_id, create)

    monkeypatch.setattr(store, "_read_tables", counted)
    return reads


def test_a_second_report_reads_only_the_records_saved_since(
    data_dir: Path, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir) as store:
        for record in early_cohort() + decedents():
            store.save(record, actor="test")
        reads = _counting_reads(store, monkeypatch)
        first = _figures(store, content)
        assert len(reads) == len(store)
        reads.clear()
        assert _figures(store, content) == first
        assert reads == []
        record = store.load("P3")
        record.conversations[0].transition.code_status.cpr = "attempt"
        store.save(record, actor="test")
        reads.clear()
        after = _figures(store, content)
        assert reads == ["P3"]
        assert after["code_status_documented"] == (first["code_status_documented"][0] + 1, 11)


def test_kept_facts_are_sealed_and_checked_like_records(data_dir: Path, content: Content) -> None:
    with Store.open(data_dir) as store:
        for record in early_cohort():
            store.save(record, actor="test")
        plain = _figures(store, content)
        assert (data_dir / DIGESTS).read_bytes().startswith(b"WPS1 ")
        store.set_passphrase("correct horse", kdf=FAST)
    raw = (data_dir / DIGESTS).read_bytes()
    assert raw.startswith(b"WPE1") and b'"P1"' not in raw and b"attempt" not in raw
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert _figures(store, content) == plain
        assert store.check() == []


def test_a_deleted_patient_leaves_the_kept_facts(data_dir: Path, content: Content) -> None:
    with Store.open(data_dir) as store:
        for record in decedents():
            store.save(record, actor="test")
        assert _figures(store, content)["goc_before_death"] == (2, 4)
        assert b'"D1"' in (data_dir / DIGESTS).read_bytes()
        store.delete("D1", actor="test")
        assert _figures(store, content)["goc_before_death"] == (1, 3)
        assert b'"D1"' not in (data_dir / DIGESTS).read_bytes()


def test_damaged_or_missing_kept_facts_are_made_again(data_dir: Path, content: Content) -> None:
    with Store.open(data_dir) as store:
        for record in early_cohort():
            store.save(record, actor="test")
        expected = _figures(store, content)
        (data_dir / DIGESTS).write_bytes(b"WPS1 0000\n{not json")
        assert _figures(store, content) == expected
        (data_dir / DIGESTS).unlink()
        assert _figures(store, content) == expected
        assert (data_dir / DIGESTS).is_file()


def test_a_read_only_store_writes_nothing(data_dir: Path, content: Content) -> None:
    with Store.open(data_dir) as store:
        for record in early_cohort():
            store.save(record, actor="test")
    with Store.open(data_dir, read_only=True) as store:
        assert _figures(store, content)["goc_within_8_weeks"] == (2, 6)
    assert not (data_dir / DIGESTS).exists()


def test_an_unreadable_record_is_counted_as_unreadable(data_dir: Path, content: Content) -> None:
    with Store.open(data_dir) as store:
        for record in decedents():
            store.save(record, actor="test")
        (data_dir / "patients" / "D1.json").write_bytes(b"WPS1 0000\nnot a record")
        report = clinic_report(store, content, AS_OF)
        assert report.unreadable == 1
        figures = {r.key: (r.numerator, r.denominator) for r in report.results}
        assert figures["goc_before_death"] == (1, 3)


def test_kept_facts_that_cannot_be_written_are_not_left_stale(
    data_dir: Path, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir) as store:
        for record in early_cohort():
            store.save(record, actor="test")
        expected = _figures(store, content)
        assert (data_dir / DIGESTS).is_file()
        record = store.load("P3")
        record.conversations[0].transition.code_status.cpr = "attempt"
        store.save(record, actor="test")

        def full_disk(path: Path, payload: bytes) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("waypoint.storage.scan.write_atomic", full_disk)
        after = _figures(store, content)
        assert after["code_status_documented"][0] == expected["code_status_documented"][0] + 1
        assert not (data_dir / DIGESTS).exists()
