"""Form every PDF shares: "page N of M", language and title for readers, body before footer."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.waypoint.documents.helpers import CLINIC
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.pdf import render_pdf
from waypoint.record.sample import sample_record


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def test_every_page_says_page_n_of_m() -> None:
    reader = _reader(render_careplan(sample_record(), settings=CLINIC, content=shipped_content()))
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"page {number} of {total}" in page.extract_text()


def test_language_and_title_are_set_for_readers() -> None:
    reader = _reader(render_careplan(sample_record(), settings=CLINIC, content=shipped_content()))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"].get_object()["/DisplayDocTitle"])
    assert reader.metadata is not None
    assert reader.metadata.title == "Care plan: Rosa María Delgado Núñez"


def test_the_root_names_the_language_and_the_page_wording() -> None:
    xml = (
        '<document title="t" lang="es" pages="página {page} de {pages}" footer="pie">'
        "<p>Hola</p></document>"
    )
    reader = _reader(render_pdf(xml))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "página 1 de 1" in reader.pages[0].extract_text()


def test_text_extracts_body_first_footer_last() -> None:
    reader = _reader(render_careplan(sample_record(), settings=CLINIC, content=shipped_content()))
    for page in reader.pages:
        text = page.extract_text().strip()
        assert text.endswith(f"of {len(reader.pages)}")
        assert not text.startswith("Rosa María Delgado Núñez · born")
