"""The designer's interface language: Qt translators loaded from ``designer/translations``.

Sources are Qt ``.ts`` files (``pyside6-lupdate`` extracts every ``tr()`` of the designer into
them); ``pyside6-lrelease`` compiles them to ``.qm`` (``make translations``, run by ``make run``
and ``make test``). A fresh clone without the ``.qm`` still starts translated: the first
:func:`install_translator` compiles the missing or stale files itself when lrelease is there.

The chosen language lives in QSettings under :data:`SETTINGS_KEY` (``""`` = the system's).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
SETTINGS_KEY = "ui/language"
SOURCE_LANGUAGE = "en"
# code -> the language's own name (shown as is in the language menu, whatever the current language)
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "zh": "中文"}
CATALOGUE = "flowcanvas"

_installed: list[QTranslator] = []


def lrelease_command() -> str | None:
    """``pyside6-lrelease`` of this interpreter's environment (or on PATH), None if missing."""
    local = Path(sys.executable).with_name("pyside6-lrelease")
    if local.exists():
        return str(local)
    return shutil.which("pyside6-lrelease")


def compile_translations(target: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` whose ``.qm`` is missing or older into ``target`` (default: next to
    it); returns the ``.qm`` files present afterwards. Without lrelease nothing is compiled."""
    target = target or TRANSLATIONS
    target.mkdir(parents=True, exist_ok=True)
    tool = lrelease_command()
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        compiled = target / source.with_suffix(".qm").name
        fresh = compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime
        if not fresh and tool is not None:
            subprocess.run([tool, "-silent", str(source), "-qm", str(compiled)], check=True)
    return sorted(target.glob("*.qm"))


def _qm_path(language: str) -> Path | None:
    compiled = TRANSLATIONS / f"{CATALOGUE}_{language}.qm"
    source = compiled.with_suffix(".ts")
    stale = not compiled.exists() or (source.exists() and compiled.stat().st_mtime < source.stat().st_mtime)
    if stale and source.exists():
        try:
            compile_translations()
        except (OSError, subprocess.CalledProcessError):
            # an installed, read-only copy: compile into the user's temporary directory instead
            import tempfile

            compiled = Path(tempfile.gettempdir()) / "flowcanvas-translations" / compiled.name
            compile_translations(compiled.parent)
    return compiled if compiled.exists() else None


def system_language() -> str:
    """The system locale's language if the designer has it, else English."""
    code = QLocale.system().name().split("_")[0]
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def saved_language(settings: QSettings | None = None) -> str:
    """The language chosen in the settings (``ui/language``), else the system's."""
    value = str((settings or QSettings()).value(SETTINGS_KEY, "") or "")
    return value if value in LANGUAGES else system_language()


def save_language(language: str, settings: QSettings | None = None) -> None:
    """Remember ``language`` for the next start (raises ValueError for an unknown code)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r} (known: {', '.join(LANGUAGES)})")
    (settings or QSettings()).setValue(SETTINGS_KEY, language)


def current_language() -> str:
    """The language of the installed translators (English when none is installed)."""
    return str(QCoreApplication.instance().property("flowcanvas_language") or SOURCE_LANGUAGE) \
        if QCoreApplication.instance() is not None else SOURCE_LANGUAGE


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Translate the designer (and Qt's own dialogs' buttons) into ``language``.

    Replaces translators installed before; English removes them. Returns False when the
    language has no compiled catalogue (the interface then stays English)."""
    from runtime.service import runtime_languages, set_language

    # the runtime's words the designer shows (step and field names, summaries) follow the interface
    set_language(language if language in runtime_languages() else SOURCE_LANGUAGE)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    app.setProperty("flowcanvas_language", SOURCE_LANGUAGE)
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return language == SOURCE_LANGUAGE
    path = _qm_path(language)
    if path is None:
        return False
    ours = QTranslator(app)
    if not ours.load(str(path)):
        return False
    qt_own = QTranslator(app)  # "Cancel", "OK" ... of QMessageBox / QDialogButtonBox
    if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    app.setProperty("flowcanvas_language", language)
    return True


def tr_label(text: str) -> str:
    """A label kept in a module constant (marked ``QT_TRANSLATE_NOOP("labels", ...)``), translated."""
    return QCoreApplication.translate("labels", text)


def preset_language() -> str:
    """The language preset templates are created in: the interface's when presets have it."""
    language = current_language()
    return language if language in ("en", "ru") else SOURCE_LANGUAGE
