"""`main.py render` says on stderr what the printed handout lacks."""

from __future__ import annotations

from waypoint.record.sample import sample_record


def test_render_warns_on_stderr_when_the_handout_has_no_number(
    tmp_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import json

    from main import main
    from waypoint.record.model import record_to_json

    source = tmp_path / "record.json"
    source.write_text(json.dumps(record_to_json(sample_record())), encoding="utf-8")
    monkeypatch.delenv("WAYPOINT_DATA_DIR", raising=False)
    assert main(["render", str(source), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "missing the clinic's phone number and the after-hours phone number" in err
    assert "blank line" in err and "Clinic settings" in err
    assert "Rosa" not in err
