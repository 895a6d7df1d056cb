"""Shipped content is valid and fully sourced; broken content is refused with a clear message."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from waypoint.content.bundle import ContentError, load_content, shipped_content
from waypoint.record.model import SECTIONS
from waypoint.resources import resource

CONTENT = resource("content")
REQUIRED_REFERENCES = (
    "asco2011",
    "temel2024",
    "morita1999",
    "kiely2011",
    "temel2010",
    "asco2017",
    "choosingwisely2012",
    "fda_cds",
    "esas_r",
    "fact_l",
    "polst",
)


def test_shipped_content_loads() -> None:
    content = load_content(CONTENT)
    assert content.rules and content.sections and content.calculators.ppi_bands


def test_required_references_have_full_citations() -> None:
    refs = shipped_content().references
    for ref_id in REQUIRED_REFERENCES:
        assert ref_id in refs, ref_id
        assert len(refs[ref_id].citation) > 60, ref_id


def _sources_anywhere(node: Any, where: str) -> Iterator[tuple[str, list[str]]]:
    if isinstance(node, dict):
        if "sources" in node:
            yield where, node["sources"]
        for key, value in node.items():
            yield from _sources_anywhere(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _sources_anywhere(value, f"{where}[{i}]")


def test_no_dangling_or_missing_reference_anywhere_in_content() -> None:
    refs = shipped_content().references
    cited: set[str] = set()
    for path in sorted(CONTENT.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, sources in _sources_anywhere(data, path.name):
            assert sources, f"{where} has no sources"
            missing = [s for s in sources if s not in refs]
            assert not missing, f"{where} cites {missing}, not in references.toml"
            cited.update(sources)
    # every entry that carries wording a clinician acts on carries sources
    content = shipped_content()
    assert all(s.sources for s in content.sections.values())
    assert all(r.sources for r in content.rules.values())
    assert set(REQUIRED_REFERENCES) - {"fda_cds"} <= cited


def test_every_conversation_element_has_content() -> None:
    sections = shipped_content().sections
    for section_id in (*SECTIONS, "setup", "plan"):
        section = sections[section_id]
        assert section.title and section.prompts and section.talking_points, section_id
        assert section.why and section.sources and section.record, section_id


def test_prognosis_section_says_where_the_ppi_comes_from() -> None:
    prognosis = shipped_content().sections["prognosis"]
    assert any("inpatient palliative care" in p for p in prognosis.talking_points)
    assert "morita1999" in prognosis.sources


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped content to break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    (
        "rules.toml",
        'sources = ["polst"]',
        'sources = ["polst", "nobody2020"]',
        "rule.code_status_conflict",
        "source nobody2020 is not in references.toml",
    ),
    (
        "rules.toml",
        'sources = ["polst"]',
        "sources = []",
        "rule.code_status_conflict",
        "sources must name at least one reference",
    ),
    (
        "rules.toml",
        "drop_points = 10",
        "drop_points = -10",
        "rule.conversation_due_fact_l_drop.thresholds",
        "drop_points must be a number of 0 or more",
    ),
    (
        "rules.toml",
        "weeks = 8",
        "wekes = 8",
        "rule.palliative_referral.thresholds",
        "weeks must be a number",
    ),
    (
        "rules.toml",
        'severity = "discuss"',
        'severity = "urgent"',
        "rule.conversation_due_new_diagnosis",
        "severity is urgent; allowed: info, consider, discuss",
    ),
    (
        "rules.toml",
        "{diagnosis_date}.",
        "{diagnosis_day}.",
        "rule.conversation_due_new_diagnosis.data",
        "diagnosis uses {diagnosis_day}",
    ),
    (
        "rules.toml",
        "{event} recorded",
        "{event recorded",
        "rule.conversation_due_event.data",
        "event: unbalanced braces",
    ),
    (
        "rules.toml",
        "[rule.acp_billing]",
        "[rule.acp_billing_x]",
        "rule.acp_billing_x",
        "Waypoint has no rule with this id",
    ),
    (
        "rules.toml",
        'no_response = ["progression"]',
        'no_response = ["worse"]',
        "rule.therapy_stop_no_response.codes",
        "no_response has worse",
    ),
    (
        "rules.toml",
        'title = "Code status and treatment level do not match"\n',
        "",
        "rule.code_status_conflict",
        "title is missing or empty",
    ),
    (
        "rules.toml",
        'title = "Code status',
        'titel = "Code status',
        "rule.code_status_conflict",
        "unknown key titel",
    ),
    (
        "rules.toml",
        "[rule.code_status_conflict]\n",
        "[rule.code_status_conflict]\nmood = 1\n",
        "rule.code_status_conflict",
        "unknown key mood",
    ),
    (
        "conversation.toml",
        'sources = ["asco2011", "asco2017", "asco2024", "polst", "hospice_cfr"]',
        'sources = ["polst", "x1"]',
        "section.transition",
        "source x1 is not in references.toml",
    ),
    ("calculators.toml", "above = 6.0", "above = 3.0", "ppi.band", "bands go from the highest"),
    (
        "calculators.toml",
        "moderate_from = 4",
        "moderate_from = 8",
        "esas",
        "bands must rise within 1 to 10",
    ),
    (
        "calculators.toml",
        "than {best}.",
        "than {bestest}.",
        "scenarios.sentences",
        "best may only use",
    ),
    (
        "calculators.toml",
        "best = 3.0",
        "best = 1.0",
        "scenarios",
        "multiples must rise from worst to best",
    ),
    ("references.toml", 'id = "temel2010"', 'id = "asco2011"', "asco2011", "the id is used twice"),
    (
        "references.toml",
        'id = "cms_acp"',
        'id = "cms_apc"',
        "rule.acp_billing",
        "source cms_acp is not in references.toml",
    ),
    ("rules.toml", "[rule.option_incomplete]", "[rule.option_incomplete\n", "-", "not valid TOML"),
]


@pytest.mark.parametrize(("name", "old", "new", "entry", "problem"), BROKEN)
def test_broken_content_names_file_entry_and_problem(
    folder: Path, name: str, old: str, new: str, entry: str, problem: str
) -> None:
    _edit(folder, name, old, new)
    with pytest.raises(ContentError) as info:
        load_content(folder)
    expected_file = "rules.toml" if entry.startswith("rule.") else name
    assert info.value.file == expected_file
    assert info.value.entry == entry
    assert problem in info.value.problem
    assert str(info.value).startswith(f"Content file {expected_file}, entry {entry}: ")


def test_missing_rule_is_refused(folder: Path) -> None:
    path = folder / "rules.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[rule.code_status_conflict]")
    end = text.index("[rule.trial_not_discussed]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(
        ContentError, match=re.escape("rule.code_status_conflict: the rule is missing")
    ):
        load_content(folder)


def test_missing_calculators_file_is_refused(folder: Path) -> None:
    (folder / "calculators.toml").unlink()
    with pytest.raises(
        ContentError, match=re.escape("calculators.toml, entry -: the file is missing")
    ):
        load_content(folder)


def test_clinic_edited_threshold_changes_the_rule(folder: Path) -> None:
    """A clinic that prefers a 12-week reminder edits one number; the rule follows it."""
    from tests.waypoint.clinical.rules.build import TODAY, day, record
    from waypoint.clinical.rules import evaluate

    _edit(folder, "rules.toml", "weeks = 8", "weeks = 12")
    edited = load_content(folder)
    rec = record(advanced_diagnosis_date=day(-60))
    assert "palliative_referral" in [c.id for c in evaluate(rec, TODAY, content=shipped_content())]
    found = [c for c in evaluate(rec, TODAY, edited) if c.id == "palliative_referral"]
    assert found == []
    rec.patient.advanced_diagnosis_date = day(-84)
    found = [c for c in evaluate(rec, TODAY, edited) if c.id == "palliative_referral"]
    assert found and "12 weeks" in found[0].title


def test_docs_list_every_rule_and_the_names_it_fills_in() -> None:
    from waypoint.content.rules import SHAPES

    docs = (resource("content").parent / "docs" / "content.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line for line in docs.splitlines() if line.startswith("| `")
    }
    for rule_id, shape in SHAPES.items():
        assert rule_id in rows, f"docs/content.md does not list rule {rule_id}"
        for name in (*shape.thresholds, *shape.data, *(f"{{{f}}}" for f in shape.fields)):
            assert f"`{name}`" in rows[rule_id], f"docs/content.md: {rule_id} lacks {name}"
