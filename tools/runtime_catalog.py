"""Refresh the runtime's gettext catalogue (``make pot``): extract, then merge into each language.

Extracts with Babel every ``_()``/``N_()``/``gettext()``/``ngettext()`` of ``runtime/``, argparse's
own messages ("usage:", "the following arguments are required"), and the names the runtime
gives the designer in data rather than code (step types, their fields, palette groups, channel
settings). Writes ``runtime/locale/flowcanvas.pot`` and updates every
``runtime/locale/<lang>/LC_MESSAGES/flowcanvas.po`` (translations kept, new messages empty).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime.i18n import DOMAIN, LOCALE_DIR  # noqa: E402 - after the path set-up

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _data_messages() -> list[tuple[str, str]]:
    """(message, where) for names kept as data: step types and fields, groups, channel fields."""
    from runtime.channels import settings as channel_settings
    from runtime.steps.registry import GROUP_LABELS, REGISTRY

    found: list[tuple[str, str]] = []
    for name, step_type in REGISTRY.items():
        where = f"step type {name}"
        found += [(step_type.display_name, where), (step_type.description, where)]
        for field in step_type.fields:
            found += [(field.label, f"{where}, field {field.key}"), (field.help, f"{where}, field {field.key}")]
            found += [(choice, f"{where}, a choice of field {field.key}") for choice in field.choices]
        found += [(mode.label, f"{where}, mode {mode.name}") for mode in step_type.modes]
    found += [(label, "palette group") for label in dict(GROUP_LABELS).values()]
    for value in vars(channel_settings).values():
        for field in value if isinstance(value, (list, tuple)) else value.values() if isinstance(value, dict) else ():
            for item in field if isinstance(field, (list, tuple)) else (field,):
                if hasattr(item, "label") and hasattr(item, "help"):
                    found += [(item.label, "channel setting"), (item.help, "channel setting")]
    return [(m, w) for m, w in found if isinstance(m, str) and m.strip()]


def build_template() -> Catalog:
    """The catalogue template: every message of the runtime, argparse and the data names."""
    catalog = Catalog(domain=DOMAIN, project="FlowCanvas", charset="utf-8", copyright_holder="FlowCanvas")
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(ROOT / "runtime"), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        catalog.add(message, locations=[(f"runtime/{filename}", lineno)], auto_comments=comments)
    for lineno, message, comments, _context in extract_from_file("python", argparse.__file__, keywords=KEYWORDS):
        catalog.add(message, locations=[("argparse.py", lineno)], auto_comments=comments)
    for message, where in _data_messages():
        catalog.add(message, auto_comments=[where])
    return catalog


def main() -> int:
    template = build_template()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True, width=100)
    for language in sys.argv[1:] or [p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")]:
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="FlowCanvas", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.header_comment = f"# {language} messages of the FlowCanvas runtime and command line (make pot)."
        catalog.fuzzy = False  # reviewed by hand; pybabel compile skips a catalogue marked fuzzy
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, width=100, ignore_obsolete=True)
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
