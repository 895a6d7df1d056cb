"""PDF pages from memory: layout arithmetic, PDFium bitmaps to QImage, a lazy view, printing."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from gui.pdf_pages import (
    PageRect,
    PageView,
    PdfPages,
    bitmap_format,
    bitmap_to_qimage,
    fit_width_layout,
    pages_to_print,
    print_pdf,
    scroll_anchor,
    scroll_to_anchor,
    visible_pages,
)


def numbered_pdf(count: int) -> bytes:
    """A Letter-size PDF whose pages say "Page 1", "Page 2", …"""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 36)
        canvas.drawString(72, 700, f"Page {number}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pages_stack_at_the_width_of_the_view() -> None:
    rects, total = fit_width_layout([(612, 792), (792, 612)], 424, margin=12, gap=12)
    assert rects == [PageRect(12, 12, 400, 518), PageRect(12, 542, 400, 309)]
    assert total == 542 + 309 + 12
    narrow, _total = fit_width_layout([(612, 792)], 10, margin=12, gap=12)
    assert narrow[0].width > 0  # a tiny window still draws a page, not a negative one
    assert fit_width_layout([], 500, margin=12, gap=12) == ([], 24)


def test_only_the_pages_in_the_window_are_visible() -> None:
    rects, _total = fit_width_layout([(612, 792)] * 3, 424, margin=12, gap=12)
    assert visible_pages(rects, 0, 100) == range(0, 1)
    assert visible_pages(rects, 520, 600) == range(0, 2)
    assert visible_pages(rects, 531, 540) == range(1, 1)  # only the gap between pages
    assert visible_pages(rects, 10_000, 10_500) == range(3, 3)


def test_a_resize_keeps_the_same_place_in_view() -> None:
    narrow, _total = fit_width_layout([(612, 792)] * 3, 424, margin=12, gap=12)
    wide, _total = fit_width_layout([(612, 792)] * 3, 824, margin=12, gap=12)
    anchor = scroll_anchor(narrow, narrow[2].y + narrow[2].height // 2)
    assert anchor[0] == 2 and anchor[1] == pytest.approx(0.5, abs=0.01)
    row = scroll_to_anchor(wide, anchor)
    assert row == pytest.approx(wide[2].y + wide[2].height / 2, abs=2)
    assert scroll_to_anchor(wide, scroll_anchor(narrow, 0)) == 0


def test_print_range_is_the_one_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    printer = QPrinter()
    assert pages_to_print(5, printer) == range(5)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert pages_to_print(5, printer) == range(1, 3)
    printer.setFromTo(4, 9)
    assert pages_to_print(5, printer) == range(3, 5)


def test_pdfium_bitmaps_become_images_with_the_same_colours(qtbot) -> None:  # type: ignore[no-untyped-def]
    for fmt, rev, qt_format in (
        (pdfium_c.FPDFBitmap_BGRx, True, QImage.Format.Format_RGBX8888),
        (pdfium_c.FPDFBitmap_BGR, False, QImage.Format.Format_BGR888),
        (pdfium_c.FPDFBitmap_BGR, True, QImage.Format.Format_RGB888),
    ):
        bitmap = pypdfium2.PdfBitmap.new_native(5, 3, fmt, rev_byteorder=rev)
        bitmap.fill_rect((10, 20, 30, 255), 0, 0, 5, 3)
        bitmap.fill_rect((200, 100, 50, 255), 4, 2, 1, 1)
        image = bitmap_to_qimage(bitmap)
        bitmap.close()  # the image owns its own copy
        assert image.format() == qt_format and (image.width(), image.height()) == (5, 3)
        assert image.pixelColor(0, 0) == QColor(10, 20, 30)
        assert image.pixelColor(4, 2) == QColor(200, 100, 50)
    with pytest.raises(ValueError):
        bitmap_format(pdfium_c.FPDFBitmap_BGRx, False)


def test_pages_render_at_the_width_asked(qtbot) -> None:  # type: ignore[no-untyped-def]
    pages = PdfPages(numbered_pdf(2))
    assert len(pages) == 2 and pages.sizes[0] == (612, 792)
    image = pages.render(1, 306)
    assert abs(image.width() - 306) <= 1 and abs(image.height() - 396) <= 1
    assert "Page 2" in pages.text(1)
    pages.close()


def test_the_view_renders_only_what_is_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = PageView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_pages(PdfPages(numbered_pdf(30)))
    qtbot.waitUntil(lambda: view.rendered >= 1)
    assert view.rendered <= 2  # a 30-page document costs what its first page or two cost
    first = view.page_image(0)
    assert first is not None and first.width() == view.rects[0].width

    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.page_image(29) is not None)
    assert view.page_image(0) is None  # pages far off screen are let go
    assert len(view._images) <= 2 + 2 * PageView.KEEP_NEAR

    view.resize(800, 700)  # sharp again at the new width once the resize settles
    qtbot.waitUntil(
        lambda: (
            view.page_image(29) is not None
            and (
                view.page_image(29).width() == view.rects[29].width  # type: ignore[union-attr]
            )
        )
    )
    assert view.rects[29].width > 500


def test_print_paints_the_chosen_pages(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    print_pdf(numbered_pdf(5), printer)
    assert len(PdfReader(out).pages) == 3
