"""The Telegram funnel preset, told as its description tells it, on the real engine with a virtual
clock: /start greets and tags the lead, a reply is read for interest, hot leads get the offer and
go to the team, a "no" gets a polite goodbye, silence a nudge, a purchase ends it by the goal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from runtime.flow.presets import load_preset
from tests.runtime.preset_story import run_story

M = timedelta(minutes=1)
H = timedelta(hours=1)
D = timedelta(days=1)


def _says(text: str) -> dict[str, Any]:
    return {"text": text, "channel": "telegram", "from": "contact"}


def _texts(story: Any, who: str) -> list[tuple[timedelta, str, str]]:
    return [(at, channel, content.get("text", "")) for at, channel, content in story.sent[who]]


def test_telegram_funnel_greets_reads_the_reply_and_hands_hot_leads_to_the_team(project, clock) -> None:
    description = load_preset("telegram_funnel").description
    assert "/start" in description and "tags the lead" in description and "hands hot leads to the team" in description
    people = {who: {"telegram_chat_id": str(5000 + n), "first_name": who.title()}
              for n, who in enumerate(("keen", "cold", "silent", "buyer"))}
    script = [(0 * M, who, "message", _says("/start")) for who in people]
    script += [(10 * M, "keen", "message", _says("yes please")), (1 * H, "cold", "message", _says("no thanks")),
               (2 * H, "buyer", "purchase", None)]
    story = run_story(project, clock, "telegram_funnel", people, script, until=3 * D)
    for who in people:  # everyone is greeted at once and tagged a lead
        assert _texts(story, who)[0][:2] == (0 * M, "telegram") and "Hi " + who.title() in _texts(story, who)[0][2]
        assert "telegram_lead" in story.tags[who]
    # "yes please": the offer with the code, tagged hot, and the team is told
    keen = _texts(story, "keen")
    assert [(at, ch) for at, ch, _ in keen] == [(0 * M, "telegram"), (10 * M, "telegram"), (10 * M, "team")]
    assert "TG10" in keen[1][2] and "Hot Telegram lead: Keen" in keen[2][2]
    assert {"hot_lead", "telegram_optin"} <= story.tags["keen"]
    # "no thanks": a polite goodbye, not a hot lead
    cold = _texts(story, "cold")
    assert [(at, ch) for at, ch, _ in cold] == [(0 * M, "telegram"), (1 * H, "telegram")]
    assert "Send /start any time" in cold[1][2] and "hot_lead" not in story.tags["cold"]
    # silence for a day: one nudge
    silent = _texts(story, "silent")
    assert [(at, ch) for at, ch, _ in silent] == [(0 * M, "telegram"), (1 * D, "telegram")]
    assert "Still there, Silent?" in silent[1][2]
    # a purchase ends the flow by its goal: no nudge
    assert len(story.sent["buyer"]) == 1 and story.exits["buyer"] == ["goal"]
    assert story.exits["keen"] == ["completed"] and story.exits["cold"] == ["completed"]
