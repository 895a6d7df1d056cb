"""PDF pages from memory with PDFium: a fit-to-width page view, and printing.

The documents are built in memory and must never reach the disk (they carry PHI), so PDFium
(pypdfium2) opens the bytes directly. PDFium is not thread-safe: everything here runs on the GUI
thread, and the view renders only the pages on screen, so a 30-page care plan opens as fast as a
one-page letter. pypdfium2 is imported on first use to keep it out of the app's start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from waypoint.i18n import _

if TYPE_CHECKING:
    import pypdfium2

#: PDF canvas units per inch.
POINTS_PER_INCH = 72
#: Printing renders at the printer's resolution up to this: a page at 1200 dpi would be a 500 MB
#: image, and office printers show nothing finer than 300 dpi in text this size.
MAX_PRINT_DPI = 300
#: Grey margin around the pages on screen, the gap between pages, and the narrowest page drawn.
VIEW_MARGIN, VIEW_GAP, MIN_PAGE_WIDTH = 12, 12, 120
#: After a resize, wait this long before re-rendering pages sharp at the new width.
RESIZE_SETTLE_MS = 120


@dataclass(frozen=True)
class PageRect:
    """Where a page sits in the view's content, in logical pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        """The first row below the page."""
        return self.y + self.height


def fit_width_layout(
    sizes: Sequence[tuple[float, float]],
    width: int,
    margin: int = VIEW_MARGIN,
    gap: int = VIEW_GAP,
) -> tuple[list[PageRect], int]:
    """Stack pages (sizes in points) one under another, each as wide as ``width`` allows.

    Returns each page's rectangle and the height of the whole column, margins included.
    """
    page_width = max(width - 2 * margin, MIN_PAGE_WIDTH)
    rects: list[PageRect] = []
    y = margin
    for points_wide, points_high in sizes:
        height = round(page_width * points_high / points_wide) if points_wide > 0 else page_width
        rects.append(PageRect(margin, y, page_width, height))
        y += height + gap
    total = y - gap + margin if rects else 2 * margin
    return rects, total


def visible_pages(rects: Sequence[PageRect], top: int, bottom: int) -> range:
    """The indexes of the pages that show between content rows ``top`` and ``bottom``."""
    first = next((i for i, r in enumerate(rects) if r.bottom > top), len(rects))
    last = first
    while last < len(rects) and rects[last].y < bottom:
        last += 1
    return range(first, last)


def scroll_anchor(rects: Sequence[PageRect], top: int) -> tuple[int, float]:
    """The page at content row ``top``, and how far down it that row is (0 to 1)."""
    for index, rect in enumerate(rects):
        if rect.bottom > top:
            return index, max(top - rect.y, 0) / rect.height if rect.height else 0.0
    return 0, 0.0


def scroll_to_anchor(rects: Sequence[PageRect], anchor: tuple[int, float]) -> int:
    """The content row of ``anchor`` (from :func:`scroll_anchor`) in a new layout."""
    index, fraction = anchor
    if index >= len(rects) or (index, fraction) == (0, 0.0):
        return 0
    return rects[index].y + round(fraction * rects[index].height)


def render_scale(points_wide: float, pixels_wide: int) -> float:
    """PDFium's scale (pixels per point) for a page ``points_wide`` drawn ``pixels_wide``."""
    return pixels_wide / points_wide if points_wide > 0 else 1.0


def pages_to_print(count: int, printer: QPrinter) -> range:
    """The page indexes to print: the range the user chose in the print dialog, else all."""
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        return range(count)
    first = max(printer.fromPage(), 1)
    last = min(printer.toPage() or count, count)
    return range(first - 1, last)


def bitmap_format(pdfium_format: int, rev_byteorder: bool) -> QImage.Format:
    """The QImage format with the same bytes as a PDFium bitmap format."""
    import pypdfium2.raw as pdfium_c

    formats = {
        (pdfium_c.FPDFBitmap_Gray, False): QImage.Format.Format_Grayscale8,
        (pdfium_c.FPDFBitmap_Gray, True): QImage.Format.Format_Grayscale8,
        (pdfium_c.FPDFBitmap_BGR, False): QImage.Format.Format_BGR888,
        (pdfium_c.FPDFBitmap_BGR, True): QImage.Format.Format_RGB888,
        # Byte order R, G, B, x/A in memory on every CPU; Qt's 32-bit RGB formats are words.
        (pdfium_c.FPDFBitmap_BGRx, True): QImage.Format.Format_RGBX8888,
        (pdfium_c.FPDFBitmap_BGRA, True): QImage.Format.Format_RGBA8888,
    }
    try:
        return formats[(pdfium_format, rev_byteorder)]
    except KeyError:
        raise ValueError(f"no QImage format for PDFium bitmap format {pdfium_format}") from None


def bitmap_to_qimage(bitmap: Any) -> QImage:
    """A QImage that owns a copy of a PDFium bitmap's pixels (the bitmap can then be closed)."""
    fmt = bitmap_format(bitmap.format, bool(bitmap.rev_byteorder))
    pixels = memoryview(bitmap.buffer).cast("B")
    return QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


class PdfPages:
    """A PDF opened from bytes in memory; pages render to QImages of a given width."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2

        self._pdf: pypdfium2.PdfDocument | None = pypdfium2.PdfDocument(data)
        self.sizes: list[tuple[float, float]] = [
            self._pdf[i].get_size() for i in range(len(self._pdf))
        ]

    def __len__(self) -> int:
        return len(self.sizes)

    def _document(self) -> pypdfium2.PdfDocument:
        if self._pdf is None:
            raise ValueError("the document was closed")
        return self._pdf

    def render(self, index: int, pixels_wide: int) -> QImage:
        """Page ``index`` (from 0) as an opaque image ``pixels_wide`` across."""
        page = self._document()[index]
        bitmap = page.render(
            scale=render_scale(self.sizes[index][0], pixels_wide),
            prefer_bgrx=True,
            rev_byteorder=True,
            # Print-quality text: sharper glyph edges than the default (LCD-free) smoothing.
            optimize_mode="print",
        )
        try:
            return bitmap_to_qimage(bitmap)
        finally:
            bitmap.close()

    def text(self, index: int) -> str:
        """The text on page ``index``."""
        return str(self._document()[index].get_textpage().get_text_range())

    def close(self) -> None:
        """Release PDFium's copy of the document."""
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def print_pdf(data: bytes, printer: QPrinter) -> None:
    """Print the PDF ``data``: each chosen page rendered at the printer's resolution.

    Each page is scaled to fit the printable area, keeping its proportions. Raises OSError in
    plain words when the printer cannot be started.
    """
    pages = PdfPages(data)
    painter = QPainter()
    try:
        indexes = pages_to_print(len(pages), printer)
        if not indexes:
            return
        if not painter.begin(printer):
            raise OSError(_("the printer could not be started"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        area = painter.viewport()
        for number, index in enumerate(indexes):
            if number:
                printer.newPage()
            points_wide, points_high = pages.sizes[index]
            target = QRectF(0, 0, area.width(), area.height())
            if area.width() * points_high > area.height() * points_wide:
                target.setWidth(area.height() * points_wide / points_high)
            else:
                target.setHeight(area.width() * points_high / points_wide)
            painter.drawImage(target, pages.render(index, round(points_wide * dpi / 72)))
    finally:
        if painter.isActive():
            painter.end()
        pages.close()


class PageView(QAbstractScrollArea):
    """Every page of a PDF one under another, as wide as the window, drawn sharp at any scaling.

    Only the pages on screen are rendered; a few nearby stay cached for smooth scrolling.
    """

    #: Pages kept rendered beyond those on screen, above and below.
    KEEP_NEAR = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName(_("Document pages"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always shown, so the page width does not change (and re-layout) as it comes and goes.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages: PdfPages | None = None
        self.rects: list[PageRect] = []
        self._images: dict[int, QImage] = {}
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._on_settle_timeout)
        self.rendered = 0  # pages rendered so far; tests check the view stays lazy

    def set_pages(self, pages: PdfPages | None) -> None:
        """Show ``pages`` from the top (None shows nothing); the previous pages are closed."""
        if self.pages is not None and self.pages is not pages:
            self.pages.close()
        self.pages = pages
        self._images.clear()
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def page_image(self, index: int) -> QImage | None:
        """The image last drawn for page ``index``, if it is still cached."""
        return self._images.get(index)

    def _relayout(self) -> None:
        bar = self.verticalScrollBar()
        anchor = scroll_anchor(self.rects, bar.value())
        sizes = self.pages.sizes if self.pages is not None else []
        self.rects, total = fit_width_layout(sizes, self.viewport().width())
        bar.setRange(0, max(total - self.viewport().height(), 0))
        bar.setPageStep(self.viewport().height())
        bar.setSingleStep(40)
        # Keep the same place in the same page in view when the pages grow or shrink.
        bar.setValue(scroll_to_anchor(self.rects, anchor))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()
        self._settle.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("#8a8a8a"))
        if self.pages is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        top = self.verticalScrollBar().value()
        shown = visible_pages(self.rects, top, top + self.viewport().height())
        ratio = self.viewport().devicePixelRatioF()
        for index in shown:
            r = self.rects[index]
            target = QRect(r.x, r.y - top, r.width, r.height)
            painter.fillRect(target, Qt.GlobalColor.white)
            painter.drawImage(QRectF(target), self._image_for(index, round(r.width * ratio)))
        painter.end()
        near = range(shown.start - self.KEEP_NEAR, shown.stop + self.KEEP_NEAR)
        for index in [i for i in self._images if i not in near]:
            del self._images[index]

    def _image_for(self, index: int, pixels_wide: int) -> QImage:
        image = self._images.get(index)
        # While the window is being resized, stretch the old image rather than render each step.
        if image is None or (image.width() != pixels_wide and not self._settle.isActive()):
            assert self.pages is not None
            image = self.pages.render(index, pixels_wide)
            self.rendered += 1
            self._images[index] = image
        return image

    def _on_settle_timeout(self) -> None:
        self.viewport().update()
