"""The Telegram lead magnet preset, told as its description tells it, on the real engine with a
virtual clock: keyword start, the birth date asked and kept, the analysis at once, milestone tags,
nobody gets it twice, nudges for the silent and the product offered.

The clock starts Monday 2026-03-02 09:00 UTC (the ``clock`` fixture).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from runtime.flow.presets import load_preset
from tests.runtime.preset_story import run_story

M = timedelta(minutes=1)
H = timedelta(hours=1)
D = timedelta(days=1)
ASK, ASK_AGAIN, NUDGE_DATE = "send me your date of birth", "could not read a date", "Still curious"
RESULT, NUDGE, OFFER = "Your number is", "Did your number ring true", "code NUMBER20"


def _lead(name: str) -> dict[str, Any]:
    return {"telegram_chat_id": f"{abs(hash(name)) % 10**9}", "first_name": name.title()}


def _says(text: str) -> dict[str, Any]:
    return {"text": text, "channel": "telegram", "from": "contact"}


def _which(story: Any, who: str) -> list[tuple[timedelta, str]]:
    """``(offset, which message)`` per message ``who`` got, by a phrase of each template."""
    out = []
    for at, channel, content in story.sent[who]:
        assert channel == "telegram"
        text = content["text"]
        out.append((at, next(k for k in (ASK, ASK_AGAIN, NUDGE_DATE, RESULT, NUDGE, OFFER) if k in text)))
    return out


def test_description_names_what_the_test_checks() -> None:
    text = load_preset("tg_lead_magnet").description
    for claim in ("\"analysis\" (or \"анализ\")", "date of birth", "birthday field", "asked once more",
                  "a day of silence gets one nudge", "personal number analysis at once",
                  "offers the full forecast to whoever replies", "lm_birth_date", "lm_result_sent", "lm_silent",
                  "never gets it twice", "purchase within 14 days"):
        assert claim in text, claim


def test_keyword_date_analysis_offer_and_never_twice(project, clock) -> None:
    people = {"ann": _lead("ann"), "boris": _lead("boris"), "stranger": _lead("stranger")}
    script = [
        (0 * M, "ann", "message", _says("Analysis please")),
        (10 * M, "ann", "message", _says("14.02.1990")),        # digits 1+9+9+0+0+2+1+4 = 26 -> 8
        (1 * H, "ann", "message", _says("more")),
        (2 * H, "ann", "message", _says("analysis")),           # again: she has had it, nothing new
        (0 * M, "boris", "message", _says("анализ")),           # the Russian keyword starts it too
        (5 * M, "boris", "message", _says("hello?")),           # not a date: asked once more
        (20 * M, "boris", "message", _says("3 марта 1985")),    # 1+9+8+5+0+3+0+3 = 29 -> 11 -> 2
        (0 * M, "stranger", "message", _says("what is this")),  # no keyword: nothing
    ]
    story = run_story(project, clock, "tg_lead_magnet", people, script, until=5 * D)
    assert _which(story, "ann") == [(0 * M, ASK), (10 * M, RESULT), (1 * H, OFFER)]
    assert story.birthdays["ann"] == "1990-02-14"
    assert "Your number is 8: an achiever" in story.sent["ann"][1][2]["text"]
    assert {"lm_birth_date", "lm_result_sent", "lm_offer_sent"} <= story.tags["ann"]
    assert "lm_silent" not in story.tags["ann"]
    assert story.exits["ann"] == ["completed"]  # one execution: the second "analysis" did not enter

    assert _which(story, "boris") == [(0 * M, ASK), (5 * M, ASK_AGAIN), (20 * M, RESULT),
                                      (20 * M + D, NUDGE)]
    assert story.birthdays["boris"] == "1985-03-03"
    assert "Your number is 2: a peacemaker" in story.sent["boris"][2][2]["text"]
    # silent after the analysis: one nudge, tagged; no offer without a reply
    assert {"lm_birth_date", "lm_result_sent", "lm_silent"} <= story.tags["boris"]
    assert "lm_offer_sent" not in story.tags["boris"]
    assert story.sent["stranger"] == [] and story.exits["stranger"] == []


def test_silent_about_the_date_gets_one_nudge_then_leaves(project, clock) -> None:
    people = {"late": _lead("late"), "gone": _lead("gone"), "buyer": _lead("buyer")}
    script = [
        (0 * M, "late", "message", _says("analysis")),
        (D + 3 * H, "late", "message", _says("my birthday is 1999-09-29")),  # 48 -> 12 -> 3
        (D + 4 * H, "late", "message", _says("tell me more")),
        (0 * M, "gone", "message", _says("analysis")),
        (0 * M, "buyer", "message", _says("analysis")),
        (5 * M, "buyer", "message", _says("01.01.1980")),
        (6 * H, "buyer", "purchase", None),
    ]
    story = run_story(project, clock, "tg_lead_magnet", people, script, until=6 * D)
    # a day without the date: one nudge; the date the next day still gets the analysis and the offer
    assert _which(story, "late") == [(0 * M, ASK), (1 * D, NUDGE_DATE), (D + 3 * H, RESULT), (D + 4 * H, OFFER)]
    assert story.birthdays["late"] == "1999-09-29" and "Your number is 3" in story.sent["late"][2][2]["text"]
    # no date after the nudge either: the flow ends, nothing stored, no milestone
    assert _which(story, "gone") == [(0 * M, ASK), (1 * D, NUDGE_DATE)]
    assert story.birthdays["gone"] is None and not story.tags["gone"] & {"lm_birth_date", "lm_result_sent"}
    assert story.exits["gone"] == ["no_birth_date"]
    # a purchase leaves by the goal: no nudge after the analysis
    assert _which(story, "buyer") == [(0 * M, ASK), (5 * M, RESULT)]
    assert story.exits["buyer"] == ["goal"]


def test_russian_preset_speaks_russian_to_the_lead(project, clock) -> None:
    flow = load_preset("tg_lead_magnet", lang="ru")
    assert "пришлите дату рождения" in flow.step("ask_date").config["text"]
    assert "Ваше число {{ n }}" in flow.step("result").config["text"]
