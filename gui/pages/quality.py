"""Page 4: symptoms (ESAS-r), quality of life (FACT-L), palliative care referral and stepped care."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel

from gui.inputs import OptionalDecimal, OptionalSpin, set_yes_no, yes_no_box
from gui.pages.base import ConversationPage
from gui.widgets import DateField, choice_box, labelled, line_box, set_choice, text_box
from waypoint.i18n import _
from waypoint.record.model import (
    ESAS_ITEMS,
    FACT_L_MAX,
    FACT_L_RANGES,
    REFERRAL_STATES,
    Assessment,
    Conversation,
    EsasScores,
    FactLScores,
    QualityOfLife,
)
from waypoint.record.schema import field_label

_FACT_L_PARTS = tuple(FACT_L_RANGES.items())  # declared once, on the record's FactLScores


class QualityPage(ConversationPage):
    """Quality of life and palliative care."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "quality_of_life.goal_of_therapy",
            "quality_of_life.palliative_referral",
            "quality_of_life.referral_date",
            "quality_of_life.stepped_care_enrolled",
            "quality_of_life.symptoms",
        }
    )

    section_id = "quality_of_life"
    skippable = "quality_of_life"

    def build(self) -> None:
        self.esas = {item: OptionalSpin.for_field(EsasScores, item) for item in ESAS_ITEMS}
        self.severity = {item: QLabel() for item in ESAS_ITEMS}
        esas_box = QGroupBox(_("ESAS-r (0 = none, 10 = worst possible)"))
        grid = QGridLayout(esas_box)
        for row, item in enumerate(ESAS_ITEMS):
            grid.addWidget(labelled(self.esas[item], field_label(EsasScores, item)), row, 0)
            grid.addWidget(self.esas[item], row, 1)
            grid.addWidget(self.severity[item], row, 2)
            self.esas[item].valueChanged.connect(self._on_esas_value_changed)
        self._build_other_problem(grid, len(ESAS_ITEMS))
        grid.setColumnStretch(2, 1)
        self.form.addRow(esas_box)

        fact_box = QGroupBox(_("FACT-L scores from the licensed form"))
        fact = QGridLayout(fact_box)
        # Prorated FACIT scores carry one decimal (21.5), so these are decimal boxes.
        self.fact_parts = {
            name: OptionalDecimal(field_label(FactLScores, name), 0, top)
            for name, top in _FACT_L_PARTS
        }
        for row, (name, top) in enumerate(_FACT_L_PARTS):
            label = labelled(self.fact_parts[name], f"{field_label(FactLScores, name)} (0–{top})")
            label.setWordWrap(True)  # long subscale names wrap rather than widen a small screen
            fact.addWidget(label, row, 0)
            fact.addWidget(self.fact_parts[name], row, 1)
            self.fact_parts[name].valueChanged.connect(self._on_fact_value_changed)
        self.fact_total = OptionalDecimal(field_label(Assessment, "fact_l_total"), 0, FACT_L_MAX)
        self.fact_total_note = QLabel()
        self.fact_total_note.setWordWrap(True)
        fact.addWidget(
            labelled(self.fact_total, _("FACT-L &total (0–{top})").format(top=FACT_L_MAX)), 5, 0
        )
        fact.addWidget(self.fact_total, 5, 1)
        fact.addWidget(self.fact_total_note, 6, 0, 1, 3)
        fact.setColumnStretch(2, 1)
        self.form.addRow(fact_box)

        self.symptoms = text_box(_("Symptoms and concerns"), lines=2)
        self.referral = choice_box(
            _("Palliative care referral"),
            self.context.content,
            "palliative_referral",
            REFERRAL_STATES,
        )
        self.referral_date = DateField(_("Referral date"))
        self.stepped = yes_no_box(_("Enrolled in stepped palliative care"))
        self.goal_of_therapy = text_box(_("Goal of therapy"), lines=2)
        f = self.form
        f.addRow(labelled(self.symptoms, _("S&ymptoms")), self.symptoms)
        f.addRow(labelled(self.referral, _("Palliative &care")), self.referral)
        f.addRow(labelled(self.referral_date, _("Referral &date")), self.referral_date)
        f.addRow("", self.referral_date.error)
        f.addRow(labelled(self.stepped, _("Stepped care &enrolment")), self.stepped)
        f.addRow(labelled(self.goal_of_therapy, _("&Goal of therapy")), self.goal_of_therapy)
        self._check_fields()

    def _build_other_problem(self, grid: QGridLayout, row: int) -> None:
        # ESAS-r's own tenth line: a problem the patient names, scored like the others.
        self.other_name = line_box(
            _("Other problem (name)"), _("for example: constipation"), max_length=200
        )
        self.other_score = OptionalSpin.for_field(EsasScores, "other_problem")
        self.other_score.setAccessibleName(_("Other problem score"))
        self.other_severity = QLabel()
        grid.addWidget(labelled(self.other_name, _("Ot&her problem")), row, 0)
        grid.addWidget(self.other_name, row, 1, 1, 2)
        grid.addWidget(labelled(self.other_score, _("Its score (0–1&0)")), row + 1, 0)
        grid.addWidget(self.other_score, row + 1, 1)
        grid.addWidget(self.other_severity, row + 1, 2)
        self.other_score.valueChanged.connect(self._on_esas_value_changed)
        self.checks.add(self.other_name, EsasScores, "other_problem_name")

    def _check_fields(self) -> None:
        for widget, name in (
            (self.symptoms, "symptoms"),
            (self.referral_date, "referral_date"),
            (self.goal_of_therapy, "goal_of_therapy"),
        ):
            self.checks.add(widget, QualityOfLife, name, owner=lambda c: c.quality_of_life)

    def _assessment(self) -> Assessment | None:
        return self.wizard().assessment  # type: ignore[attr-defined, no-any-return]

    def fill(self, conversation: Conversation) -> None:
        a = self._assessment()
        for item in ESAS_ITEMS:
            value = getattr(a.esas, item) if a and a.esas else None
            self.esas[item].set_number(value)
        self.other_name.setText(a.esas.other_problem_name if a and a.esas else "")
        self.other_score.set_number(a.esas.other_problem if a and a.esas else None)
        for name, _top in _FACT_L_PARTS:
            self.fact_parts[name].set_number(getattr(a.fact_l, name) if a and a.fact_l else None)
        self.fact_total.set_number(a.fact_l_total if a else None)
        q = conversation.quality_of_life
        self.symptoms.setPlainText(q.symptoms)
        set_choice(self.referral, q.palliative_referral)
        self.referral_date.set_value(q.referral_date)
        set_yes_no(self.stepped, q.stepped_care_enrolled)
        self.goal_of_therapy.setPlainText(q.goal_of_therapy)
        self._on_esas_value_changed()
        self._on_fact_value_changed()

    def problems(self) -> str:
        parts = [self.fact_parts[n].number() for n, _t in _FACT_L_PARTS]
        total = self.fact_total.number()
        known = [p for p in parts if p is not None]
        if len(known) == len(parts) and total is not None and round(sum(known), 1) != total:
            return _("The FACT-L total ({total}) is not the sum of the subscales ({sum}).").format(
                total=total, sum=round(sum(known), 1)
            )
        return ""

    def apply(self, conversation: Conversation) -> None:
        q = conversation.quality_of_life
        q.symptoms = self.symptoms.toPlainText().strip()
        q.palliative_referral = self.referral.currentData()
        q.stepped_care_enrolled = self.stepped.currentData()
        q.goal_of_therapy = self.goal_of_therapy.toPlainText().strip()
        self._apply_assessment(conversation)
        q.referral_date = self.referral_date.value()

    def _apply_assessment(self, conversation: Conversation) -> None:
        esas = EsasScores(
            other_problem_name=self.other_name.text().strip(),
            other_problem=self.other_score.number(),
        )
        for item in ESAS_ITEMS:
            setattr(esas, item, self.esas[item].number())
        parts = FactLScores(**{n: self.fact_parts[n].number() for n, _t in _FACT_L_PARTS})
        scores = [getattr(esas, item) for item in (*ESAS_ITEMS, "other_problem")]
        any_esas = any(v is not None for v in scores) or bool(esas.other_problem_name)
        any_parts = any(v is not None for v in vars(parts).values())
        total = self.fact_total.number()
        if total is None:
            total = parts.total()
        wizard = self.wizard()
        if not (any_esas or any_parts or total is not None):
            wizard.assessment = None  # type: ignore[attr-defined]
            return
        previous = wizard.assessment  # type: ignore[attr-defined]
        wizard.assessment = Assessment(  # type: ignore[attr-defined]
            id=previous.id if previous else "",
            date=conversation.date,
            esas=esas if any_esas else None,
            fact_l_total=total,
            fact_l=parts if any_parts else None,
            ecog=conversation.prognosis.ecog,
            pps=conversation.prognosis.pps,
        )

    def _on_esas_value_changed(self, *_args: object) -> None:
        from waypoint.services.clinical import esas_severity

        for item, spin in self.esas.items():
            value = spin.number()
            self.severity[item].setText(
                "" if value is None else esas_severity(value, self.context.content)
            )
        other = self.other_score.number()
        self.other_severity.setText(
            "" if other is None else esas_severity(other, self.context.content)
        )

    def _on_fact_value_changed(self, *_args: object) -> None:
        parts = [self.fact_parts[n].number() for n, _t in _FACT_L_PARTS]
        if all(p is not None for p in parts):
            total = sum(p for p in parts if p is not None)
            self.fact_total.set_number(total)
            self.fact_total_note.setText(_("Total worked out from the subscales."))
        else:
            self.fact_total_note.setText(
                _("Enter the five subscales, or the total alone if that is what the form gives.")
            )
