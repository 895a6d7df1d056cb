"""Jinja2 for documents: one environment where nothing a clinician types can become markup.

Templates in templates/ render a small XML vocabulary (see :mod:`waypoint.documents.pdf`).
Autoescaping is on for every template whatever its name (``select_autoescape`` would not
escape ``*.j2``), undefined variables are errors, and every value is cleaned of characters XML
cannot carry before it is escaped, so any text a user can type reaches ReportLab as text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from waypoint.resources import resource

# XML 1.0 forbids most C0 controls and lone surrogates; a pasted form feed must not fail an export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Drop characters that XML cannot carry; keep everything printable."""
    return _NOT_XML.sub("", text)


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def nl2br(value: object) -> Markup:
    """Escape user text, then turn its line breaks into ``<br/>`` (in that order, always)."""
    text = clean(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return Markup("<br/>").join(escape(line) for line in text.split("\n"))


@cache
def environment() -> Environment:
    """The one Jinja2 environment for every document."""
    env = Environment(
        loader=FileSystemLoader(str(resource("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["nl2br"] = nl2br
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` to document XML."""
    return environment().get_template(name).render(**context)


@cache
def text_environment() -> Environment:
    """The environment for plain-text documents (the EHR note): nothing is markup, so no escaping.

    Only ``*.txt.j2`` templates are rendered here; their output is never given to ReportLab.
    """
    return Environment(
        loader=FileSystemLoader(str(resource("templates"))),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_text(name: str, **context: Any) -> str:
    """Render a plain-text template (``templates/<name>``, which must end in ``.txt.j2``)."""
    if not name.endswith(".txt.j2"):
        raise ValueError(f"plain-text templates end in .txt.j2, not {name!r}")
    return text_environment().get_template(name).render(**context)
