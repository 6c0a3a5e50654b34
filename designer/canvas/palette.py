"""PaletteWidget: every registered step type, grouped, searchable, dragged onto the canvas.

Dragging an entry starts a QDrag carrying :data:`designer.canvas.view.STEP_TYPE_MIME` (the type
name), which :class:`~designer.canvas.view.FlowView` turns into an AddStepCommand where it is
dropped. Double-clicking (or Enter on) an entry emits ``step_type_activated(type_name)`` so the
shell can add the step at the centre of the view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDrag, QFont, QFontMetrics
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from designer.canvas.step_placing import STEP_TYPE_MIME
from designer.canvas.steptypes import GROUPS, step_type_names, type_icon, type_info

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


def step_type_mime(type_name: str) -> QMimeData:
    """The drag payload for a step type (what the view's drop handler expects)."""
    mime = QMimeData()
    mime.setData(STEP_TYPE_MIME, type_name.encode("utf-8"))
    mime.setText(type_name)
    return mime


class _PaletteTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setIconSize(QSize(22, 22))
        self.setDragEnabled(True)
        self.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)

    def mimeTypes(self) -> list[str]:
        return [STEP_TYPE_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        names = [i.data(0, TYPE_ROLE) for i in items if i.data(0, TYPE_ROLE)]
        return step_type_mime(names[0] if names else "")

    def startDrag(self, actions) -> None:  # Qt signature
        item = self.currentItem()
        type_name = item.data(0, TYPE_ROLE) if item is not None else None
        if not type_name:
            return
        drag = QDrag(self)
        drag.setMimeData(step_type_mime(type_name))
        drag.setPixmap(type_icon(type_name, 32).pixmap(32, 32))
        drag.exec(Qt.DropAction.CopyAction)


class PaletteWidget(QWidget):
    """The step palette: a filter box over the step types grouped as messages, timing, logic,
    contact and team."""

    step_type_activated = Signal(str)

    def needed_width(self) -> int:
        """The width at which every entry's name shows in full (beside its icon, with the scroll bar)."""
        widest = 0
        for item in [*self.type_items.values(), *self.group_items.values()]:
            metrics = QFontMetrics(item.font(0))
            icon = self.tree.iconSize().width() + 8 if not item.icon(0).isNull() else 0
            widest = max(widest, metrics.horizontalAdvance(item.text(0)) + icon)
        margins = self.layout().contentsMargins()
        scrollbar = self.tree.style().pixelMetric(self.tree.style().PixelMetric.PM_ScrollBarExtent)
        return widest + self.tree.indentation() + 2 * self.tree.frameWidth() + scrollbar + 16 \
            + margins.left() + margins.right()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Search steps\u2026")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = _PaletteTree(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self.type_items: dict[str, QTreeWidgetItem] = {}
        self.group_items: dict[str, QTreeWidgetItem] = {}
        self.populate()
        self.filter_edit.textChanged.connect(self.set_filter)
        self.tree.itemActivated.connect(self._on_activated)

    def populate(self) -> None:
        """(Re)build the list from the registry."""
        self.tree.clear()
        self.type_items.clear()
        self.group_items.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        by_group: dict[str, list[str]] = {}
        for name in step_type_names():
            by_group.setdefault(type_info(name).group, []).append(name)
        known = [g for g, _ in GROUPS]
        titles = dict(GROUPS) | {g: g.capitalize() for g in by_group if g not in known}
        for group in known + [g for g in by_group if g not in known]:
            names = by_group.get(group)
            if not names:
                continue
            header = QTreeWidgetItem([titles[group].upper()])
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(header)
            self.group_items[group] = header
            for name in names:
                info = type_info(name)
                item = QTreeWidgetItem([info.display_name])
                item.setIcon(0, type_icon(name))
                item.setData(0, TYPE_ROLE, name)
                item.setToolTip(0, f"{info.display_name}: drag onto the canvas")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                header.addChild(item)
                self.type_items[name] = item
        self.tree.expandAll()

    def set_filter(self, text: str) -> None:
        """Show only types whose name or type contains ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        for header in self.group_items.values():
            visible = 0
            for n in range(header.childCount()):
                child = header.child(n)
                match = not needle or needle in child.text(0).lower() or needle in str(child.data(0, TYPE_ROLE))
                child.setHidden(not match)
                visible += match
            header.setHidden(visible == 0)

    def visible_types(self) -> list[str]:
        """Type names currently shown (after filtering)."""
        return [n for n, item in self.type_items.items() if not item.isHidden() and not item.parent().isHidden()]

    def _on_activated(self, item: QTreeWidgetItem, column: int) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.step_type_activated.emit(type_name)
