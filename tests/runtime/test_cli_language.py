"""The CLI in Russian: --lang or LANG picks the catalogue; help, argparse's own words and the CLI's
errors are translated; every message of the CLI has a Russian translation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from runtime import i18n
from runtime.cli.main import main

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
CATALOGUE = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    i18n.set_language("en")


def test_help_in_russian_with_lang_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "ru", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("использование: flowcanvas")
    assert "создать файл проекта" in out and "показать эту справку и выйти" in out
    assert "create a project file" not in out


def test_language_from_the_environment(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    missing = tmp_path / "nope.json"
    assert main(["flow", "validate", str(missing)]) != 0
    assert capsys.readouterr().err.strip() == f"flowcanvas: ошибка: {missing}: нет такого файла"
    # argparse's own errors too
    with pytest.raises(SystemExit):
        main(["flow", "validate"])
    assert "ошибка: нужны аргументы: FILE" in capsys.readouterr().err


def test_english_by_default_and_lang_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert main(["flow", "validate", str(missing)]) != 0
    assert capsys.readouterr().err.strip() == f"flowcanvas: error: {missing}: no such file"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert main(["--lang", "en", "flow", "validate", str(missing)]) != 0
    assert capsys.readouterr().err.strip() == f"flowcanvas: error: {missing}: no such file"


def test_unknown_language_is_named_and_english_is_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--lang", "xx", "flow", "validate", str(tmp_path / "nope.json")]) != 0
    err = capsys.readouterr().err
    assert "no catalogue for language 'xx' (languages: en, ru)" in err
    assert "no such file" in err


def test_language_of_the_environment_variables() -> None:
    assert i18n.language_from_env({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert i18n.language_from_env({"LANGUAGE": "ru:en", "LANG": "en_US.UTF-8"}) == "ru"
    assert i18n.language_from_env({"LANGUAGE": "de:ru", "LANG": "ru_RU.UTF-8"}) == "en"  # first choice unknown
    assert i18n.language_from_env({"LC_ALL": "C", "LANG": "ru_RU"}) == "ru"
    assert i18n.language_from_env({}) == "en"


def test_every_runtime_message_has_a_russian_translation() -> None:
    """A new help text, error or summary of the runtime fails here until `make pot` and a translation add it
    (argparse's own programming errors, never shown to a user of a correct parser, may stay English)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="ru", domain=i18n.DOMAIN)
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    missing = []
    for filename, lineno, message, _comments, _context in extract_from_dir(str(RUNTIME), keywords=keywords):
        key = message if isinstance(message, str) else message[0]
        entry = catalogue.get(key)
        translated = entry is not None and (any(entry.string) if isinstance(entry.string, tuple) else entry.string)
        if not translated:
            missing.append(f"runtime/{filename}:{lineno}: {key!r}")
    for entry in catalogue:  # the names kept as data (step types, fields, channel settings)
        if entry.id and not entry.string and not entry.locations:
            missing.append(f"{'; '.join(entry.auto_comments)}: {entry.id!r}")
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_init_says_what_it_created_in_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    project = tmp_path / "blank.fcproj"
    assert main(["--lang", "ru", "init", str(project)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"создан проект {project}"
