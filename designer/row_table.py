"""A read-only table model over a list of plain rows (the service's frozen results).

The board's flow list and the outbox page share this: rows replaced as a whole, a fixed number
of columns, no children. Subclasses add ``data`` and their own ``headerData``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

Row = TypeVar("Row")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """``rows`` shown as a table of ``column_count`` columns."""

    column_count = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace every row (views keep their sorting and column widths)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self,
            parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature; the invalid index is never mutated
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self,
            parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature; the invalid index is never mutated
        return 0 if parent.isValid() else self.column_count
