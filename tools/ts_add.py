"""Add or update messages of a Qt ``.ts`` file by hand (what ``make lupdate`` would extract, with
the translation): ``python tools/ts_add.py designer/translations/flowcanvas_ru.ts entries.json``.

``entries.json`` is a list of ``[context, source, translation]``; a translation that is a list
gives the plural forms of a ``%n`` message. An existing message of the same context and source
gets the new translation; the file's layout is kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def escape(text: str, quote: bool = False) -> str:
    """XML text as lupdate writes it (quotes as entities)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&apos;")


def _message(source: str, translation: str | list[str]) -> str:
    if isinstance(translation, list):
        forms = "".join(f"\n            <numerusform>{escape(f, quote=False)}</numerusform>" for f in translation)
        return (f'    <message numerus="yes">\n        <source>{escape(source, quote=False)}</source>\n'
                f"        <translation>{forms}\n        </translation>\n    </message>\n")
    return (f"    <message>\n        <source>{escape(source, quote=False)}</source>\n"
            f"        <translation>{escape(translation, quote=False)}</translation>\n    </message>\n")


def add(text: str, context: str, source: str, translation: str | list[str]) -> str:
    """``text`` with the message added (or its translation replaced)."""
    head = f"<context>\n    <name>{escape(context, quote=False)}</name>\n"
    start = text.find(head)
    if start < 0:
        return text.replace("</TS>", f"{head}{_message(source, translation)}</context>\n</TS>")
    end = text.index("</context>", start)
    block = text[start:end]
    marker = f"<source>{escape(source, quote=False)}</source>"
    at = block.find(marker)
    if at >= 0:
        m_start = block.rfind("    <message", 0, at)
        m_end = block.index("</message>\n", at) + len("</message>\n")
        block = block[:m_start] + _message(source, translation) + block[m_end:]
    else:
        block += _message(source, translation)
    return text[:start] + block + text[end:]


def main() -> int:
    path, entries = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    for context, source, translation in entries:
        text = add(text, context, source, translation)
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {len(entries)} message(s) added or updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
