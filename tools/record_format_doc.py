"""Write docs/record-format.md from the record classes, so the document cannot drift from the code.

python tools/record_format_doc.py          rewrite the document
python tools/record_format_doc.py --check  exit 1 if it is out of date (a test runs this)
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waypoint.record import model

DOC = Path(__file__).resolve().parent.parent / "docs" / "record-format.md"

INTRO = f"""# Record format

A record is one JSON object per patient: the format `main.py import` reads, `main.py export`
writes, and each patient file in the store holds. It carries `schema_version`
(now {model.SCHEMA_VERSION}); a record from a newer Waypoint is refused with a clear message,
and an older one is migrated after a backup (docs/storage.md).

Rules for every field:
- Dates are written `YYYY-MM-DD`, from 1900 on; dates of events that have happened
  (birth, diagnosis, conversations, assessments) cannot be in the future.
- Text may hold any Unicode character; free text is limited to 20,000 characters.
- A choice is one of the codes listed; `""` means "not answered". Display wording for each code
  lives in content/labels.toml, so a clinic can change the wording without touching records.
- `null` means "not recorded" for numbers, dates and yes/no answers.
- Unknown fields are refused, not dropped, so nothing typed is ever lost silently.
- An invalid value is reported in one line naming the field in words, its path, the value and
  what is allowed, for example:
  `ECOG performance status (record.patient.ecog) is 7; allowed: a whole number from 0 to 5.`

Validation beyond single fields: a patient id is letters, digits and hyphens (it names the
patient's file, so it carries no patient information); the advanced diagnosis cannot precede the
date of birth; a FACT-L total must equal the sum of its subscales when both are given; a skipped
section must be one of {", ".join(model.SECTIONS)}.

The chance of no response for a treatment option is not stored: it is always
100 − `response_in_100`, in the same denominator.

The classes below are generated from waypoint/record/model.py by tools/record_format_doc.py.
"""


def type_text(hint: object) -> str:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, __import__("types").UnionType):
        inner = [a for a in args if a is not type(None)]
        return type_text(inner[0]) + " or null"
    if origin is list:
        return "list of " + type_text(args[0])
    if origin is dict:
        return "object of " + type_text(args[1])
    if dataclasses.is_dataclass(hint):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    return {str: "text", int: "whole number", float: "number", bool: "true/false"}.get(
        hint,
        getattr(hint, "__name__", str(hint)),  # type: ignore[arg-type]
    ).replace("date", "date")


def limits(meta: typing.Mapping[str, object]) -> str:
    parts = []
    if meta.get("required"):
        parts.append("required")
    lo, hi, step = meta.get("minimum"), meta.get("maximum"), meta.get("step")
    if lo is not None or hi is not None:
        parts.append(f"{lo}–{hi}" + (f", steps of {step}" if step else ""))
    if meta.get("choices"):
        parts.append("one of " + ", ".join(f"`{c}`" for c in meta["choices"] if c))  # type: ignore[union-attr]
    if meta.get("max_length"):
        parts.append(f"at most {meta['max_length']} characters")
    if meta.get("not_future"):
        parts.append("not in the future")
    return "; ".join(parts)


def classes() -> list[type]:
    seen: list[type] = []

    def walk(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for hint in typing.get_type_hints(cls).values():
            for candidate in (hint, *typing.get_args(hint)):
                if dataclasses.is_dataclass(candidate):
                    walk(candidate)  # type: ignore[arg-type]

    walk(model.Record)
    return seen


def render() -> str:
    out = [INTRO]
    for cls in classes():
        hints = typing.get_type_hints(cls)
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out.append(
            f"\n## {cls.__name__}\n\n{doc}\n\n| field | type | meaning | limits |\n| --- | --- | --- | --- |"
        )
        for f in dataclasses.fields(cls):
            out.append(
                f"| `{f.name}` | {type_text(hints[f.name])} | {f.metadata.get('label', '')} "
                f"| {limits(f.metadata)} |"
            )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        sys.exit(0 if current == text else 1)
    DOC.write_text(text, encoding="utf-8")
