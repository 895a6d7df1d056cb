"""Turn a rendered template (a small XML vocabulary) into a PDF with ReportLab, in memory.

The vocabulary, all a template needs::

    <document title="…" footer="…" body-size="10">   the root; footer text goes on every page
      <title>…</title> <subtitle>…</subtitle>        the document's heading
      <h2>…</h2> <h3>…</h3> <p>…</p> <note>…</note>  headings, body text, small print
      <fields><field label="…">…</field></fields>    a two-column table of labels and answers
      <ul><li>…</li></ul>                             a bulleted list
      <spacer height="6"/> <pagebreak/>
      <flowable kind="…" …/>                          a drawing registered in FLOWABLES
      <letterhead logo="path"><p>…</p>…</letterhead>   clinic heading, logo on the left if readable
      <box><p>…</p>…</box>                            text in a ruled box (e.g. whom to call)
      <keep>…</keep>                                  elements kept on one page together
      <rule/>                                         a thin horizontal line

``body-size`` and ``footer-size`` on the root set the type sizes (the handout uses 14 pt);
``lang`` its language (``en`` by default) and ``pages`` the page-number wording, with
``{page}`` and ``{pages}`` (``page {page} of {pages}`` by default).

Inside text elements only ``<b>``, ``<i>`` and ``<br/>`` may appear; the Jinja environment
escapes everything else, so user text never reaches ReportLab as markup. Each run of text
prints in the embedded font that has it (CJK, Arabic and Hebrew included; see
:mod:`waypoint.documents.glyphs` and :mod:`waypoint.documents.bidi`); a character no font has
prints as a visible placeholder.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from waypoint.documents.bidi import paragraph
from waypoint.documents.fonts import FAMILY, register_fonts
from waypoint.documents.glyphs import markup, printable
from waypoint.documents.ink import INK, DocumentMarkupError, FlowableFactory
from waypoint.documents.pages import MUTED, Footer, footed_canvas

PAGE_SIZES = {"letter": LETTER, "a4": A4}
BOLD = frozenset({f"{FAMILY}-Bold", f"{FAMILY}-BoldItalic"})
RULE = colors.Color(0.7, 0.7, 0.7)

#: Drawings a template can place with ``<flowable kind="…">`` (charts, icon arrays).
FLOWABLES: dict[str, FlowableFactory] = {}


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one body size."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    label: ParagraphStyle


def make_styles(body_size: float, *, tight: bool = False) -> Styles:
    """Styles scaled from the body size (10 pt for the chart, 14 pt or more for patients).

    ``tight`` sets lines and paragraphs closer (same type sizes), to save a near-empty last page.
    """
    lead = 1.2 if tight else 1.3
    space = 0.6 if tight else 1.0
    body = ParagraphStyle(
        "body",
        fontName=FAMILY,
        fontSize=body_size,
        leading=body_size * lead,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=body_size * 0.4 * space,
    )
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{FAMILY}-Bold",
            fontSize=body_size * 1.9,
            leading=body_size * 2.3,
            spaceAfter=body_size * 0.2 * space,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=body,
            textColor=MUTED,
            spaceAfter=body_size * 0.8 * space,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=f"{FAMILY}-Bold",
            fontSize=body_size * 1.3,
            leading=body_size * 1.3 * lead,
            spaceBefore=body_size * 0.9 * space,
            spaceAfter=body_size * 0.35 * space,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=f"{FAMILY}-Bold",
            spaceBefore=body_size * 0.5 * space,
            spaceAfter=body_size * 0.2 * space,
        ),
        body=body,
        note=ParagraphStyle(
            "note",
            parent=body,
            fontSize=body_size * 0.8,
            leading=body_size * 0.8 * lead,
            textColor=MUTED,
        ),
        label=ParagraphStyle("label", parent=body, fontName=f"{FAMILY}-Bold", spaceAfter=0),
    )


def inner_markup(element: ET.Element, *, italic: bool = False, bold: bool = False) -> str:
    """The element's content as ReportLab paragraph markup, with text re-escaped.

    ``italic`` and ``bold`` say the element sits inside ``<i>`` (whose faces lack some scripts)
    or ``<b>`` or a bold style (which a run in another font must keep).
    """
    parts = [markup(element.text or "", italic=italic, bold=bold)]
    for child in element:
        if child.tag == "br":
            parts.append("<br/>")
        elif child.tag in ("b", "i"):
            inner = inner_markup(
                child, italic=italic or child.tag == "i", bold=bold or child.tag == "b"
            )
            parts.append(f"<{child.tag}>{inner}</{child.tag}>")
        else:
            raise DocumentMarkupError(f"<{child.tag}> is not allowed inside <{element.tag}>")
        parts.append(markup(child.tail or "", italic=italic, bold=bold))
    return "".join(parts).strip()


def load_flowables() -> None:
    """Register the drawings templates may use (imported late: they pull in ReportLab graphics)."""
    from waypoint.documents import charts, icons

    FLOWABLES[icons.KIND] = icons.icon_array
    FLOWABLES[charts.KIND] = charts.fact_l_chart


class _KeepWithStart(KeepTogether):  # type: ignore[misc]  # ReportLab ships no type information
    """Headings kept on the page with the start of what follows them, however long that is.

    ReportLab's KeepTogether moves a group that does not fit to the next page. For a group
    taller than a page (a heading over a 20,000-character answer) that leaves most of a page
    blank and gains nothing, so such a group starts where it is when the headings and the first
    few lines fit, and splits as it goes.
    """

    def __init__(self, flowables: list[Flowable], page_height: float, lead: float) -> None:
        super().__init__(flowables)
        self._page_height = page_height
        self._lead = lead

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        group_height: float = self._H
        if group_height > self._page_height and avail_height >= self._lead:
            return list(self._content)
        result: list[Flowable] = super().split(avail_width, avail_height)
        return result


def _introduces(element: ET.Element, following: ET.Element | None) -> bool:
    """Whether ``element`` is a paragraph leading into sub-sections (a rule or <h3> next)."""
    return element.tag == "p" and following is not None and following.tag in ("h3", "rule")


class _Builder:
    def __init__(self, styles: Styles, width: float, page_height: float) -> None:
        self.styles = styles
        self.width = width
        self.page_height = page_height

    def build(self, root: ET.Element) -> list[Flowable]:
        """Flowables for the document; a section heading with nothing under it is left out."""
        story: list[Flowable] = []
        pending: list[Flowable] = []  # headings waiting for their first content
        pending_has_h3 = False
        elements = list(root)
        for element, following in zip(elements, [*elements[1:], None], strict=True):
            made = self.element(element)
            if element.tag == "h2":
                if pending_has_h3:
                    story.extend(pending)
                pending, pending_has_h3 = list(made), False
            elif element.tag in ("h3", "rule"):
                # A rule opens what follows it; keep it with that, never alone at a page end.
                pending.extend(made)
                pending_has_h3 = True
            elif pending and (
                element.tag == "note" or (_introduces(element, following) and not pending_has_h3)
            ):
                # An introduction under a heading ("These are the choices we talked about.")
                # stays with it and with the first thing it introduces.
                pending.extend(made)
            elif made and pending:
                # Keep headings on the same page as the start of what follows them.
                story.append(self.keep_with_start(pending, made[0]))
                story.extend(made[1:])
                pending, pending_has_h3 = [], False
            else:
                story.extend(made)
        if pending_has_h3:
            story.extend(pending)
        return story

    def keep_with_start(self, headings: list[Flowable], first: Flowable) -> Flowable:
        """``headings`` and ``first`` on one page, or at least the headings and ~4 lines of it."""
        lead = 4 * self.styles.body.leading
        for heading in headings:
            lead += heading.wrap(self.width, self.page_height)[1]
            lead += heading.getSpaceBefore() + heading.getSpaceAfter()
        # A <keep> group joins the headings' group: nested, ReportLab measures it as endlessly
        # tall (to force its own split), and the headings would be left at the page foot.
        kept = list(first._content) if type(first) is KeepTogether else [first]
        return _KeepWithStart([*headings, *kept], self.page_height, lead)

    def element(self, el: ET.Element) -> list[Flowable]:
        s = self.styles
        simple = {
            "title": s.title,
            "subtitle": s.subtitle,
            "h2": s.h2,
            "h3": s.h3,
            "p": s.body,
            "note": s.note,
        }
        if el.tag in simple:
            style = simple[el.tag]
            return [paragraph(inner_markup(el, bold=style.fontName in BOLD), style)]
        if el.tag == "fields":
            return self.fields(el)
        if el.tag == "ul":
            items = [ListItem(paragraph(inner_markup(li), s.body), leftIndent=12) for li in el]
            if not items:
                return []
            return [
                ListFlowable(
                    items,
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                    bulletFontName=FAMILY,
                    bulletFontSize=s.body.fontSize,
                )
            ]
        if el.tag == "spacer":
            return [Spacer(1, float(el.get("height", "6")))]
        if el.tag == "pagebreak":
            return [PageBreak()]
        if el.tag == "flowable":
            kind = el.get("kind", "")
            if kind not in FLOWABLES:
                raise DocumentMarkupError(f"unknown flowable kind {kind!r}")
            return [FLOWABLES[kind](dict(el.attrib))]
        if el.tag == "rule":
            return [HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=6)]
        if el.tag == "letterhead":
            return self.letterhead(el)
        if el.tag == "box":
            return self.box(el)
        if el.tag == "keep":
            # What belongs together (a short table, an icon array and its option) moves to
            # the next page as one rather than parting at a page end.
            kept = self._children(el)
            return [KeepTogether(kept)] if kept else []
        raise DocumentMarkupError(f"unknown element <{el.tag}>")

    def _children(self, el: ET.Element) -> list[Flowable]:
        made: list[Flowable] = []
        for child in el:
            made.extend(self.element(child))
        return made

    def letterhead(self, el: ET.Element) -> list[Flowable]:
        text = self._children(el)
        logo = _logo(el.get("logo", ""), max_height=self.styles.body.fontSize * 4.5)
        if logo is None:
            return [*text, HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=8)]
        logo_width = logo.drawWidth + 10
        table = Table([[logo, text]], colWidths=[logo_width, self.width - logo_width])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return [table, HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=8)]

    def box(self, el: ET.Element) -> list[Flowable]:
        pad = self.styles.body.fontSize * 0.6
        # Tables inside (fields) are as wide as the box's inside, not the page.
        outer, self.width = self.width, self.width - 2 * pad
        try:
            content = self._children(el)
        finally:
            self.width = outer
        if not content:
            return []
        table = Table([[content]], colWidths=[self.width], splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.2, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
                ]
            )
        )
        return [table]

    def fields(self, el: ET.Element) -> list[Flowable]:
        rows = []
        for field in el:
            if field.tag != "field":
                raise DocumentMarkupError(f"<{field.tag}> is not allowed inside <fields>")
            rows.append(
                [
                    paragraph(markup(field.get("label", ""), bold=True), self.styles.label),
                    paragraph(inner_markup(field) or "—", self.styles.body),
                ]
            )
        if not rows:
            return []
        # The first row is its own table so a heading can be kept with it without dragging
        # the whole section to the next page.
        return [self._table(rows[:1]), *([self._table(rows[1:])] if len(rows) > 1 else [])]

    def _table(self, rows: list[list[Paragraph]]) -> Table:
        label_width = self.width * 0.28
        table = Table(rows, colWidths=[label_width, self.width - label_width], splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ]
            )
        )
        return table


def _logo(path: str, max_height: float) -> Image | None:
    """The clinic's logo scaled to ``max_height``, or None when unset or unreadable.

    A missing or damaged logo must never stop a document from printing.
    """
    if not path:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(path)
        width, height = reader.getSize()
    except Exception:  # any unreadable image: print without the logo
        return None
    if not width or not height:
        return None
    scale = min(max_height / height, (max_height * 3) / width)
    return Image(path, width=width * scale, height=height * scale)


#: A last page using less than this share of its height is worth a second, tighter layout.
SHORT_ENDING = 0.2
#: About how much the tight spacing shortens a document (a share of its height), to try the
#: second layout only where it can save the last page.
TIGHT_SAVING = 0.06


@dataclass(frozen=True)
class _Layout:
    data: bytes
    pages: int
    last_used: float  # points of the last page's frame taken by the body
    frame_height: float

    def short_ending(self) -> bool:
        """Whether the last page holds only a few lines that tighter spacing could pull back."""
        return (
            self.pages > 1
            and self.last_used < SHORT_ENDING * self.frame_height
            and self.last_used < TIGHT_SAVING * (self.pages - 1) * self.frame_height
        )


class _Doc(SimpleDocTemplate):  # type: ignore[misc]  # ReportLab ships no type information
    """A document that notes how far down its last page the body reaches."""

    last_used = 0.0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  (ReportLab's name)
        frame = getattr(self, "frame", None)
        if frame is None:  # a page break or other action between pages
            return
        self.last_used = frame._y2 - frame._topPadding - frame._y


def render_pdf(document_xml: str, *, page_size: str = "letter") -> bytes:
    """Build the PDF for a rendered template; returns its bytes (nothing touches the disk).

    A document whose last page would hold only a few lines is laid out a second time with
    tighter spacing (type sizes unchanged), and that layout is kept if it saves the page.
    """
    register_fonts()
    load_flowables()
    try:
        root = ET.fromstring(document_xml)
    except ET.ParseError as exc:
        raise DocumentMarkupError(f"template produced invalid XML: {exc}") from None
    if root.tag != "document":
        raise DocumentMarkupError("the root element must be <document>")
    first = _layout(root, PAGE_SIZES[page_size], tight=False)
    if not first.short_ending():
        return first.data
    second = _layout(root, PAGE_SIZES[page_size], tight=True)
    return second.data if second.pages < first.pages else first.data


def _layout(root: ET.Element, size: tuple[float, float], *, tight: bool) -> _Layout:
    body_size = float(root.get("body-size", "10"))
    margin = 18 * mm
    footer = Footer(root.get("footer", ""), float(root.get("footer-size", "8")))
    footer.fit(size[0] - 2 * margin)
    buffer = io.BytesIO()
    doc = _Doc(
        buffer,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        # A footer that wraps (a very long name) pushes the body up rather than under it.
        bottomMargin=margin + 6 * mm + footer.extra_height,
        title=printable(root.get("title", "")),
        author=printable(root.get("author", "")),
        creator="Waypoint",
        subject=printable(root.get("title", "")),
        lang=root.get("lang", "en"),
        displayDocTitle=True,
    )
    styles = make_styles(body_size, tight=tight)
    # The frame pads 6 pt on each side; tables must fit inside that, not the bare margins.
    story = _Builder(styles, doc.width - 12, doc.height - 12).build(root)

    wording = root.get("pages", "page {page} of {pages}")
    pages = 0

    def draw_footer(canvas: Any, page: int, total: int) -> None:
        nonlocal pages
        pages = total
        number = wording.format(page=page, pages=total)
        footer.draw(canvas, margin, size[0] - margin, margin, number)

    doc.build(story, canvasmaker=footed_canvas(draw_footer))
    return _Layout(buffer.getvalue(), pages, doc.last_used, doc.height - 12)
