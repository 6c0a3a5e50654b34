"""Ready-made flows ("presets") shipped as flow files in ``presets/`` at the repository root.

``flowcanvas flow preset PROJECT NAME`` and the designer's "New from preset" load them by name.
Each file keeps, in ``settings.preset``, what the preset expects (``expects``: the events it
reacts to and the contact fields it reads) and its sample templates in other languages
(``templates``: ``{lang: {step_id: {config key: text}}}``; English is the steps' own config).
:func:`load_preset` drops that block (a user's flow does not need it) and can apply a language.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from runtime.errors import InputError, NotFoundError
from runtime.flow.io import load_flow
from runtime.flow.model import Flow

__all__ = ["LANGUAGES", "PRESETS_DIR", "load_preset", "preset_catalog", "preset_info", "preset_names", "preset_path"]

PRESETS_DIR = Path(__file__).resolve().parents[2] / "presets"
LANGUAGES = ("en", "ru")


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


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_preset(name: str, lang: str = "en") -> Flow:
    """The flow of preset ``name`` (a fresh object each call), its messages in ``lang``."""
    flow = load_flow(preset_path(name))
    meta = flow.settings.pop("preset", None) or {}
    if lang not in LANGUAGES:
        raise InputError(f"no preset language {lang!r} (languages: {', '.join(LANGUAGES)})")
    if lang != "en":
        for step_id, override in (meta.get("templates") or {}).get(lang, {}).items():
            step = flow.step(step_id)
            if step is not None:
                step.config = _merge(step.config, override)
    return flow


def preset_info(name: str) -> dict[str, Any]:
    """What the gallery shows: name, title, description, expects, templates per language, shape."""
    flow = load_flow(preset_path(name))
    meta = flow.settings.get("preset") or {}
    translated = (meta.get("templates") or {})
    templates: dict[str, dict[str, Any]] = {"en": {}}
    for lang, steps in translated.items():
        templates[lang] = steps
        for step_id, override in steps.items():
            step = flow.step(step_id)
            if step is not None:
                templates["en"][step_id] = {k: step.config.get(k) for k in override}
    return {
        "name": name, "title": flow.name, "description": flow.description,
        "trigger": flow.trigger, "goal": flow.goal,
        "expects": meta.get("expects") or {}, "templates": templates,
        "steps": [{"id": s.id, "type": s.type, "name": s.name, "position": s.position} for s in flow.steps],
        "edges": [{"from": e.source, "to": e.target, "port": e.port} for e in flow.edges],
    }


def preset_catalog(query: str = "") -> list[dict[str, Any]]:
    """:func:`preset_info` of every preset whose name, title, description or steps match ``query``."""
    words = query.lower().split()
    out = []
    for name in preset_names():
        info = preset_info(name)
        hay = " ".join([name, info["title"], info["description"], *(s["type"] for s in info["steps"]),
                        *info["expects"].get("events", {})]).lower()
        if all(w in hay for w in words):
            out.append(info)
    return out
