"""Ready-made flows ("presets") shipped as flow files in ``presets/`` at the repository root.

``flowcanvas flow preset PROJECT NAME`` and the designer's "New from preset" load them by name.
"""

from __future__ import annotations

from pathlib import Path

from runtime.errors import NotFoundError
from runtime.flow.io import load_flow
from runtime.flow.model import Flow

__all__ = ["PRESETS_DIR", "preset_names", "preset_path", "load_preset"]

PRESETS_DIR = Path(__file__).resolve().parents[2] / "presets"


def preset_names() -> list[str]:
    """Names of the shipped presets (file names without ``.json``), sorted."""
    if not PRESETS_DIR.is_dir():
        return []
    return sorted(p.stem for p in PRESETS_DIR.glob("*.json"))


def preset_path(name: str) -> Path:
    """The file of preset ``name``; NotFoundError (listing the presets) if there is none."""
    path = PRESETS_DIR / f"{name}.json"
    # a name is a plain file stem: no path separators, so ``../x`` cannot escape presets/
    if "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        known = ", ".join(preset_names()) or "none"
        raise NotFoundError(f"no preset named {name!r} (presets: {known})")
    return path


def load_preset(name: str) -> Flow:
    """The flow of preset ``name`` (a fresh object each call)."""
    return load_flow(preset_path(name))
