"""Content updates: a newer, valid folder is installed and used; an invalid one is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import main as cli
from waypoint.content.bundle import load_content
from waypoint.resources import resource
from waypoint.services import content_updates
from waypoint.services.content_updates import (
    ContentUpdateError,
    choose_content,
    install_update,
    parse_version,
    updates_root,
)

SHIPPED = resource("content")


def make_update(tmp_path: Path, version: str, name: str = "update") -> Path:
    """A copy of the shipped content with another version number."""
    folder = tmp_path / name
    shutil.copytree(SHIPPED, folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    shipped_version = load_content(SHIPPED).version
    manifest.write_text(
        text.replace(f'version = "{shipped_version}"', f'version = "{version}"'), encoding="utf-8"
    )
    return folder


def break_references(folder: Path) -> None:
    (folder / "references.toml").write_text("[[reference]]\nid = 'x'\ncitation = \n")


def leftovers(data_dir: Path) -> list[str]:
    root = updates_root(data_dir)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_without_updates_the_shipped_content_is_used(data_dir: Path) -> None:
    choice = choose_content(data_dir)
    assert not choice.from_update and choice.refused == ()
    assert choice.content.folder == SHIPPED


def test_a_newer_valid_update_is_installed_and_used(tmp_path: Path, data_dir: Path) -> None:
    target = install_update(make_update(tmp_path, "9999.1"), data_dir)
    assert target == updates_root(data_dir) / "9999.1"
    assert leftovers(data_dir) == ["9999.1"]  # no staging folder left behind
    choice = choose_content(data_dir)
    assert choice.from_update and choice.content.version == "9999.1"
    assert choice.content.folder == target


def test_the_newest_installed_update_wins(tmp_path: Path, data_dir: Path) -> None:
    install_update(make_update(tmp_path, "9999.2", "a"), data_dir)
    install_update(make_update(tmp_path, "9999.10", "b"), data_dir)
    assert choose_content(data_dir).content.version == "9999.10"


def test_an_invalid_update_is_refused_and_nothing_installed(tmp_path: Path, data_dir: Path) -> None:
    update = make_update(tmp_path, "9999.1")
    break_references(update)
    with pytest.raises(ContentUpdateError, match=r"references\.toml"):
        install_update(update, data_dir)
    assert leftovers(data_dir) == []
    assert not choose_content(data_dir).from_update


@pytest.mark.parametrize(
    ("version", "problem"),
    [("2000.1", "not newer"), ("v9999", "numbers separated by dots")],
)
def test_an_old_or_oddly_numbered_update_is_refused(
    tmp_path: Path, data_dir: Path, version: str, problem: str
) -> None:
    with pytest.raises(ContentUpdateError, match=problem):
        install_update(make_update(tmp_path, version), data_dir)
    assert leftovers(data_dir) == []


def test_an_incomplete_folder_is_refused(tmp_path: Path, data_dir: Path) -> None:
    update = make_update(tmp_path, "9999.1")
    (update / "labels.toml").unlink()
    with pytest.raises(ContentUpdateError, match=r"missing labels\.toml"):
        install_update(update, data_dir)


def test_broken_handout_wording_is_refused(tmp_path: Path, data_dir: Path) -> None:
    update = make_update(tmp_path, "9999.1")
    (update / "handout" / "es.toml").write_text("not = [valid toml\n", encoding="utf-8")
    with pytest.raises(ContentUpdateError, match=r"handout/es\.toml"):
        install_update(update, data_dir)
    assert leftovers(data_dir) == []


def _printing_fails_for(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents stop printing from content ``version`` (as when templates and content disagree)."""
    import waypoint.documents.bundle as documents

    real = documents.render_documents

    def render(*args: object, content: object, **kwargs: object) -> dict[str, bytes]:
        if getattr(content, "version", "") == version:
            raise KeyError("closing")
        return real(*args, content=content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "render_documents", render)


def test_an_update_that_cannot_print_every_document_is_not_installed(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _printing_fails_for("9999.1", monkeypatch)
    with pytest.raises(ContentUpdateError, match=r"cannot be printed.*KeyError"):
        install_update(make_update(tmp_path, "9999.1"), data_dir)
    assert leftovers(data_dir) == []


def test_each_app_version_prints_from_an_installed_update_once_before_using_it(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = install_update(make_update(tmp_path, "9999.1"), data_dir)
    assert choose_content(data_dir).from_update  # checked when installed: not printed again
    # A newer Waypoint whose documents cannot print from that update refuses it at start.
    monkeypatch.setattr(content_updates, "__version__", "99.0")
    _printing_fails_for("9999.1", monkeypatch)
    choice = choose_content(data_dir)
    assert not choice.from_update and choice.content.folder == SHIPPED
    assert "cannot be printed" in choice.refused[0] and str(target) in choice.refused[0]
    assert not (target / ".printed-with-99.0").exists()


def test_installing_the_same_version_twice_is_refused(tmp_path: Path, data_dir: Path) -> None:
    update = make_update(tmp_path, "9999.1")
    install_update(update, data_dir)
    with pytest.raises(ContentUpdateError, match="already installed"):
        install_update(update, data_dir)


def test_a_failed_copy_leaves_nothing_half_installed(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_copy(src: Path, dst: Path) -> None:
        Path(dst).mkdir()
        (Path(dst) / "manifest.toml").write_text("format = 1\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(content_updates.shutil, "copytree", failing_copy)
    with pytest.raises(OSError):
        install_update(make_update(tmp_path, "9999.1"), data_dir)
    assert leftovers(data_dir) == []


def test_a_broken_dropped_in_update_keeps_the_previous_valid_one(
    tmp_path: Path, data_dir: Path
) -> None:
    install_update(make_update(tmp_path, "9999.1"), data_dir)
    # A newer folder copied in by hand, broken on the way.
    broken = make_update(tmp_path, "9999.5", "broken")
    break_references(broken)
    shutil.copytree(broken, updates_root(data_dir) / "9999.5")
    choice = choose_content(data_dir)
    assert choice.content.version == "9999.1"
    assert len(choice.refused) == 1
    assert "9999.5" in choice.refused[0] and "references.toml" in choice.refused[0]


def test_parse_version_orders_numerically() -> None:
    assert parse_version("2026.10.1") > parse_version("2026.9.30")
    with pytest.raises(ContentUpdateError):
        parse_version("2026.1-beta")


def test_cli_install_and_status(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    update = make_update(tmp_path, "9999.1")
    assert cli.main(["content", "install", str(update), "--data-dir", str(data_dir)]) == 0
    assert "Installed content" in capsys.readouterr().out
    assert cli.main(["content", "status", "--data-dir", str(data_dir)]) == 0
    assert "9999.1 (installed update)" in capsys.readouterr().out


def test_cli_refuses_an_invalid_folder_in_one_line(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    update = make_update(tmp_path, "9999.1")
    break_references(update)
    assert cli.main(["content", "install", str(update), "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("waypoint: content not installed:") and err.count("\n") == 1
    assert "references.toml" in err and "Traceback" not in err
    assert cli.main(["content", "install", str(tmp_path / "nope"), "--data-dir", str(data_dir)])
    assert "is not a folder" in capsys.readouterr().err


def test_the_app_tells_the_user_and_keeps_the_shipped_content(
    qtbot, qsettings_isolated, tmp_path: Path, data_dir: Path
) -> None:
    from gui.app import build_main_window, create_application
    from tests.helpers import ScriptedAsk

    create_application()
    broken = make_update(tmp_path, "9999.1")
    break_references(broken)
    shutil.copytree(broken, updates_root(data_dir) / "9999.1")
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)
    assert window is not None
    qtbot.addWidget(window)
    assert window.content.folder == SHIPPED
    (warning,) = ask.warnings()
    assert "was not used" in warning and "references.toml" in warning
    shipped_version = load_content(SHIPPED).version
    assert window.content_label.text() == f"Content {shipped_version}"  # always in view
    window.store.close()


def test_the_app_shows_the_installed_update_it_runs_on(
    qtbot, qsettings_isolated, tmp_path: Path, data_dir: Path
) -> None:
    from gui.app import build_main_window, create_application
    from tests.helpers import ScriptedAsk

    create_application()
    install_update(make_update(tmp_path, "9999.1"), data_dir)
    window = build_main_window(data_dir, ScriptedAsk())
    assert window is not None
    qtbot.addWidget(window)
    assert window.content_label.text() == "Content 9999.1"
    assert window.content_label.toolTip() == str(updates_root(data_dir) / "9999.1")
    window.store.close()
