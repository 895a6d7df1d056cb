"""The command line, run as the clinic's IT would: real processes, real files."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tests.helpers import run_main

ROOT = Path(__file__).resolve().parent.parent


run = run_main


def write_sample(tmp_path: Path) -> Path:
    result = run("sample-record", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "r.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("Waypoint ")


def test_sample_record_is_valid_json_with_every_section(tmp_path: Path) -> None:
    data = json.loads(run("sample-record", cwd=tmp_path).stdout)
    conversation = data["conversations"][0]
    assert {"prognosis", "goals", "plan", "transition", "treatment_options"} <= set(conversation)


def test_import_export_check_round_trip(tmp_path: Path) -> None:
    record = write_sample(tmp_path)
    store = tmp_path / "store"
    imported = run("import", str(record), "--data-dir", str(store), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    patient_id = imported.stdout.strip()
    assert patient_id == "P-SAMPLE0001"
    out = tmp_path / "back.json"
    exported = run("export", patient_id, "--out", str(out), "--data-dir", str(store), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text()) == json.loads(record.read_text())
    every = tmp_path / "all.json"
    assert (
        run(
            "export", "--all", "--out", str(every), "--data-dir", str(store), cwd=tmp_path
        ).returncode
        == 0
    )
    assert [r["patient"]["id"] for r in json.loads(every.read_text())["records"]] == [patient_id]
    checked = run("check", "--data-dir", str(store), cwd=tmp_path)
    assert checked.returncode == 0 and "sound" in checked.stdout


def test_data_dir_from_environment(tmp_path: Path) -> None:
    record = write_sample(tmp_path)
    store = tmp_path / "env-store"
    result = run("import", str(record), cwd=tmp_path, env_extra={"WAYPOINT_DATA_DIR": str(store)})
    assert result.returncode == 0, result.stderr
    assert (store / "patients" / "P-SAMPLE0001.json").exists()


def test_invalid_import_exits_2_names_the_field_and_writes_nothing(tmp_path: Path) -> None:
    record = write_sample(tmp_path)
    data = json.loads(record.read_text())
    data["conversations"][0]["acp_minutes"] = -5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    store = tmp_path / "store"
    result = run("import", str(bad), "--data-dir", str(store), cwd=tmp_path)
    assert result.returncode == 2
    assert "acp_minutes" in result.stderr and "-5" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not store.exists()


def test_import_of_broken_or_missing_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    for name in ("broken.json", "missing.json"):
        result = run("import", name, "--data-dir", str(tmp_path / "s"), cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert name in result.stderr


def test_export_unknown_patient_and_bad_arguments(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    result = run("export", "P-NOPE", "--out", "x.json", "--data-dir", store, cwd=tmp_path)
    assert result.returncode == 1 and "No patient" in result.stderr
    assert not (tmp_path / "x.json").exists()
    result = run("export", "--out", "x.json", "--data-dir", store, cwd=tmp_path)
    assert result.returncode == 2


def test_render_writes_a_careplan_pdf(tmp_path: Path) -> None:
    record = write_sample(tmp_path)
    result = run("render", str(record), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = PdfReader(tmp_path / "out" / "careplan.pdf").pages[0].extract_text()
    assert "Rosa María Delgado Núñez" in text


def test_render_of_the_longest_answers_writes_all_four_documents(tmp_path: Path) -> None:
    # 20,000 characters is what the record format accepts; 3,800 once broke the care plan.
    record = write_sample(tmp_path)
    data = json.loads(record.read_text(encoding="utf-8"))
    words = "Quiero estar en casa, señora Núñez; Дмитрий и Αλέξης a<b & c. "
    answer = (words * 400)[:19_990] + " LastWords"
    data["conversations"][0]["goals"]["goals"] = answer
    record.write_text(json.dumps(data), encoding="utf-8")
    result = run("render", str(record), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "careplan.pdf",
        "handout.pdf",
        "letter.pdf",
        "note.txt",
    ]
    careplan = "".join(p.extract_text() for p in PdfReader(out / "careplan.pdf").pages)
    assert "LastWords" in careplan
    assert "LastWords" in (out / "note.txt").read_text(encoding="utf-8")


def test_check_reports_damage(tmp_path: Path) -> None:
    record = write_sample(tmp_path)
    store = tmp_path / "store"
    run("import", str(record), "--data-dir", str(store), cwd=tmp_path)
    (store / "patients" / "P-SAMPLE0001.json").write_bytes(b"{")
    result = run("check", "--data-dir", str(store), cwd=tmp_path)
    assert result.returncode == 1 and "P-SAMPLE0001" in result.stdout


def test_importing_a_file_again_never_makes_a_second_patient(tmp_path: Path) -> None:
    data = json.loads(write_sample(tmp_path).read_text())
    data["patient"]["id"] = ""  # a file from another system: the store gives the id
    record = tmp_path / "no-id.json"
    record.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store"
    first = run("import", str(record), "--data-dir", str(store), cwd=tmp_path)
    assert first.returncode == 0 and first.stderr == ""
    for _retry in range(3):
        again = run("import", str(record), "--data-dir", str(store), cwd=tmp_path)
        assert again.returncode == 0 and again.stdout == first.stdout
        assert "Already saved" in again.stderr and first.stdout.strip() not in again.stderr
    assert len(list((store / "patients").glob("*.json"))) == 1


def test_settings_set_and_show_then_render_uses_the_store(tmp_path: Path) -> None:
    data = tmp_path / "store"
    for key, value in (
        ("clinic_name", "Pine Ridge Cancer Clinic"),
        ("clinic_phone", "(555) 201-5000"),
        ("clinicians", "Dr. A; Dr. B"),
    ):
        result = run("settings", "set", key, value, "--data-dir", str(data), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    shown = run("settings", "show", "--data-dir", str(data), cwd=tmp_path)
    assert "clinic_phone = (555) 201-5000" in shown.stdout
    assert "clinicians = Dr. A; Dr. B" in shown.stdout
    record = write_sample(tmp_path)
    out = tmp_path / "out"
    result = run("render", str(record), "--out", str(out), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out / "careplan.pdf")
    assert "Phone (555) 201-5000" in reader.pages[0].extract_text()
    # Without a store the documents carry no clinic (as before).
    plain = run("render", str(record), "--out", str(tmp_path / "plain"), cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert (
        "(555) 201-5000"
        not in PdfReader(tmp_path / "plain" / "careplan.pdf").pages[0].extract_text()
    )


def test_settings_set_refuses_unknown_keys_and_bad_values(tmp_path: Path) -> None:
    data = tmp_path / "store"
    unknown = run("settings", "set", "phone", "1", "--data-dir", str(data), cwd=tmp_path)
    assert unknown.returncode == 2 and "clinic_phone" in unknown.stderr
    bad = run("settings", "set", "paper_size", "a5", "--data-dir", str(data), cwd=tmp_path)
    assert bad.returncode == 2 and "letter" in bad.stderr and "Traceback" not in bad.stderr
    assert not (data / "settings.json").exists()


def test_render_uses_the_stores_installed_content(tmp_path: Path) -> None:
    from tests.test_content_updates import make_update

    data = tmp_path / "store"
    data.mkdir()
    update = make_update(tmp_path, "9999.1")
    rules = update / "rules.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            'title = "Severe symptoms on the latest ESAS-r"',
            'title = "Severe symptoms (clinic wording)"',
        ),
        encoding="utf-8",
    )
    installed = run("content", "install", str(update), "--data-dir", str(data), cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    record = write_sample(tmp_path)
    out = tmp_path / "out"
    result = run("render", str(record), "--out", str(out), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(out / "careplan.pdf").pages)
    assert "Severe symptoms (clinic wording)" in " ".join(text.split())
