"""``main.py export PATIENT_ID --fhir``, run as the clinic's IT would: a real process, real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_main
from tests.waypoint.interop.fhir_checks import check_profile, parse, resources


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fhir-cli")
    sample = run_main("sample-record", cwd=folder)
    assert sample.returncode == 0, sample.stderr
    (folder / "r.json").write_text(sample.stdout, encoding="utf-8")
    imported = run_main("import", "r.json", "--data-dir", "store", cwd=folder)
    assert imported.returncode == 0, imported.stderr
    return folder / "store"


def test_export_writes_one_valid_bundle(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "ehr.json"
    done = run_main("export", "P-SAMPLE0001", "--fhir", "--out", str(out), "--data-dir", str(store))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and done.stderr == ""
    bundle = parse(out.read_bytes())
    check_profile(bundle)
    assert len(resources(bundle, "Encounter")) == 1
    assert out.stat().st_mode & 0o077 == 0  # protected health information: owner only


def _left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_unknown_patient_is_one_plain_line_and_nothing_written(
    store: Path, tmp_path: Path
) -> None:
    done = run_main(
        "export", "P-NOBODY", "--fhir", "--out", str(tmp_path / "x.json"), "--data-dir", str(store)
    )
    assert done.returncode == 2
    assert done.stderr == "waypoint: No patient with that id in this store.\n"
    assert _left_behind(tmp_path) == []


def test_an_unwritable_target_is_one_plain_line_and_nothing_half_written(
    store: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.json"
    taken.mkdir()  # a folder where the file should go: the final rename fails
    done = run_main(
        "export", "P-SAMPLE0001", "--fhir", "--out", str(taken), "--data-dir", str(store)
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "nothing was saved" in done.stderr
    assert "Traceback" not in done.stderr
    assert _left_behind(tmp_path) == ["taken.json"] and _left_behind(taken) == []
    missing = run_main(
        "export",
        "P-SAMPLE0001",
        "--fhir",
        "--out",
        str(tmp_path / "no-such-folder" / "x.json"),
        "--data-dir",
        str(store),
    )
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_fhir_takes_one_patient(store: Path, tmp_path: Path) -> None:
    done = run_main(
        "export", "--all", "--fhir", "--out", str(tmp_path / "x.json"), "--data-dir", str(store)
    )
    assert done.returncode == 2 and "give a PATIENT_ID" in done.stderr
