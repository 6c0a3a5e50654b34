"""Walk a widget tree for the words a user reads, and find the ones left in English.

What is read: labels, buttons, check boxes, group box titles, tab titles and tips, table and tree
headers, list items and their tips, placeholders, tooltips, status tips, window titles, menus and
actions, spin box suffixes, combo box items, and on a canvas each item's tooltip, card summaries,
port labels and edge labels. Table cells are the user's data and are not read.

A text is English when a Latin word is left after taking out what may stay Latin in a Russian
interface: proper nouns and formats (FlowCanvas, Telegram, CSV ...), the user's own data (every
text value stored in the project file: flow and step names, step ids, tags, contacts, events),
template code ({{ contact.first_name }}), e-mail addresses, URLs, file names and identifiers.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QTreeWidget,
    QWidget,
)

# names and formats that stay as they are in every language
PROPER = {
    "FlowCanvas", "Telegram", "SMS", "Email", "email", "e-mail", "E-mail", "CSV", "JSON", "XLSX", "Excel", "WhatsApp",
    "Viber", "VK", "VKontakte", "Push", "push", "UTC", "URL", "URLs", "HTTP", "HTTPS", "API", "SMTP", "IMAP", "ID", "id",
    "A/B", "OK", "PNG", "Jinja", "SMS.ru", "SMSC", "Twilio", "Mailgun", "SendGrid", "Unisender", "Web", "ru",
    "en", "zh", "English", "else", "if", "or", "and", "not", "true", "false", "null", "None", "HH", "MM", "off",
    "Enter", "Ctrl", "Shift", "Alt", "Del", "Esc", "Tab", "Space", "HTML", "VAPID", "SID", "Account",
    "Messaging", "Service", "Bot", "BotFather", "Graph", "Business", "Cloud", "HMAC", "SHA", "mailto", "https", "SSL",
    "ssl", "starttls", "none", "twilio", "Markdown", "MarkdownV2", "CLI", "GET", "POST", "PUT", "PATCH", "DELETE",
}
PROPER_FOLDED = {word.casefold() for word in PROPER}
# rendered messages are the user's content (their templates filled in for a sample contact)
USER_CONTENT = {"TemplatePreview"}
# texts that quote the beginning of the user's content (a card's summary and its tooltip)
QUOTING = {"card summary", "canvas tooltip"}
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[a-z_][a-z0-9_.]*\}")
MACHINE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b\w+://\S+"  # URL
    r"|\b[\w*-]+(?:\.[\w*-]+)+\b"  # host names, file names, dotted paths
    r"|\b\w*[_\d]\w*\b"  # identifiers with an underscore or a digit
    r"|\b[a-z]+(?:[A-Z][a-z]+)+\b"  # camelCase keys
    r"|[\"'«][^\"'«»\s]+[\"'»]"  # quoted keys ("city", «sandbox»)
    r"|(?:^|\s)/[^\s]+"  # absolute paths
    r"|`[^`]+`"  # commands (`flowcanvas serve`)
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def project_values(path: Path) -> set[str]:
    """Every text value stored in the project file (the user's data), whole and as words of
    identifier-like pieces."""
    values: set[str] = set()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in db.execute(f'select * from "{table}"'):
                for cell in row:
                    if isinstance(cell, str) and cell:
                        values.add(cell.strip())
                        if cell[:1] in "{[":
                            values.update(s.strip() for s in re.findall(r'"((?:[^"\\]|\\.)*)"', cell) if s.strip())
    values |= {v.replace("_", " ") for v in values}  # identifiers are shown with spaces ("sale interest")
    return {v for v in values if LATIN_WORD.search(v)}


def _plain(text: str) -> str:
    text = text.split("\t")[0]  # a menu entry's shortcut after the tab
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text).replace("&", "")


def english_left(text: str, user_data: set[str]) -> str:
    """The Latin words of ``text`` a Russian user should not see ("" when none)."""
    text = _plain(text)
    if not LATIN_WORD.search(text):
        return ""
    for value in sorted((v for v in user_data if len(v) >= 2 and v in text), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)  # whole words: "no" leaves "none" alone
    text = TEMPLATE.sub(" ", text)
    text = MACHINE.sub(" ", text)
    words = [w for w in LATIN_WORD.findall(text) if w.casefold() not in PROPER_FOLDED]
    return " ".join(words)


def _shortened_content(text: str, content: set[str]) -> str:
    """``text`` without the user's content a card shortened ("Thank you for your pay…"): the cut
    word, and the words of the user's own texts (``content``, folded)."""
    text = re.sub(r"\w*…", " ", _plain(text))
    return LATIN_WORD.sub(lambda m: " " if m.group(0).casefold() in content else m.group(0), text)


def _own_texts(obj: QObject) -> Iterator[tuple[str, str]]:
    """(what, text) pairs a user reads on one widget or action."""
    if isinstance(obj, QAction):
        if not obj.isSeparator():
            yield "action", obj.text()
            yield "action tip", obj.statusTip()
            if obj.toolTip() != obj.text().replace("&", "") and obj.toolTip() != obj.iconText():
                yield "action tooltip", obj.toolTip()
            menu = obj.menu()
            if isinstance(menu, QMenu):
                yield from _menu_texts(menu)
        return
    if not isinstance(obj, QWidget):
        return
    yield "tooltip", obj.toolTip()
    if obj.isWindow() or isinstance(obj, QDockWidget):
        yield "title", obj.windowTitle()
    if isinstance(obj, QLabel):
        yield "label", obj.text()
    elif isinstance(obj, QAbstractButton):
        yield "button", obj.text()
    elif isinstance(obj, QGroupBox):
        yield "group box", obj.title()
    elif isinstance(obj, QLineEdit) or isinstance(obj, (QTextEdit, QPlainTextEdit)):
        yield "placeholder", obj.placeholderText()
    elif isinstance(obj, QComboBox):
        for i in range(obj.count()):
            yield "combo item", obj.itemText(i)
            tip = obj.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield "combo item tip", tip
    elif isinstance(obj, QTabWidget):
        for i in range(obj.count()):
            yield "tab", obj.tabText(i)
            yield "tab tip", obj.tabToolTip(i)
    elif isinstance(obj, QAbstractSpinBox):
        yield "special value", obj.specialValueText()
        if isinstance(obj, (QSpinBox, QDoubleSpinBox)):
            yield "suffix", obj.suffix()
            yield "prefix", obj.prefix()
    elif isinstance(obj, QAbstractItemView):
        yield from _item_view_texts(obj)
    elif isinstance(obj, QGraphicsView) and obj.scene() is not None:
        yield from _scene_texts(obj)
    elif isinstance(obj, QMenu):
        yield from _menu_texts(obj)
    for action in obj.actions():
        yield from _own_texts(action)


def _item_view_texts(obj: QAbstractItemView) -> Iterator[tuple[str, str]]:
    """Headers of tables and trees, list rows and their tips."""
    model = obj.model()
    header_view = obj.horizontalHeader() if isinstance(obj, QTableView) else \
        obj.header() if isinstance(obj, QTreeView) else None
    if model is not None and header_view is not None:
        for column in range(header_view.count()):
            header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if isinstance(header, str):
                yield "header", header
            tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield "header tip", tip
    if isinstance(obj, QTreeWidget):
        for column in range(obj.columnCount()):
            yield "header", obj.headerItem().text(column)
    if isinstance(obj, QListWidget):  # lists of the program's own sentences (problems, palette)
        for row in range(obj.count()):
            yield "list item", obj.item(row).text()
            yield "list item tip", obj.item(row).toolTip()


def _scene_texts(view: QGraphicsView) -> Iterator[tuple[str, str]]:
    """What a canvas shows besides its painting: each item's tooltip and the label an edge or a
    card says in words (``label()``, ``summary``, ``port_texts()``, the join and goal labels)."""
    for item in view.scene().items():
        yield "canvas tooltip", item.toolTip()
        label = getattr(item, "label", None)
        if callable(label):
            text = label()
            if isinstance(text, str):
                yield "edge label", text
        summary = getattr(item, "summary", None)
        if isinstance(summary, str):
            yield "card summary", summary
        for painted in ("join_label", "goal_text"):  # words a card or the trigger paints
            text = getattr(item, painted, None)
            if isinstance(text, str):
                yield "canvas label", text
        ports = getattr(item, "port_texts", None)
        if callable(ports):
            for text in ports():
                yield "port label", text


def _menu_texts(menu: QMenu) -> Iterator[tuple[str, str]]:
    yield "menu", menu.title()
    for action in menu.actions():
        yield from _own_texts(action)


def _chart_menu(obj: QObject) -> bool:
    """Part of a chart's own context menu (pyqtgraph's, English only): the designer switches those
    menus off (``setMenuEnabled(False)``), so a user never sees them."""
    in_menu, start = False, obj
    while obj is not None:
        in_menu = in_menu or isinstance(obj, QMenu)
        if (in_menu or isinstance(start, QAction)) and (
                type(obj).__module__.startswith("pyqtgraph") or isinstance(obj, pg.GraphicsView)):
            return True
        obj = obj.parent()
    return False


def _name(obj: QObject) -> str:
    parts = []
    while obj is not None and len(parts) < 4:
        parts.append(obj.objectName() or type(obj).__name__)
        obj = obj.parent()
    return "/".join(reversed(parts))


def untranslated(roots: Iterable[QWidget], user_data: set[str]) -> list[str]:
    """Every text left in English under ``roots``, as "path: kind: text" lines (sorted, unique)."""
    found: set[str] = set()
    content = {w.casefold() for v in user_data for w in LATIN_WORD.findall(v)}
    for root in roots:
        widgets = [root, *root.findChildren(QWidget), *root.findChildren(QAction), *root.findChildren(QMenu)]
        for obj in widgets:
            if obj.objectName().startswith("qt_"):
                continue  # Qt's own parts (calendar, spin box editors): Qt's catalogue covers them
            if _chart_menu(obj) or obj.objectName() in USER_CONTENT:
                continue
            for kind, text in _own_texts(obj):
                if kind in QUOTING and text:  # a card's summary quotes the user's message, cut short
                    text = _shortened_content(text, content)
                if text and english_left(text, user_data):
                    found.add(f"{_name(obj)}: {kind}: {text!r}")
    return sorted(found)
