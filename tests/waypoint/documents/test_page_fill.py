"""No document ends on a near-empty page, and no heading is left at the foot of one."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from tests.waypoint.documents import fixtures, handout_fixtures
from tests.waypoint.documents.helpers import CLINIC, font_sizes
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.handout import render_handout
from waypoint.documents.pdf import render_pdf
from waypoint.record.model import Record

#: Fewer body lines than this on a last page is what the issue called a near-empty page.
FEW_LINES = 8
#: Text below this height (points from the page's foot) is the footer, not the body.
FOOTER_TOP = 70.0

RECORDS: dict[str, Callable[[], Record]] = {
    **{f"documents: {name}": make for name, make in fixtures.FIXTURES.items()},
    **{f"handout: {name}": make for name, make in handout_fixtures.FIXTURES.items()},
}
CASES = [
    pytest.param(name, document, lang, id=f"{name}-{document}-{lang}")
    for name in RECORDS
    for document, lang in (("careplan", "en"), ("handout", "en"), ("handout", "es"))
]


def body_lines_by_page(data: bytes) -> list[int]:
    """How many lines of body text (footer left out) each page prints."""
    lines = []
    for page in PdfReader(io.BytesIO(data)).pages:
        baselines: set[int] = set()
        page.extract_text(visitor_text=_collect(baselines))
        lines.append(len(baselines))
    return lines


def _collect(baselines: set[int]) -> Callable[..., None]:
    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > FOOTER_TOP:
            baselines.add(round(y))

    return visit


def render(name: str, document: str, lang: str) -> bytes:
    record, content = RECORDS[name](), shipped_content()
    if document == "careplan":
        return render_careplan(record, settings=CLINIC, content=content)
    return render_handout(record, settings=CLINIC, lang=lang, content=content)


@pytest.mark.parametrize(("name", "document", "lang"), CASES)
def test_no_document_ends_on_a_near_empty_page(name: str, document: str, lang: str) -> None:
    lines = body_lines_by_page(render(name, document, lang))
    assert len(lines) == 1 or lines[-1] >= FEW_LINES, lines


def test_a_tighter_second_layout_keeps_the_type_sizes() -> None:
    """The skipped-planning handout needs the second layout; its type stays 14 pt or more."""
    data = render("handout: skipped planning", "handout", "en")
    assert min(font_sizes(data)) >= 14
    assert len(body_lines_by_page(data)) == 3


def _filler(lines: int) -> str:
    return "".join(f"<p>Line {n} of the filler text.</p>" for n in range(lines))


@pytest.mark.parametrize("filler", range(24, 44))
def test_a_heading_goes_to_the_next_page_with_the_group_under_it(filler: int) -> None:
    """Wherever the page ends, a heading over a kept group is never the last thing on a page."""
    xml = (
        f'<document body-size="10">{_filler(filler)}<h2>Quality of life</h2>'
        "<keep><h3>ESAS-r</h3><fields>"
        + "".join(f'<field label="Item {n}">{n} (Mild)</field>' for n in range(9))
        + "</fields></keep></document>"
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(xml))).pages]
    [heading_page] = [n for n, text in enumerate(pages) if "Quality of life" in text]
    assert "ESAS-r" in pages[heading_page] and "Item 0" in pages[heading_page]


@pytest.mark.parametrize("filler", range(20, 30))
def test_a_heading_and_its_introduction_go_on_with_the_first_option(filler: int) -> None:
    """ "Your choices" and its one-line introduction never end a page without the first option."""
    xml = (
        f'<document body-size="14">{_filler(filler)}<h2>Your choices</h2>'
        "<p>These are the choices we talked about.</p><rule/><h3>Continue docetaxel</h3>"
        "<p>This aims to slow the cancer.</p><rule/><h3>Focus on comfort</h3><p>No cancer "
        "treatment.</p></document>"
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(xml))).pages]
    [heading_page] = [n for n, text in enumerate(pages) if "Your choices" in text]
    assert "Continue docetaxel" in pages[heading_page]
    assert "This aims to slow the cancer." in pages[heading_page]
