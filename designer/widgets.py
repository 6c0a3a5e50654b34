"""Small widget helpers the designer's panels and dialogs share.

Labels carry a ``role`` dynamic property that the style sheet keys on (``title``, ``subtitle``,
``hint``, ``ok``, ``error``, ...); after such a property changes the widget must be re-polished
for the style sheet to apply, which :func:`restyle` does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

__all__ = ["compact", "label", "restyle"]


def label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    """A label with an optional style ``role`` (word-wrapped unless ``wrap`` is False)."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def compact(combo: QComboBox, chars: int = 10) -> None:
    """Let a combo box shrink below its longest item (long flow and step names elide)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
