"""A combo box never narrower than its longest choice.

Qt sizes a combo box from its style, but the theme's padding (QSS) narrows the text field after
that: "Как в проекте" or "Все условия" were cut by a few pixels in the Russian inspector. The
size hints here add what the field lacks for the longest item.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

__all__ = ["FittingComboBox"]


class FittingComboBox(QComboBox):
    """A :class:`QComboBox` whose size hints fit its longest item's text."""

    def _fitted(self, hint: QSize) -> QSize:
        if self.count() == 0:
            return hint
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, hint.width(), hint.height())
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        metrics = self.fontMetrics()
        longest = max(metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count()))
        return QSize(hint.width() + max(0, longest - field.width() + 2), hint.height())

    def sizeHint(self) -> QSize:
        return self._fitted(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitted(super().minimumSizeHint())
