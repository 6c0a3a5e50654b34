"""Find text a user cannot read in full: clipped buttons, cut labels, hidden tool bar actions.

:func:`cut_texts` walks a shown widget tree and lists every visible piece of text that does not fit
the room it was given: push/tool buttons, check boxes and radio buttons narrower than their
size hint, one-line labels narrower than their text, line edits whose placeholder is cut, combo
boxes whose current text is cut, tab labels squeezed below their size hint, tree and list items
whose text is elided in their column, and tool bar actions pushed into the overflow menu. Used by
the layout tests (every main view at 1366x768 and 1920x1080, at 100 % and 150 %) and by the
screenshot script to check what it photographs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabBar,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from designer.widgets import ElidedLabel

#: Pixels of tolerance (anti-aliasing, rounding at fractional scale factors).
SLACK = 2


@dataclass(frozen=True)
class CutText:
    """One piece of text that does not fit: what, where, how wide it needs and how wide it got."""

    kind: str
    text: str
    path: str
    needed: int
    got: int

    def __str__(self) -> str:
        return f"{self.kind} {self.text!r} at {self.path}: needs {self.needed}px, has {self.got}px"


def _path(widget: QWidget) -> str:
    parts = []
    node: QWidget | None = widget
    while node is not None and len(parts) < 5:
        parts.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return "/".join(reversed(parts))


def _shown(widget: QWidget, root: QWidget) -> bool:
    """Visible inside ``root`` with some width."""
    return widget.isVisibleTo(root) and widget.width() > 0


def _in_scroll_area(widget: QWidget) -> bool:
    """Inside a scroll area's viewport (it may scroll sideways, so narrow room is not a cut)."""
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea) and not isinstance(node, QAbstractItemView):
            return node.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        node = node.parentWidget()
    return False


def _rich(text: str) -> bool:
    from PySide6 import QtGui

    return bool(QtGui.Qt.mightBeRichText(text))  # type: ignore[attr-defined]


def _label_room(label: QLabel) -> int:
    return label.contentsRect().width() - 2 * label.margin() - max(0, label.indent())


def _check_label(label: QLabel, found: list[CutText]) -> None:
    text = label.text()
    if isinstance(label, ElidedLabel) and label.toolTip() == text:
        return  # ends in "…" by design, the full text in its tooltip
    if not text or label.wordWrap() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return
    if label.textFormat() == Qt.TextFormat.RichText or _rich(text):
        return  # rich text wraps or is laid out by a document; its size hint is checked instead
    needed = max(label.fontMetrics().horizontalAdvance(line) for line in text.splitlines() or [""])
    room = _label_room(label)
    if needed > room + SLACK:
        found.append(CutText("label", text, _path(label), needed, room))


def _scrolls(widget: QWidget) -> bool:
    """Inside a scroll area (not an item view): part of it may be scrolled out of sight."""
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea) and not isinstance(node, QAbstractItemView):
            return True
        node = node.parentWidget()
    return False


def _check_button(button: QAbstractButton, found: list[CutText]) -> None:
    if not button.text():
        return
    text = button.text().replace("&", "")
    needed, got = button.sizeHint().width(), button.width()
    if needed > got + SLACK:
        found.append(CutText(type(button).__name__, text, _path(button), needed, got))
        return
    if _scrolls(button):
        return
    # squeezed or pushed out of sight by its parents (a layout short of height clips a row)
    seen = button.visibleRegion().boundingRect()
    if button.isVisible() and (seen.width() < button.width() - SLACK or seen.height() < min(button.height(),
                                                                                            button.sizeHint().height()) - SLACK):
        found.append(CutText(f"{type(button).__name__} (clipped)", text, _path(button),
                             button.width() * button.height(), seen.width() * seen.height()))


def _check_line_edit(edit: QLineEdit, found: list[CutText]) -> None:
    text = edit.placeholderText() if not edit.text() else ""
    if not text:
        return
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    rect: QRect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    room = rect.width() - margins.left() - margins.right() - 4  # QLineEdit's own horizontal margin
    if edit.isClearButtonEnabled():
        room -= 0  # the clear button shows only with text: the placeholder has its room
    needed = edit.fontMetrics().horizontalAdvance(text)
    if needed > room + SLACK:
        found.append(CutText("placeholder", text, _path(edit), needed, room))


def _check_combo(combo: QComboBox, found: list[CutText]) -> None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    needed = combo.fontMetrics().horizontalAdvance(text)
    if needed > field.width() + SLACK:
        found.append(CutText("combo", text, _path(combo), needed, field.width()))


def _check_tabs(bar: QTabBar, found: list[CutText]) -> None:
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        needed, got = bar.tabSizeHint(index).width(), bar.tabRect(index).width()
        if bar.shape() in (QTabBar.Shape.RoundedWest, QTabBar.Shape.RoundedEast):
            needed, got = bar.tabSizeHint(index).height(), bar.tabRect(index).height()
        if needed > got + SLACK:
            found.append(CutText("tab", bar.tabText(index), _path(bar), needed, got))


def _check_tree(tree: QTreeWidget, found: list[CutText]) -> None:
    if tree.columnCount() != 1:
        return  # tables of values may elide by design; single-column lists (the palette) must not
    viewport = tree.viewport().width()
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value() is not None:
        item = iterator.value()
        iterator += 1
        if item.isHidden():
            continue
        rect = tree.visualItemRect(item)
        if rect.isNull():
            continue
        font = item.font(0)
        icon = tree.iconSize().width() + 6 if not item.icon(0).isNull() else 0
        needed = rect.left() + icon + QFontMetrics(font).horizontalAdvance(item.text(0)) + 8
        if needed > viewport + SLACK:
            found.append(CutText("item", item.text(0), _path(tree), needed, viewport))


def _check_list(view: QListWidget, found: list[CutText]) -> None:
    viewport = view.viewport().width()
    for row in range(view.count()):
        item = view.item(row)
        if item.isHidden():
            continue
        icon = view.iconSize().width() + 6 if not item.icon().isNull() else 0
        needed = icon + view.fontMetrics().horizontalAdvance(item.text()) + 8
        if needed > viewport + SLACK and view.wordWrap() is False:
            found.append(CutText("item", item.text(), _path(view), needed, viewport))


def _in_menus(window: QWidget, action: QAction) -> bool:
    """Whether ``action`` is reachable from ``window``'s menu bar (any depth)."""
    menu_bar = window.menuBar() if isinstance(window, QMainWindow) else None
    if menu_bar is None:
        return False
    pending = [a.menu() for a in menu_bar.actions() if a.menu() is not None]
    while pending:
        menu = pending.pop()
        for item in menu.actions():
            if item is action:
                return True
            if item.menu() is not None:
                pending.append(item.menu())
    return False


def _check_toolbar(bar: QToolBar, found: list[CutText]) -> None:
    """Actions folded into the overflow menu: fine in a window's own tool bar when a menu has them
    too (Qt's usual behaviour), never in a tool bar inside a view (a header's Publish button)."""
    window = bar.parentWidget()
    for action in bar.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        widget = bar.widgetForAction(action)
        if widget is not None and not widget.isVisible():
            if isinstance(window, QMainWindow) and _in_menus(window, action):
                continue
            found.append(CutText("toolbar action", action.text().replace("&", ""), _path(bar), 1, 0))


def cut_texts(root: QWidget) -> list[CutText]:
    """Every visible text under ``root`` (a shown window or dialog) that does not fit its room."""
    found: list[CutText] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root) and widget is not root:
            continue
        if isinstance(widget, QToolBar):
            _check_toolbar(widget, found)
            continue
        if widget.parentWidget() is not None and isinstance(widget.parentWidget(), QToolBar) \
                and widget.objectName() == "qt_toolbar_ext_button":
            continue
        if _in_scroll_area(widget):
            continue
        if isinstance(widget, QAbstractButton):
            _check_button(widget, found)
        elif isinstance(widget, QLabel):
            _check_label(widget, found)
        elif isinstance(widget, QLineEdit):
            _check_line_edit(widget, found)
        elif isinstance(widget, QComboBox):
            _check_combo(widget, found)
        elif isinstance(widget, QTabBar):
            _check_tabs(widget, found)
        elif isinstance(widget, QTreeWidget):
            _check_tree(widget, found)
        elif isinstance(widget, QListWidget):
            _check_list(widget, found)
    return found


def too_wide(window: QWidget, width: int, height: int) -> str | None:
    """Why ``window`` cannot be shrunk to ``width`` x ``height`` (None when it can)."""
    need = window.minimumSizeHint().expandedTo(window.minimumSize())
    if need.width() > width or need.height() > height:
        return f"{type(window).__name__} needs at least {need.width()}x{need.height()}, the screen has {width}x{height}"
    return None
