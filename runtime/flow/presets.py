"""Ready-made flows ("presets") shipped as flow files in ``presets/`` at the repository root.

``flowcanvas flow preset PROJECT NAME`` and the designer's "New from preset" load them by name.
Each file keeps, in ``settings.preset``, what the preset expects (``expects``: the events it
reacts to and the contact fields it reads) and its sample templates in other languages
(``templates``: ``{lang: {step_id: {config key: text}}}``; English is the steps' own config) and
its words in other languages (``names``: ``{lang: {"title", "description", "steps": {step_id: name},
"tags": {tag: name}}}``: a tag the preset sets or reads is named in that language, so a report's
milestones and a contact's tags speak it too).
:func:`load_preset` drops that block (a user's flow does not need it) and can apply a language.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from runtime.errors import InputError, NotFoundError
from runtime.flow.io import load_flow
from runtime.flow.model import Flow

__all__ = ["LANGUAGES", "PRESETS_DIR", "load_preset", "preset_catalog", "preset_info", "preset_names", "preset_path",
           "preset_tags", "preset_titles"]

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


def _language(lang: str | None) -> str:
    if lang is None:
        from runtime.i18n import current_language

        lang = current_language() if current_language() in LANGUAGES else "en"
    if lang not in LANGUAGES:
        raise InputError(f"no preset language {lang!r} (languages: {', '.join(LANGUAGES)})")
    return lang


def _words(meta: dict[str, Any], lang: str) -> dict[str, Any]:
    """The preset's title, description and step names in ``lang`` (empty: keep the English)."""
    found = (meta.get("names") or {}).get(lang) if lang != "en" else None
    return found if isinstance(found, dict) else {}


def _every_preset_words(lang: str | None) -> Iterator[tuple[Flow, dict[str, Any]]]:
    """Each preset's flow (English) with its words in ``lang`` (see :func:`_words`)."""
    lang = _language(lang)
    for name in preset_names():
        flow = load_flow(preset_path(name))
        yield flow, _words(flow.settings.get("preset") or {}, lang)


def preset_titles(lang: str | None = None) -> dict[str, str]:
    """English title -> its title in ``lang`` for every preset (a preset that leaves another one
    names it by its title, which follows the language too)."""
    out = {}
    for flow, words in _every_preset_words(lang):
        title = words.get("title")
        if isinstance(title, str) and title:
            out[flow.name] = title
    return out


def preset_tags(lang: str | None = None) -> dict[str, str]:
    """English tag -> its name in ``lang`` from every preset's ``names`` (one table, so a tag one
    preset sets and another reads keeps one name; the demo's contacts use it too)."""
    out: dict[str, str] = {}
    for _flow, words in _every_preset_words(lang):
        tags = words.get("tags")
        if isinstance(tags, dict):
            out.update({k: v for k, v in tags.items() if isinstance(k, str) and isinstance(v, str) and v})
    return out


def _rename_tags(value: Any, tags: dict[str, str]) -> Any:
    """``value`` (a step's config, a trigger, a goal, entry rules) with every tag it names
    (``"tag": x``, ``"tags": [x, ...]``) renamed by ``tags``."""
    if isinstance(value, list):
        return [_rename_tags(item, tags) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "tag" and isinstance(item, str):
            out[key] = tags.get(item, item)
        elif key == "tags" and isinstance(item, list):
            out[key] = [tags.get(t, t) if isinstance(t, str) else t for t in item]
        else:
            out[key] = _rename_tags(item, tags)
    return out


def load_preset(name: str, lang: str | None = None) -> Flow:
    """The flow of preset ``name`` (a fresh object each call): its name, description, step names and
    messages in ``lang`` (default: the language the runtime speaks, see :mod:`runtime.i18n`, when
    the preset has it, else English)."""
    lang = _language(lang)
    flow = load_flow(preset_path(name))
    meta = flow.settings.pop("preset", None) or {}
    if lang == "en":
        return flow
    for step_id, override in (meta.get("templates") or {}).get(lang, {}).items():
        step = flow.step(step_id)
        if step is not None:
            step.config = _merge(step.config, override)
    words = _words(meta, lang)
    flow.name = str(words.get("title") or flow.name)
    flow.description = str(words.get("description") or flow.description)
    for step_id, step_name in (words.get("steps") or {}).items():
        step = flow.step(step_id)
        if step is not None:
            step.name = step_name
    tags = preset_tags(lang)
    for step in flow.steps:
        step.config = _rename_tags(step.config, tags)
    flow.trigger, flow.goal, flow.entry = (_rename_tags(part, tags) for part in (flow.trigger, flow.goal, flow.entry))
    titles = preset_titles(lang)
    for step in flow.steps:  # "leave the flow 'Abandoned cart'" names that preset in the same language
        if step.type == "leave_flows" and isinstance(step.config.get("flows"), list):
            step.config["flows"] = [titles.get(f, f) if isinstance(f, str) else f for f in step.config["flows"]]
    return flow


def preset_info(name: str, lang: str | None = None) -> dict[str, Any]:
    """What the gallery shows: name, title, description (in ``lang``, default as
    :func:`load_preset`), expects, templates per language, shape."""
    flow = load_flow(preset_path(name))
    meta = flow.settings.get("preset") or {}
    words = _words(meta, _language(lang))
    translated = (meta.get("templates") or {})
    templates: dict[str, dict[str, Any]] = {"en": {}}
    for lang, steps in translated.items():
        templates[lang] = steps
        for step_id, override in steps.items():
            step = flow.step(step_id)
            if step is not None:
                templates["en"][step_id] = {k: step.config.get(k) for k in override}
    return {
        "name": name, "title": str(words.get("title") or flow.name),
        "description": str(words.get("description") or flow.description),
        "trigger": flow.trigger, "goal": flow.goal,
        "expects": meta.get("expects") or {}, "templates": templates,
        "steps": [{"id": s.id, "type": s.type, "name": (words.get("steps") or {}).get(s.id, s.name),
                   "position": s.position} for s in flow.steps],
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
