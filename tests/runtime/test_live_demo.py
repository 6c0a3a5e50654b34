"""The living demo: a gentle, deterministic stream of events over virtual time feeds the flows."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.contacts.live_demo import MAX_CATCH_UP, SLOT, pulse
from runtime.engine.runner import Runtime
from runtime.engine.scheduler import EngineScheduler
from runtime.service import ProjectService
from runtime.service.project import DEMO_ACTIVE_PRESETS
from runtime.storage.models import Event

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def new_events(service: ProjectService) -> list[tuple[str, str, str]]:
    """(contact, event, time) of every event not from the demo's history (unprocessed at creation)."""
    from runtime.storage.models import Contact

    with service.project.session() as session:
        return [(cid, name, at.isoformat()) for cid, name, at in session.execute(
            select(Contact.external_id, Event.name, Event.occurred_at).join(Contact, Contact.id == Event.contact_id)
            .where(Event.recorded_at > START).order_by(Event.id))]


def test_init_demo_starts_presets_active_and_switches_the_stream_on(tmp_path: Path) -> None:
    with ProjectService.create(tmp_path / "d.fcproj", demo=True, clock=VirtualClock(START)) as service:
        status = {f.name: f.status for f in service.list_flows()}
        assert sorted(n for n, s in status.items() if s == "active") == [
            "Abandoned cart", "Post-purchase", "Telegram funnel", "Welcome"]
        assert len(DEMO_ACTIVE_PRESETS) == 4 and service.get_setting("demo:live") is True


def test_stream_over_virtual_time_makes_flows_fill(tmp_path: Path) -> None:
    clock = VirtualClock(START)
    with ProjectService.create(tmp_path / "d.fcproj", demo=True, clock=clock) as service:
        runtime = Runtime(service.project, clock, sandbox=True)
        entered_before = {f.name: f.entered_total for f in service.list_flows()}
        assert set(entered_before.values()) == {0}
        clock.set(START + timedelta(seconds=1))
        for _ in range(120):  # ten virtual minutes, one tick every five seconds
            clock.set(clock.now() + SLOT)
            service.demo_pulse()
            runtime.tick()
        events = new_events(service)
        names = {name for _, name, _ in events}
        assert {"page_view", "cart_add"} <= names
        assert 30 <= len(events) <= 400  # gentle: tens of events in ten minutes, not thousands
        entered = {f.name: f.entered_total for f in service.list_flows()}
        assert entered["Abandoned cart"] > 0
        assert sum(entered.values()) > 0 and entered["Birthday"] == 0  # inactive presets stay empty
        service.set_setting("demo:live", False)
        clock.set(clock.now() + timedelta(minutes=5))
        assert service.demo_pulse() == {} and len(new_events(service)) == len(events)


def test_same_seed_and_clock_give_the_same_stream_however_ticks_fall(tmp_path: Path) -> None:
    streams = []
    for name, step in (("a", SLOT), ("b", timedelta(minutes=3))):
        clock = VirtualClock(START)
        with ProjectService.create(tmp_path / f"{name}.fcproj", demo=True, clock=clock) as service:
            service.demo_pulse()  # the stream starts here
            while clock.now() < START + timedelta(minutes=30):
                clock.set(min(clock.now() + step, START + timedelta(minutes=30)))
                service.demo_pulse()
            streams.append(new_events(service))
    assert streams[0] == streams[1] and len(streams[0]) > 50


def test_a_long_jump_fills_in_at_most_the_catch_up_window(tmp_path: Path) -> None:
    clock = VirtualClock(START)
    with ProjectService.create(tmp_path / "d.fcproj", demo=True, clock=clock) as service:
        service.demo_pulse()
        clock.set(START + timedelta(days=3))
        service.demo_pulse()
        times = [datetime.fromisoformat(at) for _, _, at in new_events(service)]
        assert times and min(times) >= clock.now() - MAX_CATCH_UP - SLOT


def test_engine_scheduler_runs_the_stream_before_each_tick(tmp_path: Path) -> None:
    clock = VirtualClock(START)
    with ProjectService.create(tmp_path / "d.fcproj", demo=True, clock=clock) as service:
        async def drive() -> None:
            engine = EngineScheduler(service.project, clock, sandbox=True, dispatcher=False, live_demo=True)
            engine.run_tick()  # starts the stream
            clock.set(START + timedelta(minutes=20))
            engine.run_tick()
            assert engine.stats.runs["tick"] == 2 and "demo" not in engine.stats.errors

        asyncio.run(drive())
        with service.project.session() as session:
            fresh = session.scalar(select(func.count()).select_from(Event).where(Event.recorded_at > START))
        assert fresh and fresh > 20
        assert sum(f.entered_total for f in service.list_flows()) > 0
