"""Light and dark themes: the style sheet, the Fusion palette and the canvas colours together.

``resources/themes/light.qss`` is the one hand-written style sheet; the dark one is derived from
it (:func:`dark_stylesheet`): greys swap lightness (white panels become charcoal, dark text becomes
light), pale tints of an accent become deep ones and accent text gets lighter, so a rule added
to the light sheet is dark-themed without a second copy. The canvas paints with the colours in
:data:`CANVAS`, switched in place so the open scenes repaint in the new theme.
"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from designer.canvas import scene, step_item

THEMES_DIR = Path(__file__).resolve().parents[1] / "resources" / "themes"
HEX = re.compile(r"#([0-9a-fA-F]{6})\b")

#: canvas colour -> (light, dark); the QColor objects live in the canvas modules
CANVAS: dict[tuple[object, str], tuple[str, str]] = {
    (scene, "BACKGROUND"): ("#f4f6f9", "#16191f"),
    (scene, "GRID_DOT"): ("#d3d8e0", "#2c323c"),
    (step_item, "CARD_FILL"): ("#ffffff", "#232832"),
    (step_item, "CARD_BORDER"): ("#d5d9e0", "#3a414d"),
    (step_item, "HOVER_BORDER"): ("#94a3b8", "#7c8799"),
    (step_item, "TEXT_COLOR"): ("#111827", "#e8ebf0"),
    (step_item, "MUTED_TEXT"): ("#5b6472", "#a2abb9"),
}


def _dark_hex(match: re.Match[str]) -> str:
    r, g, b = (int(match.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    chroma = max(r, g, b) - min(r, g, b)
    if s < 0.3 or light > 0.97 or (light < 0.3 and chroma < 0.2):  # greys and slates: swap lightness
        light = 0.11 + (1 - light) * 0.8
        s = min(s, 0.15)
    elif light > 0.72:  # a pale tint of an accent (a pill's or banner's background): a deep one
        light = 0.2 + (1 - light) * 0.5
    elif light < 0.45:  # accent text on a light background: lighter, to read on a dark one
        light = 0.62 + (0.45 - light) * 0.3
    r, g, b = colorsys.hls_to_rgb(h, light, s)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def dark_stylesheet(light: str) -> str:
    """The dark variant of a light style sheet (every ``#rrggbb`` mapped, see the module docstring)."""
    return HEX.sub(_dark_hex, light)


def stylesheet(name: str) -> str:
    """The style sheet of theme ``name`` ("light" or "dark"), with ``{themes}`` resolved."""
    text = (THEMES_DIR / "light.qss").read_text(encoding="utf-8")
    if name == "dark":
        text = dark_stylesheet(text)
    return text.replace("{themes}", THEMES_DIR.as_posix())


def _palette(name: str) -> QPalette:
    palette = QPalette()
    if name != "dark":
        return QApplication.style().standardPalette()
    roles = {QPalette.ColorRole.Window: "#1b1f26", QPalette.ColorRole.WindowText: "#e8ebf0",
             QPalette.ColorRole.Base: "#232832", QPalette.ColorRole.AlternateBase: "#283040",
             QPalette.ColorRole.Text: "#e8ebf0", QPalette.ColorRole.Button: "#283040",
             QPalette.ColorRole.ButtonText: "#e8ebf0", QPalette.ColorRole.Highlight: "#2f5fe3",
             QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#283040",
             QPalette.ColorRole.ToolTipText: "#e8ebf0", QPalette.ColorRole.PlaceholderText: "#7c8799",
             QPalette.ColorRole.Link: "#8fb0ff"}
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


class _InlineSheets(QObject):
    """Dark variants of the widgets' own style sheets (status pills, headers set in code): every
    sheet a widget gets while the dark theme is on is mapped like the main one, and put back on
    the way to light."""

    LIGHT, DARK = "fc_light_sheet", "fc_dark_sheet"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange) and isinstance(watched, QWidget):
            self.darken(watched)
        return False

    def darken(self, widget: QWidget) -> None:
        sheet = widget.styleSheet()
        if sheet and sheet != widget.property(self.DARK):
            dark = dark_stylesheet(sheet)
            widget.setProperty(self.LIGHT, sheet)
            widget.setProperty(self.DARK, dark)
            widget.setStyleSheet(dark)

    def lighten(self, widget: QWidget) -> None:
        if widget.styleSheet() and widget.styleSheet() == widget.property(self.DARK):
            widget.setStyleSheet(str(widget.property(self.LIGHT)))
        widget.setProperty(self.DARK, None)


_inline = _InlineSheets()


def _switch_inline_sheets(app: QApplication, dark: bool) -> None:
    app.removeEventFilter(_inline)
    for widget in app.allWidgets():
        _inline.darken(widget) if dark else _inline.lighten(widget)
    if dark:
        app.installEventFilter(_inline)


def apply_theme(app: QApplication, name: str) -> None:
    """Switch the whole application to theme ``name``: style, palette, style sheet and canvas."""
    name = name if name in ("light", "dark") else "light"
    app.setStyle("Fusion")
    app.setPalette(_palette(name))
    app.setStyleSheet(stylesheet(name))
    for (module, attr), colours in CANVAS.items():
        getattr(module, attr).setRgb(QColor(colours[name == "dark"]).rgb())
    _switch_inline_sheets(app, name == "dark")
    scene._grid_brush.cache_clear()  # the dotted tile is painted once per theme
    app.setProperty("flowcanvas_theme", name)
    for view in (w for w in app.allWidgets() if isinstance(w, QGraphicsView)):
        if view.scene() is not None:
            for item in view.scene().items():
                item.update()  # drops the card's cached pixmap
            view.scene().update()
        view.resetCachedContent()
        view.viewport().update()


def current_theme(app: QApplication) -> str:
    """The theme :func:`apply_theme` last applied ("light" before any)."""
    return str(app.property("flowcanvas_theme") or "light")
