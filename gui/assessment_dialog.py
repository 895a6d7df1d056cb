"""Record an assessment: FACT-L scores entered from the licensed form, ESAS-r, ECOG and PPS.

An Assessment goes in, the edited Assessment comes out (``dialog.assessment``). Waypoint keeps
only the scores, never the FACT-L items (the questionnaire is licensed by FACIT).
"""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.inputs import OptionalDecimal, OptionalSpin
from gui.mnemonics import apply_mnemonics, mnemonic_of, mnemonic_widgets
from gui.screen_fit import fit_window
from gui.widgets import DateField, labelled, plain_message_label
from waypoint.content.bundle import Content
from waypoint.content.field_checks import living_problem
from waypoint.i18n import _
from waypoint.record.model import (
    ESAS_ITEMS,
    ESAS_NAMES,
    FACT_L_MAX,
    FACT_L_RANGES,
    Assessment,
    EsasScores,
    FactLScores,
)
from waypoint.record.schema import ValidationError, field_label, validate


class AssessmentDialog(QDialog):
    """FACT-L (total or subscales), ESAS-r, ECOG and PPS on one date."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "date",
            "ecog",
            "esas.anxiety",
            "esas.depression",
            "esas.drowsiness",
            "esas.lack_of_appetite",
            "esas.nausea",
            "esas.other_problem",
            "esas.other_problem_name",
            "esas.pain",
            "esas.shortness_of_breath",
            "esas.tiredness",
            "esas.wellbeing",
            "fact_l.ewb",
            "fact_l.fwb",
            "fact_l.lcs",
            "fact_l.pwb",
            "fact_l.swb",
            "fact_l_total",
            "pps",
        }
    )

    def __init__(
        self, assessment: Assessment, content: Content, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._content = content
        self.setObjectName("AssessmentDialog")
        self.setWindowTitle(_("Record FACT-L / ESAS-r"))
        self.assessment = copy.deepcopy(assessment)
        self._build()
        self._fill()
        fit_window(self, self.sizeHint())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.date = DateField(_("Date of the assessment"), allow_future=False)
        top.addRow(labelled(self.date, _("&Date")), self.date)
        top.addRow("", self.date.error)
        layout.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(self._build_fact_l(), 1)
        row.addWidget(self._build_esas(), 1)
        layout.addLayout(row)
        self.error = plain_message_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        # Every field reachable with Alt+letter, as in the wizard; Save and Cancel keep theirs.
        reserved = {key for b in buttons.buttons() if (key := mnemonic_of(b.text()))}
        apply_mnemonics(mnemonic_widgets(self), reserved)

    def _build_fact_l(self) -> QGroupBox:
        box = QGroupBox(_("FACT-L (scores from the licensed form)"))
        form = QFormLayout(box)
        # One decimal: FACIT prorates a subscale with unanswered items (e.g. 21.5).
        self.fact_l_total = OptionalDecimal(_("FACT-L total"), 0, FACT_L_MAX)
        total_label = _("FACT-L &total (0–{top})").format(top=FACT_L_MAX)
        form.addRow(labelled(self.fact_l_total, total_label), self.fact_l_total)
        hint = QLabel(_("Or enter the subscales and the total is added up:"))
        hint.setObjectName("mutedText")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.parts: dict[str, OptionalDecimal] = {}
        for key, top in FACT_L_RANGES.items():
            label = field_label(FactLScores, key)  # translated there
            spin = OptionalDecimal(label, 0, top)
            spin.valueChanged.connect(self._on_part_value_changed)
            self.parts[key] = spin
            form.addRow(labelled(spin, f"{label} (0–{top})"), spin)
        self.ecog = OptionalSpin(_("ECOG performance status"), 0, 5)
        self.pps = OptionalSpin(_("Palliative Performance Scale"), 0, 100, 10, "%")
        form.addRow(labelled(self.ecog, _("&ECOG (0–5)")), self.ecog)
        form.addRow(labelled(self.pps, _("&PPS")), self.pps)
        return box

    def _build_esas(self) -> QGroupBox:
        box = QGroupBox(_("ESAS-r (0 = none, 10 = worst possible)"))
        grid = QGridLayout(box)
        self.esas: dict[str, OptionalSpin] = {}
        for row, item in enumerate(ESAS_ITEMS):
            spin = OptionalSpin(ESAS_NAMES[item], 0, 10)
            self.esas[item] = spin
            grid.addWidget(labelled(spin, ESAS_NAMES[item]), row, 0)
            grid.addWidget(spin, row, 1)
        # ESAS-r's own last line: a problem the patient names, scored like the others.
        row = len(ESAS_ITEMS)
        self.other_name = QLineEdit()
        self.other_name.setMaxLength(200)
        self.other_name.setAccessibleName(_("Other problem (name)"))
        self.other_name.setPlaceholderText(_("Other problem"))
        self.other_score = OptionalSpin(_("Other problem score"), 0, 10)
        grid.addWidget(labelled(self.other_name, _("Other problem")), row, 0)
        grid.addWidget(self.other_name, row, 1)
        grid.addWidget(labelled(self.other_score, _("Its score (0–10)")), row + 1, 0)
        grid.addWidget(self.other_score, row + 1, 1)
        grid.setRowStretch(row + 2, 1)
        return box

    def _fill(self) -> None:
        a = self.assessment
        self.date.set_value(a.date or dt.date.today())
        self.fact_l_total.set_number(a.fact_l_total)
        for key, part in self.parts.items():
            part.set_number(getattr(a.fact_l, key) if a.fact_l else None)
        for item, spin in self.esas.items():
            spin.set_number(getattr(a.esas, item) if a.esas else None)
        self.other_name.setText(a.esas.other_problem_name if a.esas else "")
        self.other_score.set_number(a.esas.other_problem if a.esas else None)
        self.ecog.set_number(a.ecog)
        self.pps.set_number(a.pps)

    def _on_part_value_changed(self, _value: float) -> None:
        numbers = [spin.number() for spin in self.parts.values()]
        complete = all(n is not None for n in numbers)
        if complete:
            self.fact_l_total.set_number(round(sum(n for n in numbers if n is not None), 1))
        self.fact_l_total.setEnabled(not complete)

    def apply(self) -> None:
        """Copy the widgets into ``self.assessment``; raises ValueError in plain words."""
        a = self.assessment
        a.date = self.date.value()
        if a.date is None:
            raise ValueError(_("Enter the date of the assessment."))
        parts = {key: spin.number() for key, spin in self.parts.items()}
        a.fact_l = FactLScores(**parts) if any(v is not None for v in parts.values()) else None
        a.fact_l_total = self.fact_l_total.number()
        esas = EsasScores(
            other_problem_name=self.other_name.text().strip(),
            other_problem=self.other_score.number(),
        )
        for item, spin in self.esas.items():
            setattr(esas, item, spin.number())
        scored = [getattr(esas, item) for item in (*ESAS_ITEMS, "other_problem")]
        named = bool(esas.other_problem_name)
        a.esas = esas if named or any(v is not None for v in scored) else None
        a.ecog, a.pps = self.ecog.number(), self.pps.number()
        for name, value in (("ecog", a.ecog), ("pps", a.pps)):
            if living_problem(name, value, self._content):  # ECOG 5 / PPS 0%: a death
                raise ValueError(living_problem(name, value, self._content))
        if a.fact_l_total is None and a.esas is None and a.ecog is None and a.pps is None:
            raise ValueError(_("Enter at least one score: FACT-L, ESAS-r, ECOG or PPS."))
        try:
            validate(a, "assessment")
        except ValidationError as exc:
            raise ValueError(str(exc)) from None

    def accept(self) -> None:
        if not self.date.check():
            return
        try:
            self.apply()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
