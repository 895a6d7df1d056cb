"""The care plan shows where the survival scenarios and the PPI come from, and their limits;
an old record holding PPS 0% still prints (issue 13)."""

from __future__ import annotations

from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import careplan_xml
from waypoint.documents.note import render_note
from waypoint.record.sample import sample_record


def test_scenarios_and_ppi_carry_their_caveat_and_full_citation() -> None:
    record = sample_record()
    conversation = record.conversations[-1]
    conversation.prognosis.median_survival_months = 10.0
    conversation.prognosis.pps = 40
    conversation.prognosis.ppi.oral_intake = "normal"
    xml = careplan_xml(record, conversation, content=shipped_content())
    assert "less than 3 months" in xml  # 0.25 x 10 = 2.5 months, rounded half up
    assert "come from patients in randomised trials" in xml  # the scenarios' caveat
    assert "Kiely BE, Soon YY" in xml  # ... and their source in full
    assert "developed in inpatient palliative care" in xml  # the PPI's caveat
    assert "Morita T, Tsunoda J" in xml  # ... and its source in full


def test_an_old_record_with_pps_0_still_prints_without_an_index() -> None:
    record = sample_record()
    conversation = record.conversations[-1]
    conversation.prognosis.pps = 0  # death on the scale: refused by forms today, kept when old
    conversation.prognosis.ppi.oral_intake = "severe"
    xml = careplan_xml(record, conversation, content=shipped_content())
    assert (
        "Palliative Prognostic Index"
        not in xml.split("Survival scenarios")[0].split("Prognosis and information preferences")[-1]
    )
    assert "PPI" not in render_note(record, conversation, content=shipped_content())
