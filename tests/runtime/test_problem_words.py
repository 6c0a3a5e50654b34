"""Problems in the runtime's language: the plain sentence of each problem (Problems panel, card
tooltips, ``flow validate --json``'s ``text``) is Russian when the runtime speaks Russian, with
step names, values and identifiers kept as written; English stays exactly as before."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime import i18n
from runtime.cli.main import main
from runtime.flow.durations import human_duration
from runtime.flow.io import flow_from_dict
from runtime.flow.port_names import port_label
from runtime.flow.presets import load_preset, preset_info
from runtime.flow.validate import validate_flow

# one flow with a problem of each kind a designer user meets: rules, empty fields, ports, links,
# steps on their own, cycles-free graph checks, the linter's advice, trigger, entry and goal
BROKEN = {
    "format": "flowcanvas/1", "name": "Broken", "trigger": {"type": "event", "event": ""},
    "entry": {"repeat": "sometimes"}, "settings": {"quiet_hours": "off"},
    "steps": [
        {"id": "vip", "type": "condition", "name": "VIP?",
         "config": {"if": {"all": [{"tag": "vip"}, {"field": "", "op": "="}]}}},
        {"id": "hello", "type": "send_email", "name": "Hello", "config": {"subject": "{{ x", "body": ""}},
        {"id": "nudge", "type": "send_sms", "config": {"text": "Hi {{ contact.nickname }}"}},
        {"id": "wait", "type": "wait", "config": {"event": "purchase"}},
        {"id": "split", "type": "ab_split", "config": {"groups": [{"name": "A", "share": 60}, {"name": "B", "share": 30}]}},
        {"id": "hook", "type": "webhook", "config": {"url": "http://crm.example/hook", "method": "POST"}},
        {"id": "alone", "type": "add_tag", "config": {"tag": "x"}},
        {"id": "t2", "type": "add_tag", "config": {}},
    ],
    "edges": [{"from": "vip", "port": "yes", "to": "hello"}, {"from": "vip", "port": "maybe", "to": "nudge"},
              {"from": "hello", "to": "nudge"}, {"from": "nudge", "to": "wait"}, {"from": "wait", "port": "no",
                                                                                 "to": "split"},
              {"from": "split", "port": "A", "to": "hook"}, {"from": "hook", "to": "gone"},
              {"from": "split", "port": "B", "to": "t2"}],
}
# Latin words that may stay in a Russian sentence: names, formats, the flow file's own keys
ALLOWED = {"sms", "email", "telegram", "push", "http", "https", "url", "iso", "post", "vip", "id", "a/b",
           "purchase"}  # (an event name: the user's data)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|\{\{.*?\}\}|\S*[._]\S*|https?://\S+")


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` outside quoted values, identifiers and allowed names."""
    bare = QUOTED.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}(?:/[A-Za-z]+)?", bare) if w.lower() not in ALLOWED]


def test_every_problem_of_a_broken_flow_is_in_russian(russian: None) -> None:
    report = validate_flow(flow_from_dict(BROKEN))
    assert len(report.problems) >= 12
    left = {p.text: english_words(p.text) for p in report.problems if english_words(p.text)}
    assert not left, "English left in Russian problem texts:\n" + "\n".join(f"{t!r}: {w}" for t, w in left.items())
    texts = [(p.step_id, p.code, p.text) for p in report.problems]
    assert ("vip", "bad_condition", "Условие 'VIP?': в правиле 2 не выбрано поле") in texts
    assert ("vip", "bad_port", "у шага Условие 'VIP?' нет выхода 'maybe' (его выходы: да, нет)") in texts
    # the technical message and the codes stay as the file spells them
    assert report.codes() == validate_flow_in_english().codes()
    assert [p.message for p in report.problems] == [p.message for p in validate_flow_in_english().problems]


def validate_flow_in_english():  # type: ignore[no-untyped-def]
    language = i18n.current_language()
    i18n.set_language("en")
    try:
        return validate_flow(flow_from_dict(BROKEN))
    finally:
        i18n.set_language(language)


def test_english_sentences_are_unchanged() -> None:
    texts = [p.text for p in validate_flow(flow_from_dict(BROKEN)).problems]
    assert "Condition 'VIP?': rule 2 has no field chosen" in texts
    assert "Condition 'VIP?' has no port 'maybe' (its ports: yes, no)" in texts


def test_ports_and_durations_with_russian_plurals(russian: None) -> None:
    assert [port_label(p) for p in ("yes", "no", "next", "failed", "else", "A")] == \
        ["да", "нет", "далее", "ошибка", "иначе", "A"]  # a user's own port name stays
    assert [human_duration(d) for d in ("P1D", "P2D", "P5D", "P21D", "PT1H", "PT90M")] == \
        ["1 день", "2 дня", "5 дней", "21 день", "1 ч", "90 мин"]


def test_presets_made_in_russian_are_russian(russian: None) -> None:
    flow = load_preset("post_purchase")
    assert flow.name == "После покупки" and "После покупки" in flow.description
    assert flow.step("leave_cart").config["flows"] == ["Брошенная корзина"]  # the other preset, by its Russian name
    assert flow.step("happy").name == "Оценка 4 или выше?"
    assert preset_info("welcome")["title"] == "Приветствие"
    assert load_preset("welcome", "en").name == "Welcome"
    # tag and event names are the flow's data; "Telegram Business" is a name
    data = {"paid", "satisfied", "engaged", "activated", "dormant", "business", "analysis", "saas", "start",
            "birthday"}  # /start: the bot command; birthday: a field
    for name in ("abandoned_cart", "birthday", "paid_handoff", "reactivation", "saas_onboarding",
                 "telegram_funnel", "tg_lead_magnet", "welcome"):
        made = load_preset(name)
        assert not [w for w in english_words(made.name) if w.lower() not in data], name
        assert not [w for w in english_words(made.description) if w.lower() not in data], name
        assert all(not english_words(s.name) for s in made.steps if s.name), name


def test_cli_validate_speaks_the_lang_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(BROKEN), encoding="utf-8")
    try:
        assert main(["--lang", "ru", "flow", "validate", str(path), "--json"]) != 0
    finally:
        i18n.set_language("en")
    out = json.loads(capsys.readouterr().out)
    bad = [(p["text"], p["message"]) for p in out["errors"] if p["code"] == "bad_condition"]
    assert ("Условие 'VIP?': в правиле 2 не выбрано поле",
            "step 'vip' (condition) if.all[1]: 'field' must be a field name") in bad


def test_stored_reasons_of_held_messages(russian: None) -> None:
    """The dispatcher stores its reasons in English; the stuck-contact report shows them translated."""
    from runtime.flow.problem_words import say

    assert say("frequency cap 1 per day across channels reached: delayed until 2026-12-07 09:00 UTC") == \
        "достигнут лимит 1 в день по всем каналам: отложено до 2026-12-07 09:00 UTC"
    assert say("quiet hours 21:00-08:00 (Europe/Moscow): held until 2026-12-07 08:00 contact time") == \
        "тихие часы 21:00-08:00 (Europe/Moscow): задержано до 2026-12-07 08:00 по времени контакта"
    assert say("sandbox mode: nothing leaves the machine") == "режим песочницы: ничего не уходит с этого компьютера"
    assert say("SMTP 550: mailbox unavailable") == "SMTP 550: mailbox unavailable"  # a provider's words stay
    i18n.set_language("en")
    assert say("sandbox mode: nothing leaves the machine") == "sandbox mode: nothing leaves the machine"


def test_lists_of_values_and_unlisted_places(russian: None) -> None:
    doc = {"format": "flowcanvas/1", "name": "Lists", "goal": {"event": "purchase"},
           "trigger": {"type": "segment", "condition": {"tag": "vip"}, "mode": ["once"]},
           "steps": [{"id": "w", "type": "wait", "config": {"duration": "P1D", "until": "09:00"}}], "edges": []}
    texts = [p.text for p in validate_flow(flow_from_dict(doc)).problems]
    assert "Ожидание (Ждать до 09:00): используйте только одно из: 'duration', 'until'" in texts, texts
    assert "Триггер mode: должно быть текстом, а не списком" in texts, texts
    keys = {"mode", "once", "cron", "realtime"}  # the file's own key and values, named as written
    left = {t: w for t in texts if (w := [x for x in english_words(t) if x not in keys])}
    assert not left, left
