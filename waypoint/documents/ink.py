"""What the PDF builder and the drawings it places share: the ink and the markup error.

pdf.py registers the drawings (icons.py, charts.py); they need only these, not pdf.py itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from reportlab.lib import colors
from reportlab.platypus import Flowable

#: One ink for text and drawings, so a black-and-white printer loses nothing.
INK = colors.black

#: Builds a drawing from the attributes of a template's ``<flowable kind="…">``.
FlowableFactory = Callable[[Mapping[str, str]], Flowable]


class DocumentMarkupError(Exception):
    """A template produced XML this module does not understand (a template bug, not user input)."""
