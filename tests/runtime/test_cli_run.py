"""The engine's CLI: the abandoned-cart story on a virtual clock, stats, outbox, simulate, rehearse,
lifecycle commands and manual entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from runtime.cli.main import main

T0 = "2030-01-07T09:00:00+00:00"  # a Monday, later than any wall clock this test runs on
SUBS = [{"endpoint": "https://push.example/x", "keys": {"p256dh": "k", "auth": "a"}}]


def cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    rc = main(list(argv))
    out = capsys.readouterr()
    assert rc == code, out.err
    if "--json" in argv and code == 0:
        return json.loads(out.out)
    return out


def at(hours: float) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(T0) + timedelta(hours=hours)).isoformat()


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project with five shoppers and the abandoned-cart preset, the virtual clock at T0."""
    proj = tmp_path / "shop.fcproj"
    cli(capsys, "init", str(proj))
    csv = tmp_path / "contacts.csv"
    csv.write_text(
        "id,email,phone,first_name,tags\n"
        "ann,ann@example.com,+447911123451,Ann,\n"
        "bob,bob@example.com,+447911123452,Bob,\n"
        "cid,cid@example.com,+447911123453,Cid,\n"
        "dan,dan@example.com,+447911123454,Dan,\n"
        "eve,eve@example.com,+447911123455,Eve,unsubscribed_all\n", encoding="utf-8")
    cli(capsys, "contacts", "import", str(proj), str(csv))
    con = sqlite3.connect(proj)
    con.execute("UPDATE contacts SET push_subscriptions = ?", (json.dumps(SUBS),))
    con.commit()
    con.close()
    cli(capsys, "run", str(proj), "--clock", "virtual", "--until", T0, "--json")
    cli(capsys, "flow", "preset", str(proj), "abandoned_cart", "--activate")
    return proj


def event(capsys: pytest.CaptureFixture[str], proj: Path, who: str, name: str, hours: float, **props: Any) -> None:
    cli(capsys, "event", str(proj), who, name, "--props", json.dumps(props), "--at", at(hours))


def test_abandoned_cart_story(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for who in ("ann", "bob", "cid", "eve"):
        event(capsys, shop, who, "cart_add", 0, cart_url=f"https://shop.example/c/{who}")
    event(capsys, shop, "dan", "cart_add", 5, cart_url="https://shop.example/c/dan")
    event(capsys, shop, "bob", "purchase", 0.5, total=10)
    event(capsys, shop, "cid", "purchase", 2, total=20)
    event(capsys, shop, "dan", "purchase", 30, total=30)

    summary = cli(capsys, "run", str(shop), "--clock", "virtual", "--sandbox", "--until", at(26), "--json")
    assert summary["now"] == at(26) and summary["sandbox"] is True
    # a second invocation continues from the stored virtual now
    cli(capsys, "run", str(shop), "--sandbox", "--until", at(96), "--json")

    outbox = cli(capsys, "outbox", str(shop), "--flow", "Abandoned cart", "--json")
    assert [(m["contact"], m["step"], m["channel"], m["status"], m["at"]) for m in outbox] == [
        ("ann", "email_cart", "email", "sandbox", at(1)),
        ("cid", "email_cart", "email", "sandbox", at(1)),
        ("dan", "email_cart", "email", "sandbox", at(6)),
        ("ann", "push_cart", "push", "sandbox", at(24)),
        ("dan", "push_cart", "push", "sandbox", at(29)),
        ("ann", "sms_cart", "sms", "sandbox", at(72)),
    ]
    assert outbox[0]["content"] == {"to": "ann@example.com", "subject": "You left something",
                                    "body": "Hi Ann,\n\nyour cart is waiting for you: https://shop.example/c/ann\n"}
    assert outbox[-1]["content"] == {"to": "+447911123451",
                                     "text": "Ann, your cart expires soon. Code CART10 takes 10% off: "
                                             "https://shop.example/c/ann"}

    stats = cli(capsys, "stats", str(shop), "Abandoned cart", "--json")
    assert stats["flow"] == {"entered": 4, "active": 0, "completed": 1, "exited_goal": 3, "exited_other": 0,
                             "failed": 0, "conversion": 0.75}
    s = stats["steps"]
    assert s["wait_1h"] == {"entered": 4, "waiting": 0, "completed": 3, "failed": 0}
    assert s["email_cart"] == {"entered": 3, "waiting": 0, "completed": 3, "failed": 0}
    assert s["wait_23h"] == {"entered": 3, "waiting": 0, "completed": 2, "failed": 0}
    assert s["push_cart"] == {"entered": 2, "waiting": 0, "completed": 2, "failed": 0}
    assert s["wait_48h"] == {"entered": 2, "waiting": 0, "completed": 1, "failed": 0}
    assert s["sms_cart"] == {"entered": 1, "waiting": 0, "completed": 1, "failed": 0}

    shown = cli(capsys, "contacts", "show", str(shop), "bob", "--json")
    assert any(e.get("exit_reason") == "goal" for e in shown["executions"])


def test_outbox_and_contact_name_steps_as_the_canvas_does(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event(capsys, shop, "ann", "cart_add", 0, cart_url="https://shop.example/c/ann")
    cli(capsys, "run", str(shop), "--clock", "virtual", "--sandbox", "--until", at(26), "--json")
    outbox = cli(capsys, "outbox", str(shop), "--json")
    assert [(m["step"], m["step_name"]) for m in outbox] == [
        ("email_cart", "Email: You left something"), ("push_cart", "Push: 5% off your cart")]
    text = cli(capsys, "outbox", str(shop)).out
    assert "Abandoned cart › Email: You left something [email_cart]" in text
    assert "Abandoned cart/email_cart" not in text
    shown = cli(capsys, "contacts", "show", str(shop), "ann", "--json")
    assert ("bought_1h", "Bought yet?") in [(s["step"], s["step_name"]) for s in shown["recent_steps"]]
    assert "step Abandoned cart › Push: 5% off your cart [push_cart] completed" in cli(
        capsys, "contacts", "show", str(shop), "ann").out
    stats = cli(capsys, "stats", str(shop), "Abandoned cart").out
    assert "  Bought yet? [bought_1h]: entered 1, waiting 0, completed 1, failed 0" in stats


def test_simulate_one_contact_changes_nothing(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = shop.read_bytes()
    events = tmp_path / "events.jsonl"
    events.write_text('{"name": "page_view", "at": "PT3H"}\n{"name": "purchase", "props": {"total": 5}, "at": "PT30H"}\n',
                      encoding="utf-8")
    result = cli(capsys, "simulate", str(shop), "Abandoned cart", "--contact", "ann", "--events", str(events), "--json")
    assert (result["status"], result["exit_reason"]) == ("exited", "goal")
    assert [(p["step"], p["outcome"]) for p in result["path"] if p["outcome"] != "waiting"] == [
        ("wait_1h", "completed"), ("bought_1h", "completed"), ("email_cart", "completed"), ("wait_23h", "completed"),
        ("bought_24h", "completed"), ("push_cart", "completed")]
    assert [(m["channel"], m["at"]) for m in result["messages"]] == [("email", at(1)), ("push", at(24))]
    assert result["start"] == T0 and result["end"] == at(30)
    # nothing sent, nothing stored
    assert cli(capsys, "outbox", str(shop), "--json") == []
    assert shop.read_bytes() == before or cli(capsys, "stats", str(shop), "Abandoned cart", "--json")["flow"]["entered"] == 0


def test_simulate_errors_name_the_input(shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, "simulate", str(shop), "Abandoned cart", "--contact", "nobody", code=2)
    assert "nobody" in out.err
    out = cli(capsys, "simulate", str(shop), "No such flow", "--contact", "ann", code=2)
    assert "No such flow" in out.err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "x"}\nnot json\n', encoding="utf-8")
    out = cli(capsys, "simulate", str(shop), "Abandoned cart", "--contact", "ann", "--events", str(bad), code=2)
    assert f"{bad}:2" in out.err


def test_rehearse_predicts_from_recent_history(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # last week: three carts, one purchase; rehearsal replays that pattern over the next 7 days
    for who, hours in (("ann", -100), ("bob", -50), ("cid", -20)):
        event(capsys, shop, who, "cart_add", hours, cart_url=f"https://shop.example/c/{who}")
    event(capsys, shop, "bob", "purchase", -49.5, total=10)
    result = cli(capsys, "rehearse", str(shop), "Abandoned cart", "--days", "7", "--json")
    assert result["replayed_events"] == 4
    totals = result["totals"]
    assert totals["entered"] == 3 and totals["exited_goal"] == 1
    # shifted 7 days: ann carts at +68 h (email, push, SMS inside the week), cid at +148 h (only the email)
    assert totals["messages"] == {"email": 2, "push": 1, "sms": 1}
    assert len(result["per_day"]) == 7 and sum(d["entered"] for d in result["per_day"]) == 3
    assert result["steps"]["email_cart"]["completed"] == 2
    assert cli(capsys, "stats", str(shop), "Abandoned cart", "--json")["flow"]["entered"] == 0  # project untouched


def test_lifecycle_commands_and_manual_add(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = str(shop)
    assert cli(capsys, "flow", "pause", proj, "Abandoned cart", "--json")["status"] == "paused"
    out = cli(capsys, "flow", "pause", proj, "Abandoned cart", code=2)
    assert "Abandoned cart" in out.err and "paused" in out.err
    assert cli(capsys, "flow", "resume", proj, "Abandoned cart", "--json")["status"] == "active"
    added = cli(capsys, "flow", "add", proj, "Abandoned cart", "ann", "eve", "--json")
    assert added["entered"] == ["ann"] and added["skipped"][0]["contact"] == "eve"
    out = cli(capsys, "flow", "add", proj, "Abandoned cart", "ghost", code=2)
    assert "ghost" in out.err
    ended = cli(capsys, "flow", "terminate", proj, "Abandoned cart", "--json")
    assert ended["executions_ended"] == 1 and ended["status"] == "terminated"
    assert cli(capsys, "flow", "archive", proj, "Abandoned cart", "--json")["status"] == "archived"
    assert cli(capsys, "stats", proj, "Abandoned cart", "--json")["flow"]["exited_other"] == 1


def test_run_until_in_the_past_is_refused(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, "run", str(shop), "--clock", "virtual", "--until", "2029-01-01T00:00:00Z", code=2)
    assert "backwards" in out.err
    out = cli(capsys, "run", str(shop), "--clock", "virtual", "--until", "tomorrow", code=2)
    assert "tomorrow" in out.err


def test_run_once_real_clock(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = cli(capsys, "run", str(shop), "--once", "--clock", "real", "--sandbox", "--json")
    assert summary["clock"] == "real" and summary["tokens"] == 0


def test_service_engine_views(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from runtime.service import ProjectService

    event(capsys, shop, "ann", "cart_add", 0, cart_url="https://shop.example/c/ann")
    cli(capsys, "run", str(shop), "--sandbox", "--until", at(2), "--json")
    with ProjectService.open(shop) as service:
        [row] = service.outbox("Abandoned cart")
        assert (row.contact, row.channel, row.status) == ("ann", "email", "sandbox")
        path = service.simulate("Abandoned cart", "bob")
        assert path["contact"] == "bob" and path["status"] == "completed" and len(path["messages"]) == 3
        assert service.rehearse("Abandoned cart", 1)["days"] == 1
        assert len(service.outbox()) == 1


def test_run_for_moves_the_virtual_clock(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event(capsys, shop, "ann", "cart_add", 0, cart_url="u")
    summary = cli(capsys, "run", str(shop), "--for", "3600", "--sandbox", "--json")
    assert (summary["clock"], summary["start"], summary["now"]) == ("virtual", T0, at(1))
    assert [m["step"] for m in cli(capsys, "outbox", str(shop), "--json")] == ["email_cart"]
    once = cli(capsys, "run", str(shop), "--once", "--json")
    assert once["now"] == at(1) and once["tokens"] == 0
