"""A new demo project opens with weeks of history the engine really ran: counts, goal exits,
messages, held (stuck) contacts; the same clock gives the same project."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from runtime.cli.main import main as cli
from runtime.service import ProjectService, VirtualClock

END = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)


def _summary(service: ProjectService) -> dict[str, object]:
    flows = {f.name: f for f in service.list_flows()}
    counts = {name: service.flow_stats(f.id).flow for name, f in flows.items() if f.status == "active"}
    return {"counts": counts, "contacts": service.contact_count()}


def test_demo_history_fills_every_active_flow_through_the_engine(tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    with ProjectService.create(tmp_path / "a.fcproj", demo=True, clock=VirtualClock(END), history_days=21,
                               progress=lambda done, total: progress.append((done, total))) as svc:
        first = _summary(svc)
        flows = {f.name: f for f in svc.list_flows()}
        held = sum(svc.stuck_report(f.id)["total"] for f in flows.values() if f.status == "active")
        cart = svc.flow_stats("Abandoned cart")
        daily = svc.entries_per_day(flows["Welcome"].id, days=21)
    assert progress[-1] == (21 * 8, 21 * 8) and len(progress) == 21 * 8
    counts = first["counts"]
    assert set(counts) == {"Abandoned cart", "Post-purchase", "Telegram funnel", "Welcome"}
    for name, flow in counts.items():
        assert flow.entered >= 10, (name, flow)  # the canvas has numbers on every live flow
        assert flow.completed + flow.exited_goal + flow.exited_other > 0, (name, flow)
    assert sum(c.exited_goal for c in counts.values()) > 0  # someone reached the goal
    assert any(step.entered for step in cart.steps.values())
    assert held > 0  # the demo's cap of one message a day holds someone: the stuck inspector has work
    assert first["contacts"] > 300  # new customers signed up along the way
    # the history is spread over the three weeks, not dumped on the last day
    assert len([day for day, n in daily if n]) >= 10

    with ProjectService.create(tmp_path / "b.fcproj", demo=True, clock=VirtualClock(END), history_days=21) as svc:
        assert _summary(svc) == first  # deterministic for one end time


def test_cli_init_demo_runs_the_history_it_is_asked_for(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.fcproj"
    assert cli(["init", str(path), "--demo", "--history-days", "3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["history_days"] == 3
    with ProjectService.open(path) as svc:
        assert sum(svc.flow_stats(f.id).flow.entered for f in svc.list_flows()) > 0
        assert not svc.get_setting("clock", None)  # the project goes on on the wall clock
    with pytest.raises(SystemExit) as refused:
        cli(["init", str(tmp_path / "x.fcproj"), "--demo", "--history-days", "999"])
    assert refused.value.code == 2
    assert "history-days" in capsys.readouterr().err
    assert not (tmp_path / "x.fcproj").exists()


@pytest.mark.parametrize("end_hour", [1, 13, 22])
def test_a_short_demo_history_still_shows_sign_ups_in_welcome(tmp_path: Path, end_hour: int) -> None:
    # sign-ups are a few percent of the demo's draws: three days could leave Welcome empty on the canvas
    end = END.replace(hour=end_hour)
    with ProjectService.create(tmp_path / "short.fcproj", demo=True, clock=VirtualClock(end), history_days=3) as svc:
        welcome = svc.flow_stats("Welcome")
    assert welcome.flow.entered >= 3, welcome.flow  # someone signed up on each full day
    assert welcome.steps["welcome_email"].entered == welcome.flow.entered


def test_demo_customers_have_push_subscriptions_so_the_cart_push_succeeds(tmp_path: Path) -> None:
    with ProjectService.create(tmp_path / "push.fcproj", demo=True, clock=VirtualClock(END), history_days=21) as svc:
        push = svc.flow_stats("Abandoned cart").steps["push_cart"]
        welcome = svc.flow_stats("Welcome").flow
        pushed = [m for m in svc.outbox("Abandoned cart") if m.channel == "push"]
        newcomer = next(m.contact for m in svc.outbox("Welcome") if m.contact.startswith("live"))
        subscribed = [svc.contact_details(who).push_subscriptions for who in ("c0001", "c0150", newcomer)]
    assert push.entered >= 10 and push.failed == 0, push  # it failed for most of them without a subscription
    assert pushed and {m.status for m in pushed} == {"sandbox"}  # nothing leaves the machine
    assert subscribed == [1, 1, 1]  # the demo base and the customers who sign up later
    assert welcome.entered >= 21  # at the default 21 days too, sign-ups reach Welcome every day
