"""The language of the runtime's own words: CLI messages and help, step and field names, summaries.

A gettext catalogue made with Babel: ``runtime/locale/<lang>/LC_MESSAGES/flowcanvas.po`` (the
source, extracted by ``make pot``) compiled to ``.mo`` by ``pybabel compile`` (``make
translations``). A fresh clone without the ``.mo`` still speaks the language: the ``.po`` is then
compiled in memory.

The CLI picks the language from ``--lang`` or the environment (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG); the designer sets it to its interface language. English is the source language.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "flowcanvas"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def available_languages() -> list[str]:
    """English and every language with a catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *found]


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The first language of LANGUAGE / LC_ALL / LC_MESSAGES / LANG that has a catalogue ("ru_RU.UTF-8" is "ru")."""
    environ = os.environ if environ is None else environ
    known = available_languages()
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in (environ.get(var) or "").split(":"):
            code = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in known:
                return code
            if code and code not in ("c", "posix"):
                return SOURCE_LANGUAGE  # the user's first choice is a language we do not have
    return SOURCE_LANGUAGE


def _load(language: str) -> _gettext.NullTranslations:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.exists() and (not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime):
        with compiled.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not source.exists():
        raise ValueError(f"no catalogue for language {language!r} (languages: {', '.join(available_languages())})")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def set_language(language: str | None) -> str:
    """Speak ``language`` from now on (None: the environment's); returns the language chosen.

    Raises ValueError for a language without a catalogue."""
    global _translations, _language
    language = (language or language_from_env()).lower().replace("-", "_").split("_")[0]
    _translations = _gettext.NullTranslations() if language == SOURCE_LANGUAGE else _load(language)
    _language = language
    return language


def current_language() -> str:
    """The language set last (English at start)."""
    return _language


def gettext(message: str) -> str:
    """``message`` in the current language (itself when it has no translation)."""
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


_ = gettext
