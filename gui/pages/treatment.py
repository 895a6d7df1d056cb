"""Page 3: the current therapy and each option, with chances of response and of no response."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.check_list import CheckList
from gui.inputs import OptionalSpin, set_yes_no, yes_no_box
from gui.pages.base import ConversationPage
from gui.pictures import IconArray
from gui.widgets import DateField, choice_box, labelled, line_box, set_choice, text_box
from waypoint.content.field_checks import object_problems
from waypoint.i18n import _
from waypoint.record.model import (
    OPTION_INTENTS,
    RESPONSE_KINDS,
    AnticancerTherapy,
    Conversation,
    TreatmentOption,
)


def comfort_option(label: str) -> TreatmentOption:
    """The option that is always on the list: focus on comfort without anticancer therapy."""
    return TreatmentOption(name=label, comfort_only=True, intent="comfort_only")


class TreatmentPage(ConversationPage):
    """Treatment options."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "anticancer_therapy.current_line",
            "anticancer_therapy.current_regimen",
            "anticancer_therapy.expected_benefit",
            "anticancer_therapy.notes",
            "anticancer_therapy.stopping_discussed",
            "anticancer_therapy.time_limited_trial",
            "anticancer_therapy.trial_review_date",
            "treatment_options[].chance_months",
            "treatment_options[].chosen",
            "treatment_options[].comfort_only",
            "treatment_options[].intent",
            "treatment_options[].line",
            "treatment_options[].money_cost",
            "treatment_options[].name",
            "treatment_options[].plain_words",
            "treatment_options[].response_in_100",
            "treatment_options[].response_kinds",
            "treatment_options[].rules_out",
            "treatment_options[].side_effects",
            "treatment_options[].time_cost",
        }
    )

    section_id = "treatment_options"
    skippable = "treatment_options"

    def build(self) -> None:
        content = self.context.content
        self.options: list[TreatmentOption] = []
        self._current = -1
        self.current_line = OptionalSpin.for_field(AnticancerTherapy, "current_line")
        self.regimen = line_box(_("Current regimen"), max_length=500)
        self.benefit = text_box(_("Expected benefit and its evidence"), lines=2)
        self.stopping = yes_no_box(_("Stopping treatment discussed"))
        self.time_limited = text_box(
            _("Time-limited trial"),
            _("what is tried, for how long, and what would count as working"),
            lines=2,
        )
        self.review_date = DateField(_("Time-limited trial review date"))
        self.notes = text_box(_("Notes about anticancer treatment"), lines=2)
        f = self.form
        f.addRow(labelled(self.current_line, _("Current &line")), self.current_line)
        f.addRow(labelled(self.regimen, _("&Regimen")), self.regimen)
        f.addRow(labelled(self.benefit, _("Expected &benefit")), self.benefit)
        f.addRow(labelled(self.stopping, _("Stopping &discussed")), self.stopping)
        f.addRow(labelled(self.time_limited, _("Time-limited trial")), self.time_limited)
        f.addRow(labelled(self.review_date, _("Review date")), self.review_date)
        f.addRow("", self.review_date.error)
        f.addRow(labelled(self.notes, _("Treatment notes")), self.notes)
        for widget, name in (
            (self.current_line, "current_line"),
            (self.regimen, "current_regimen"),
            (self.benefit, "expected_benefit"),
            (self.time_limited, "time_limited_trial"),
            (self.review_date, "trial_review_date"),
            (self.notes, "notes"),
        ):
            self.checks.add(widget, AnticancerTherapy, name, owner=lambda c: c.anticancer_therapy)

        self.option_list = QListWidget()
        self.option_list.setAccessibleName(_("Treatment options"))
        self.option_list.setMaximumHeight(110)
        self.option_list.currentRowChanged.connect(self._on_option_row_changed)
        add = QPushButton(_("&Add option"))
        add.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(_("Remo&ve option"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.option_list)
        column.addLayout(buttons)
        f.addRow(labelled(self.option_list, _("O&ptions")), holder)
        f.addRow(self._build_option_editor(content))

    def _build_option_editor(self, content: object) -> QGroupBox:
        box = QGroupBox(_("Selected option"))
        form_holder = QVBoxLayout(box)
        from PySide6.QtWidgets import QFormLayout

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = line_box(_("Option name"), max_length=500)
        self.intent = choice_box(_("Intent"), self.context.content, "option_intent", OPTION_INTENTS)
        self.line = OptionalSpin.for_field(TreatmentOption, "line")
        self.line.setAccessibleName(_("Line of therapy of this option"))
        self.response = OptionalSpin.for_field(
            TreatmentOption, "response_in_100", suffix=_(" in 100")
        )
        self.chance_months = OptionalSpin.for_field(
            TreatmentOption, "chance_months", suffix=_(" months")
        )
        self.chance_months.setAccessibleName(_("Time frame of the chance, in months"))
        self.no_response = QLabel()
        self.icons = IconArray()
        self.kinds = CheckList(
            _("What a response would mean (Space ticks a choice)"),
            [(code, self.context.content.label("response_kinds", code)) for code in RESPONSE_KINDS],
        )
        self.kinds.itemChanged.connect(self._on_input_changed)
        self.side_effects = text_box(_("Main side effects and risks"), lines=2)
        self.time_cost = text_box(_("Time cost: visits, infusion hours, travel"), lines=2)
        self.money = text_box(_("Cost in money"), lines=1)
        self.rules_out = text_box(_("Alternatives it would rule out"), lines=1)
        # The handout prints this instead of the option's standard description when filled:
        # the patient reads "you", plain words, no drug names or abbreviations.
        self.plain_words = text_box(
            _("Optional: what this option is, in plain words for the patient's handout"), lines=2
        )
        self.chosen = QCheckBox(_("The patient chose this option"))
        form.addRow(labelled(self.name, _("&Name")), self.name)
        form.addRow(labelled(self.intent, _("&Intent")), self.intent)
        form.addRow(labelled(self.line, _("Li&ne")), self.line)
        form.addRow(labelled(self.response, _("&Chance of response")), self.response)
        form.addRow(labelled(self.chance_months, _("Within")), self.chance_months)
        form.addRow("", self.no_response)
        form.addRow("", self.icons)
        form.addRow(labelled(self.kinds, _("A response would mean")), self.kinds)
        form.addRow(labelled(self.side_effects, _("Side &effects")), self.side_effects)
        form.addRow(labelled(self.time_cost, _("&Time cost")), self.time_cost)
        form.addRow(labelled(self.money, _("&Money")), self.money)
        form.addRow(labelled(self.rules_out, _("Rules &out")), self.rules_out)
        form.addRow(labelled(self.plain_words, _("For the handout")), self.plain_words)
        form.addRow("", self.chosen)
        form_holder.addLayout(form)
        for widget, name in (
            (self.name, "name"),
            (self.line, "line"),
            (self.response, "response_in_100"),
            (self.side_effects, "side_effects"),
            (self.time_cost, "time_cost"),
            (self.money, "money_cost"),
            (self.rules_out, "rules_out"),
            (self.chance_months, "chance_months"),
            (self.plain_words, "plain_words"),
        ):
            self.checks.add(widget, TreatmentOption, name)  # the page keeps the options
        self.response.valueChanged.connect(self._on_response_value_changed)
        self.name.textChanged.connect(self._on_name_text_changed)
        self.editor = box
        return box

    # -- data -------------------------------------------------------------------------------

    def fill(self, conversation: Conversation) -> None:
        at = conversation.anticancer_therapy
        self.current_line.set_number(at.current_line)
        self.regimen.setText(at.current_regimen)
        self.benefit.setPlainText(at.expected_benefit)
        set_yes_no(self.stopping, at.stopping_discussed)
        self.time_limited.setPlainText(at.time_limited_trial)
        self.review_date.set_value(at.trial_review_date)
        self.notes.setPlainText(at.notes)
        self.options = copy.deepcopy(conversation.treatment_options)
        if not any(o.comfort_only for o in self.options):
            self.options.append(
                comfort_option(self.context.content.label("option_intent", "comfort_only"))
            )
        self._current = -1
        self.option_list.clear()
        for option in self.options:
            self.option_list.addItem(option.name)
        self.option_list.setCurrentRow(0)

    def apply(self, conversation: Conversation) -> None:
        self._store_current()
        at = conversation.anticancer_therapy
        at.current_line = self.current_line.number()
        at.current_regimen = self.regimen.text().strip()
        at.expected_benefit = self.benefit.toPlainText().strip()
        at.stopping_discussed = self.stopping.currentData()
        at.time_limited_trial = self.time_limited.toPlainText().strip()
        at.notes = self.notes.toPlainText().strip()
        # An option the record cannot hold yet (unnamed, too long) stays on the page, not in
        # the draft, so the draft always loads.
        conversation.treatment_options = [
            o
            for o in copy.deepcopy(self.options)
            if o.name.strip() and not object_problems(o, self.context.content)
        ]
        at.trial_review_date = self.review_date.value()  # last: a typo raises, the rest is kept

    def problems(self) -> str:
        self._store_current()
        unnamed = [i + 1 for i, o in enumerate(self.options) if not o.name.strip()]
        if unnamed:
            return _("Please give option {n} a name, or remove it.").format(n=unnamed[0])
        for number, option in enumerate(self.options, start=1):
            for message in object_problems(option, self.context.content).values():
                return _("Option {n} ({name}): {problem}").format(
                    n=number, name=option.name, problem=message
                )
        return ""

    # -- option editor ----------------------------------------------------------------------

    def _store_current(self) -> None:
        if not 0 <= self._current < len(self.options):
            return
        o = self.options[self._current]
        o.name = self.name.text().strip()
        o.intent = self.intent.currentData()
        o.line = self.line.number()
        o.response_in_100 = self.response.number()
        o.response_kinds = self.kinds.checked()
        o.side_effects = self.side_effects.toPlainText().strip()
        o.time_cost = self.time_cost.toPlainText().strip()
        o.money_cost = self.money.toPlainText().strip()
        o.rules_out = self.rules_out.toPlainText().strip()
        o.chance_months = self.chance_months.number()
        o.plain_words = self.plain_words.toPlainText().strip()
        o.chosen = self.chosen.isChecked()

    def _show_option(self, row: int) -> None:
        self._current = row
        has = 0 <= row < len(self.options)
        self.editor.setEnabled(has)
        self.remove_button.setEnabled(has and not self.options[row].comfort_only)
        if not has:
            return
        o = self.options[row]
        was_filling, self._filling = self._filling, True
        self.name.setText(o.name)
        set_choice(self.intent, o.intent)
        self.line.set_number(o.line)
        self.response.set_number(o.response_in_100)
        self.kinds.set_checked(o.response_kinds)
        self.side_effects.setPlainText(o.side_effects)
        self.time_cost.setPlainText(o.time_cost)
        self.money.setPlainText(o.money_cost)
        self.rules_out.setPlainText(o.rules_out)
        self.chance_months.set_number(o.chance_months)
        self.plain_words.setPlainText(o.plain_words)
        self.chosen.setChecked(o.chosen)
        self._filling = was_filling
        self._on_response_value_changed()

    def _on_option_row_changed(self, row: int) -> None:
        self._store_current()
        self._show_option(row)

    def _on_add_clicked(self) -> None:
        self._store_current()
        # Inserting a row above the selected one moves the selection, and the row-changed
        # handler would then store the editor into whichever option now sits at the old index
        # (the new one): forget the editor's row until the new option is shown.
        self._current = -1
        row = len(self.options) - 1
        self.options.insert(row, TreatmentOption(name=""))
        self.option_list.insertItem(row, _("(unnamed option)"))
        self.option_list.setCurrentRow(row)
        self.name.setFocus()
        self.name.selectAll()
        self.changed.emit()

    def _on_remove_clicked(self) -> None:
        row = self._current
        if not 0 <= row < len(self.options) or self.options[row].comfort_only:
            return
        self._current = -1
        del self.options[row]
        self.option_list.takeItem(row)
        self._show_option(self.option_list.currentRow())
        self.changed.emit()

    def _on_name_text_changed(self, text: str) -> None:
        item = self.option_list.item(self._current) if self._current >= 0 else None
        if item is not None:
            item.setText(text or _("(unnamed option)"))

    def _on_response_value_changed(self, *_args: object) -> None:
        chance = self.response.number()
        self.icons.set_filled(chance)
        self.icons.setVisible(chance is not None)  # an empty picture is only a gap
        if chance is None:
            self.no_response.setText(_("Enter the chance of response to show both chances."))
        else:
            self.no_response.setText(
                _("{n} in 100 respond; {m} in 100 do not.").format(n=chance, m=100 - chance)
            )
