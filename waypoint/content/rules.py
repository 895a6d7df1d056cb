"""The shape each rule's content must have, and the loader for content/rules.toml.

The logic of a rule is code; its thresholds, wording and sources are content. This module is
where the two meet: it says which thresholds and sentences each rule needs and which
``{names}`` its sentences may use, so broken content is caught at start-up, not mid-visit.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waypoint.content.fields import (
    SEVERITIES,
    ContentError,
    Reference,
    RuleText,
    read_toml,
    sources_field,
    text_field,
    texts_field,
)
from waypoint.i18n import _
from waypoint.record.model import BEST_RESPONSES

FILE = "rules.toml"


@dataclass(frozen=True)
class RuleShape:
    """What the code of one rule reads from its content entry."""

    thresholds: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    fields: frozenset[str] = frozenset()
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severities: tuple[str, ...] = ()


_ECOG = frozenset({"ecog", "date"})

#: Every rule the code knows, by id. A rule in rules.toml that is not here is an error, and so
#: is a rule here that rules.toml leaves out: a clinic turns a rule off by dismissing it.
SHAPES: Mapping[str, RuleShape] = {
    "conversation_due_new_diagnosis": RuleShape(
        data=("diagnosis", "none_since"), fields=frozenset({"diagnosis_date"})
    ),
    "conversation_due_event": RuleShape(
        data=("event", "last_conversation"),
        fields=frozenset({"event", "event_date", "last_date"}),
    ),
    "conversation_due_fact_l_drop": RuleShape(
        thresholds=("drop_points",),
        data=("baseline", "latest"),
        fields=frozenset({"baseline_score", "latest_score", "latest_date", "drop"}),
    ),
    "conversation_due_ppi": RuleShape(
        thresholds=("above",),
        data=("score", "partial"),
        fields=frozenset({"score", "pps", "conversation_date"}),
    ),
    "conversation_due_ecog": RuleShape(
        thresholds=("at_least",), data=("ecog", "ecog_undated"), fields=_ECOG
    ),
    "conversation_due_survival": RuleShape(
        thresholds=("months",),
        data=("estimate", "no_hospice"),
        fields=frozenset({"median", "date"}),
    ),
    "therapy_stop_ecog": RuleShape(
        thresholds=("ecog_from", "ecog_to", "recent_days"),
        data=("ecog", "therapy", "category_unknown", "not_discussed", "carried"),
        fields=frozenset({"ecog", "date", "age", "therapy"}),
    ),
    "therapy_stop_ecog_unknown": RuleShape(
        data=("therapy", "unknown", "undated", "stale"),
        fields=frozenset({"ecog", "date", "age", "therapy", "recent_days"}),
    ),
    "therapy_stop_no_response": RuleShape(
        thresholds=("prior_lines",),
        data=("line", "line_no_regimen", "not_discussed", "carried"),
        fields=frozenset({"line", "regimen", "response", "date"}),
        codes={"no_response": BEST_RESPONSES[1:]},
    ),
    "palliative_referral": RuleShape(
        thresholds=("weeks",),
        data=("diagnosis", "no_referral", "declined"),
        fields=frozenset({"diagnosis_date", "days", "date"}),
    ),
    "code_status_conflict": RuleShape(
        data=("code_status",), fields=frozenset({"date", "cpr", "level"})
    ),
    "trial_not_discussed": RuleShape(
        thresholds=("early_lines",),
        data=("line", "not_discussed"),
        fields=frozenset({"line", "date"}),
        severities=("severity_later",),
    ),
    "option_incomplete": RuleShape(
        data=("option", "missing_response", "missing_side_effects", "missing_time_cost"),
        fields=frozenset({"option", "missing"}),
    ),
    "symptom_severe": RuleShape(
        thresholds=("severe_from",),
        data=("item", "referral"),
        fields=frozenset({"item", "score", "date"}),
    ),
    "acp_billing": RuleShape(
        thresholds=("first_from", "further_from", "further_every"),
        data=("minutes", "first_met", "first_not_met", "further_met"),
        fields=frozenset({"minutes", "date", "units"}),
    ),
}


def _check_template(where: str, key: str, text: str, allowed: frozenset[str]) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ContentError(
            FILE, where, _("{key}: unbalanced braces ({why})").format(key=key, why=exc)
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            raise ContentError(
                FILE,
                where,
                _("{key} uses {{{name}}}; it may use {allowed}").format(
                    key=key,
                    name=name,
                    allowed=", ".join("{" + n + "}" for n in sorted(allowed)) or _("no names"),
                ),
            )


def _numbers(where: str, entry: Mapping[str, Any], shape: RuleShape) -> dict[str, float]:
    table = entry.get("thresholds", {})
    if not isinstance(table, dict):
        raise ContentError(FILE, where, _("thresholds must be a table"))
    numbers: dict[str, float] = {}
    for name in shape.thresholds:
        value = table.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ContentError(
                FILE,
                f"{where}.thresholds",
                _("{name} must be a number of 0 or more").format(name=name),
            )
        numbers[name] = float(value)
    extra = set(table) - set(shape.thresholds)
    if extra:
        raise ContentError(
            FILE,
            f"{where}.thresholds",
            _("unknown threshold {name}; this rule reads {known}").format(
                name=sorted(extra)[0], known=", ".join(shape.thresholds) or _("none")
            ),
        )
    return numbers


def _codes(where: str, entry: Mapping[str, Any], shape: RuleShape) -> dict[str, tuple[str, ...]]:
    table = entry.get("codes", {})
    if not isinstance(table, dict):
        raise ContentError(FILE, where, _("codes must be a table"))
    codes: dict[str, tuple[str, ...]] = {}
    for name, allowed in shape.codes.items():
        values = texts_field(FILE, f"{where}.codes", table, name)
        for value in values:
            if value not in allowed:
                raise ContentError(
                    FILE,
                    f"{where}.codes",
                    _("{name} has {value}; allowed: {allowed}").format(
                        name=name, value=value, allowed=", ".join(allowed)
                    ),
                )
        codes[name] = values
    return codes


_KEYS = ("title", "explanation", "severity", "element", "sources", "thresholds", "data", "codes")


def _rule(rule_id: str, entry: Mapping[str, Any], refs: Mapping[str, Reference]) -> RuleText:
    where = f"rule.{rule_id}"
    shape = SHAPES[rule_id]
    known = {*_KEYS, *shape.severities}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise ContentError(
            FILE,
            where,
            _("unknown key {key}; allowed: {allowed}").format(
                key=unknown[0], allowed=", ".join(sorted(known))
            ),
        )
    allowed = shape.fields | set(shape.thresholds)
    severities: dict[str, str] = {}
    for key in ("severity", *shape.severities):
        value = text_field(FILE, where, entry, key)
        if value not in SEVERITIES:
            raise ContentError(
                FILE,
                where,
                _("{key} is {value}; allowed: {allowed}").format(
                    key=key, value=value, allowed=", ".join(SEVERITIES)
                ),
            )
        severities[key] = value
    data_table = entry.get("data", {})
    if not isinstance(data_table, dict):
        raise ContentError(FILE, where, _("data must be a table"))
    data: dict[str, str] = {}
    for key in shape.data:
        data[key] = text_field(FILE, f"{where}.data", data_table, key)
        _check_template(f"{where}.data", key, data[key], allowed)
    extra = sorted(set(data_table) - set(shape.data))
    if extra:
        raise ContentError(
            FILE,
            f"{where}.data",
            _("unknown sentence {key}; this rule uses {known}").format(
                key=extra[0], known=", ".join(shape.data)
            ),
        )
    title = text_field(FILE, where, entry, "title")
    explanation = text_field(FILE, where, entry, "explanation")
    _check_template(where, "title", title, allowed)
    _check_template(where, "explanation", explanation, allowed)
    return RuleText(
        id=rule_id,
        title=title,
        explanation=explanation,
        severity=severities.pop("severity"),
        element=text_field(FILE, where, entry, "element"),
        sources=sources_field(FILE, where, entry, refs),
        data=data,
        thresholds=_numbers(where, entry, shape),
        codes=_codes(where, entry, shape),
        other_severities=severities,
    )


def load_rule_texts(folder: Path, refs: Mapping[str, Reference]) -> dict[str, RuleText]:
    """Read and check rules.toml against :data:`SHAPES`; raise ContentError on any problem."""
    table = read_toml(folder, FILE).get("rule", {})
    if not isinstance(table, dict):
        raise ContentError(FILE, "rule", _("must be a table of rules"))
    rules: dict[str, RuleText] = {}
    for rule_id, entry in table.items():
        if rule_id not in SHAPES:
            raise ContentError(FILE, f"rule.{rule_id}", _("Waypoint has no rule with this id"))
        if not isinstance(entry, dict):
            raise ContentError(FILE, f"rule.{rule_id}", _("must be a table"))
        rules[rule_id] = _rule(rule_id, entry, refs)
    for rule_id in SHAPES:
        if rule_id not in rules:
            raise ContentError(FILE, f"rule.{rule_id}", _("the rule is missing"))
    return rules
