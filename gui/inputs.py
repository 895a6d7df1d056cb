"""Inputs for answers that may be unanswered: yes/no/not recorded, numbers that may be blank."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

from waypoint.i18n import N_, _

BLANK = "—"
#: What a screen reader says for the blank entry: a dash is read as "dash" or not at all.
NOT_RECORDED = N_("not recorded")  # translated where it is used


def add_blank(box: QComboBox, data: Any = None) -> None:
    """Append the blank "unanswered" entry: shown as a dash, heard as "not recorded"."""
    box.addItem(BLANK, data)
    box.setItemData(box.count() - 1, _(NOT_RECORDED), Qt.ItemDataRole.AccessibleTextRole)


def yes_no_box(accessible_name: str, yes: str = "", no: str = "") -> QComboBox:
    """Not recorded / yes / no, holding None, True or False."""
    box = QComboBox()
    box.setAccessibleName(accessible_name)
    add_blank(box)
    box.addItem(yes or _("Yes"), True)
    box.addItem(no or _("No"), False)
    return box


def set_yes_no(box: QComboBox, value: bool | None) -> None:
    """Show None, True or False."""
    box.setCurrentIndex(max(box.findData(value), 0))


def _say_when_blank(box: QSpinBox | QDoubleSpinBox) -> None:
    # Qt gives a spin box's shown text as its value, so a blank one is heard as a dash (or,
    # where the number is read, as the position below the range): the description says it.
    blank = box.value() == box.minimum() and bool(box.specialValueText())
    box.setAccessibleDescription(_(NOT_RECORDED) if blank else "")


class OptionalSpin(QSpinBox):
    """A whole number that may be left blank: the lowest position means "not recorded"."""

    def __init__(
        self, accessible_name: str, low: int, high: int, step: int = 1, suffix: str = ""
    ) -> None:
        super().__init__()
        self._low = low
        self.setAccessibleName(accessible_name)
        self.setRange(low - step, high)
        self.setSingleStep(step)
        self.setSpecialValueText(BLANK)
        self.setSuffix(suffix)
        self.setValue(low - step)
        self.valueChanged.connect(self._on_value_changed)
        _say_when_blank(self)

    @classmethod
    def for_field(cls, record_class: type, name: str, suffix: str = "") -> OptionalSpin:
        """A box for ``record_class.name`` with the range and step the record format declares."""
        meta = next(f.metadata for f in dataclasses.fields(record_class) if f.name == name)
        return cls(
            _(str(meta["label"])),
            int(meta["minimum"]),
            int(meta["maximum"]),
            step=int(meta["step"] or 1),
            suffix=suffix,
        )

    def _on_value_changed(self, _value: int) -> None:
        _say_when_blank(self)

    def number(self) -> int | None:
        """The value, or None when blank."""
        return None if self.value() < self._low else self.value()

    def set_number(self, value: int | None) -> None:
        """Show a value, or blank for None."""
        self.setValue(self.minimum() if value is None else value)


class OptionalDecimal(QDoubleSpinBox):
    """A score to one decimal that may be left blank (prorated FACIT scores such as 21.5).

    The lowest position means "not recorded"; whole numbers come back as ``int``.
    """

    def __init__(self, accessible_name: str, low: int, high: int) -> None:
        super().__init__()
        self._low = low
        self.setAccessibleName(accessible_name)
        self.setDecimals(1)
        self.setSingleStep(1.0)
        self.setRange(low - 0.1, high)
        self.setSpecialValueText(BLANK)
        self.setValue(low - 0.1)
        self.valueChanged.connect(self._on_value_changed)
        _say_when_blank(self)

    def _on_value_changed(self, _value: float) -> None:
        _say_when_blank(self)

    def number(self) -> float | None:
        """The value to one decimal, or None when blank."""
        if self.value() < self._low:
            return None
        value = round(self.value(), 1)
        return int(value) if value.is_integer() else value

    def set_number(self, value: float | None) -> None:
        """Show a value, or blank for None."""
        self.setValue(self.minimum() if value is None else value)
