"""What the canvas needs to know about step types: names, groups, colours, icons, ports, summaries.

Everything comes from ``runtime.service.REGISTRY``. A type the registry does not know (a flow
file from a newer version, a typo) still gets a card: a readable name, the ``logic`` colour,
the ports its edges use and no summary, so the canvas never crashes on a bad file; validation
reports the unknown type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from runtime.service import GROUP_LABELS
from runtime.service import GROUPS as GROUP_NAMES

#: Palette groups in display order with their titles (the step registry's, through the service).
GROUPS: tuple[tuple[str, str], ...] = tuple((name, GROUP_LABELS[name]) for name in GROUP_NAMES)

#: Accent colour of each group (cards, palette glyphs, overview).
GROUP_COLORS: dict[str, str] = {
    "messages": "#2f7bf5",
    "timing": "#e89a0c",
    "logic": "#8b5cf6",
    "contact": "#12a37a",
    "team": "#e0487f",
}

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"


@dataclass(frozen=True)
class TypeInfo:
    """Display facts about one step type."""

    type: str
    display_name: str
    group: str
    icon: str
    known: bool

    @property
    def color(self) -> QColor:
        return QColor(GROUP_COLORS.get(self.group, "#6b7280"))


_REGISTRY: dict[str, Any] | None = None


def _registry() -> dict[str, Any]:
    global _REGISTRY
    if _REGISTRY is None:
        from runtime.service import REGISTRY

        _REGISTRY = REGISTRY
    return _REGISTRY


def step_type_names() -> list[str]:
    """Every registered step type, in registry order."""
    return list(_registry())


def type_info(type_name: str) -> TypeInfo:
    """Display facts for ``type_name`` (a fallback for unknown types)."""
    st = _registry().get(type_name)
    if st is None:
        return TypeInfo(type_name, type_name.replace("_", " ").capitalize(), "logic", type_name, False)
    icon = str(getattr(st, "icon", None) or type_name).removesuffix(".svg")
    return TypeInfo(type_name, st.display_name, st.group, icon, True)


def ports_of(type_name: str, config: dict[str, Any]) -> list[str]:
    """Output ports of a step (``[]`` for exit); ``["next"]`` when the type is unknown."""
    st = _registry().get(type_name)
    if st is None:
        return ["next"]
    try:
        return list(st.ports(config))
    except Exception:  # noqa: BLE001 - a half-typed config must not break painting; validation reports it
        return ["next"]


def summary_of(type_name: str, config: dict[str, Any]) -> str:
    """The one-line summary shown on a card ("Wait 24 h")."""
    st = _registry().get(type_name)
    if st is None:
        return "Unknown step type" if _registry() else ""
    try:
        return str(st.summary(config) or "")
    except Exception:  # noqa: BLE001 - same reason as in ports_of
        return ""


def default_config(type_name: str) -> dict[str, Any]:
    """A new step's config: every field's default that is not None."""
    st = _registry().get(type_name)
    if st is None:
        return {}
    if callable(getattr(st, "default_config", None)):
        return dict(st.default_config())
    out: dict[str, Any] = {}
    for f in getattr(st, "fields", ()) or ():
        default = getattr(f, "default", None)
        if default is not None:
            out[f.key] = default
    return out


@cache
def _renderer(icon: str) -> QSvgRenderer | None:
    path = ICON_DIR / f"{icon}.svg"
    if not path.is_file():
        return None
    renderer = QSvgRenderer(str(path))
    return renderer if renderer.isValid() else None


@lru_cache(maxsize=256)
def _icon_pixmap(icon: str, fallback: str, pixels: int) -> QPixmap | None:
    """An SVG rendered once per size: re-rendering SVGs for every card repaint is slow."""
    renderer = _renderer(icon) or _renderer(fallback)
    if renderer is None:
        return None
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    return pixmap


def paint_icon(painter: QPainter, rect: QRectF, info: TypeInfo) -> None:
    """Paint a type's icon into ``rect``: the SVG, or a coloured glyph when there is none."""
    scale = max(1.0, painter.worldTransform().m11() * painter.device().devicePixelRatioF())
    pixels = min(256, max(8, int(rect.width() * scale + 0.5)))
    pixmap = _icon_pixmap(info.icon, info.type, pixels)
    if pixmap is not None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(rect, pixmap, QRectF(pixmap.rect()))
        painter.restore()
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(info.color)
    painter.drawRoundedRect(rect, rect.width() * 0.25, rect.height() * 0.25)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(6, int(rect.height() * 0.55)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, info.display_name[:1].upper())
    painter.restore()


@cache
def type_icon(type_name: str, size: int = 24) -> QIcon:
    """A QIcon for palettes and menus."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_icon(painter, QRectF(0, 0, size * 2, size * 2), type_info(type_name))
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return QIcon(pixmap)
