"""Tags named in the project's language: a Russian preset sets and reads Russian tags, and the
Russian demo's contacts carry them, so reports' milestones and tag lists speak Russian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime import i18n
from runtime.flow.presets import load_preset, preset_tags
from runtime.service import ProjectService


def _tags_named(flow_dict: object) -> set[str]:
    """Every tag a flow (as a dict) sets or reads."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "tag" and isinstance(item, str):
                    found.add(item)
                elif key == "tags" and isinstance(item, list):
                    found.update(t for t in item if isinstance(t, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(flow_dict)
    return found


@pytest.fixture
def russian_runtime() -> Iterator[None]:
    i18n.set_language("ru")
    try:
        yield
    finally:
        i18n.set_language("en")


def test_russian_presets_set_and_read_russian_tags() -> None:
    welcome_en, welcome_ru = load_preset("welcome", lang="en"), load_preset("welcome", lang="ru")
    assert {"new_subscriber", "engaged"} <= _tags_named([s.config for s in welcome_en.steps])
    ru = _tags_named([s.config for s in welcome_ru.steps])
    assert {"новый_подписчик", "вовлечён"} <= ru and not {"new_subscriber", "engaged"} & ru
    # a tag in entry rules follows too, and one the preset gives no name (a system tag) stays
    reactivation = load_preset("reactivation", lang="ru")
    assert _tags_named(reactivation.entry) == {"спящий", "unsubscribed_all"}
    assert preset_tags("en") == {}
    assert preset_tags("ru")["sale_interest"] == "интерес_к_распродаже"


def test_demo_created_in_russian_names_its_tags_in_russian(tmp_path: Path, russian_runtime: None) -> None:
    with ProjectService.create(tmp_path / "demo.fcproj", demo=True) as svc:
        tags = {t["name"] for t in svc.list_tags()}
        milestones = svc.report()["milestones"]  # the report's legend and daily table columns
        used = set()
        for flow in svc.list_flows():
            draft = svc.get_flow(flow.id).draft
            used |= _tags_named([[s.config for s in draft.steps], draft.trigger, draft.entry, draft.goal])
    english = set(preset_tags("ru"))  # the English names of the tags the presets name
    assert {"интерес_к_распродаже", "лид", "покупатель", "рассылка"} <= tags and "sale_interest" not in tags
    assert {"новый_подписчик", "горячий_лид"} <= used
    assert not (tags | used) & english, (tags | used) & english
    assert "интерес_к_распродаже" in milestones and not set(milestones) & english, milestones


def test_demo_in_english_keeps_english_tags(tmp_path: Path) -> None:
    with ProjectService.create(tmp_path / "demo.fcproj", demo=True) as svc:
        assert "sale_interest" in {t["name"] for t in svc.list_tags()}
