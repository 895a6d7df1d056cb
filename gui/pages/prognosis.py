"""Page 2: performance status, the Palliative Prognostic Index, survival scenarios, what was shared."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel

from gui.inputs import OptionalSpin
from gui.pages.base import ConversationPage
from gui.pictures import ScenarioBar
from gui.widgets import choice_box, labelled, set_choice, text_box
from waypoint.i18n import _
from waypoint.record.model import ORAL_INTAKE, Conversation, PalliativeIndexInputs, Prognosis


class PrognosisPage(ConversationPage):
    """Prognosis."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "prognosis.ecog",
            "prognosis.function_based",
            "prognosis.median_survival_months",
            "prognosis.ppi.delirium",
            "prognosis.ppi.dyspnea_at_rest",
            "prognosis.ppi.edema",
            "prognosis.ppi.oral_intake",
            "prognosis.pps",
            "prognosis.reaction",
            "prognosis.shared",
        }
    )

    section_id = "prognosis"
    skippable = "prognosis"

    def build(self) -> None:
        content = self.context.content
        self.ecog = OptionalSpin.for_field(Prognosis, "ecog")
        self.pps = OptionalSpin.for_field(Prognosis, "pps", suffix=" %")
        self.oral_intake = choice_box(_("Oral intake"), content, "oral_intake", ORAL_INTAKE)
        self.edema = QCheckBox(_("Oedema"))
        self.dyspnea = QCheckBox(_("Shortness of breath at rest"))
        self.delirium = QCheckBox(_("Delirium"))
        self.ppi_result = QLabel()
        self.ppi_result.setWordWrap(True)
        self.ppi_result.setObjectName("calculatorResult")
        self.median = QDoubleSpinBox()
        self.median.setAccessibleName(_("Estimated median survival in months"))
        self.median.setRange(0, 240)
        self.median.setDecimals(1)
        self.median.setSingleStep(1)
        self.median.setSpecialValueText(_("— not estimated"))
        self.median.setSuffix(_(" months"))
        self.scenarios = QLabel()
        self.scenarios.setWordWrap(True)
        self.scenario_note = QLabel()
        self.scenario_note.setWordWrap(True)
        self.scenario_note.setObjectName("calculatorNote")
        self.scenario_bar = ScenarioBar()
        self.function_based = text_box(_("Function-based prognosis"), lines=2)
        self.shared = text_box(_("What was shared"), lines=2)
        self.reaction = text_box(_("How the patient took it"), lines=2)
        f = self.form
        f.addRow(labelled(self.ecog, _("&ECOG")), self.ecog)
        self.ecog_on_file = QLabel()
        self.ecog_on_file.setWordWrap(True)
        f.addRow("", self.ecog_on_file)
        f.addRow(labelled(self.pps, _("PP&S")), self.pps)
        f.addRow(labelled(self.oral_intake, _("&Oral intake")), self.oral_intake)
        f.addRow("", self.edema)
        f.addRow("", self.dyspnea)
        f.addRow("", self.delirium)
        f.addRow(_("PPI"), self.ppi_result)
        f.addRow(labelled(self.median, _("&Median survival")), self.median)
        f.addRow("", self.scenarios)
        f.addRow("", self.scenario_note)
        f.addRow("", self.scenario_bar)
        f.addRow(labelled(self.function_based, _("&Function-based")), self.function_based)
        f.addRow(labelled(self.shared, _("What was s&hared")), self.shared)
        f.addRow(labelled(self.reaction, _("How it was &taken")), self.reaction)
        self._check_fields()
        for spin in (self.ecog, self.pps):
            spin.valueChanged.connect(self._on_inputs_changed)
        self.oral_intake.currentIndexChanged.connect(self._on_inputs_changed)
        for box in (self.edema, self.dyspnea, self.delirium):
            box.toggled.connect(self._on_inputs_changed)
        self.median.valueChanged.connect(self._on_inputs_changed)

    def _check_fields(self) -> None:
        for widget, name in (
            (self.ecog, "ecog"),
            (self.pps, "pps"),
            (self.median, "median_survival_months"),
            (self.function_based, "function_based"),
            (self.shared, "shared"),
            (self.reaction, "reaction"),
        ):
            self.checks.add(widget, Prognosis, name, owner=lambda c: c.prognosis)

    def fill(self, conversation: Conversation) -> None:
        p = conversation.prognosis
        patient = self.context.record.patient
        # The patient details' ECOG has no date: showing it as today's would make an old value
        # look current to the rules (and to the next reader). Show it beside the box instead.
        self.ecog.set_number(p.ecog)
        self.ecog_on_file.setVisible(patient.ecog is not None)
        self.ecog_on_file.setText(
            _("Patient details say ECOG {n} (no date); enter today's if you assessed it.").format(
                n=patient.ecog
            )
        )
        self.pps.set_number(p.pps)
        set_choice(self.oral_intake, p.ppi.oral_intake)
        self.edema.setChecked(bool(p.ppi.edema))
        self.dyspnea.setChecked(bool(p.ppi.dyspnea_at_rest))
        self.delirium.setChecked(bool(p.ppi.delirium))
        self.median.setValue(p.median_survival_months or 0)
        self.function_based.setPlainText(p.function_based)
        self.shared.setPlainText(p.shared)
        self.reaction.setPlainText(p.reaction)
        self._on_inputs_changed()

    def apply(self, conversation: Conversation) -> None:
        p = conversation.prognosis
        p.ecog = self.ecog.number()
        p.pps = self.pps.number()
        intake = self.oral_intake.currentData()
        p.ppi = PalliativeIndexInputs(
            oral_intake=intake,
            edema=self.edema.isChecked() if intake else None,
            dyspnea_at_rest=self.dyspnea.isChecked() if intake else None,
            delirium=self.delirium.isChecked() if intake else None,
        )
        p.median_survival_months = self.median.value() or None
        p.function_based = self.function_based.toPlainText().strip()
        p.shared = self.shared.toPlainText().strip()
        p.reaction = self.reaction.toPlainText().strip()

    def _on_inputs_changed(self, *_args: object) -> None:
        self.ppi_result.setText(self._ppi_text())
        self._show_scenarios()
        # Longer text can bring the scroll bar in, which narrows the labels after they were
        # measured (the caveat's last line was cut off); measure them again once settled.
        QTimer.singleShot(0, self, self._remeasure)  # dropped if the page goes first

    def _remeasure(self) -> None:
        for label in (self.ppi_result, self.scenarios, self.scenario_note):
            label.updateGeometry()

    def _ppi_text(self) -> str:
        """The index, its band and where it comes from; or what is missing, or why not."""
        from waypoint.services.clinical import palliative_prognostic_index, ppi_band, ppi_note

        content = self.context.content
        pps, intake = self.pps.number(), self.oral_intake.currentData()
        if pps is None or not intake:
            return _("Enter PPS and oral intake to see the index.")
        try:
            score = palliative_prognostic_index(
                pps,
                intake,
                self.edema.isChecked(),
                self.dyspnea.isChecked(),
                self.delirium.isChecked(),
                content,
            )
        except ValueError as exc:  # PPS 0%: the index is for a living patient; say why
            return str(exc)
        return f"{score:g} — {ppi_band(score, content)}\n{ppi_note(content)}"

    def _show_scenarios(self) -> None:
        from waypoint.services.clinical import (
            scenario_note,
            scenario_references,
            survival_scenarios,
        )

        content = self.context.content
        median = self.median.value()
        if median <= 0:
            # Emptied, not hidden: a label first shown later keeps a height from before it was
            # styled, and its last lines are cut off.
            self.scenarios.setText("")
            self.scenario_note.setText("")
            self.scenario_bar.clear()
            return
        s = survival_scenarios(median, content)
        self.scenarios.setText("\n".join(s["sentences"].values()))
        self.scenario_bar.set_scenarios(s["worst"], s["typical_low"], s["typical_high"], s["best"])
        self.scenario_note.setText(scenario_note(content))
        # The full citation is a hover away; the note already names the study.
        self.scenario_note.setToolTip("\n".join(r.citation for r in scenario_references(content)))
