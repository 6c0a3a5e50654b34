"""Notifications: team notes, delivery errors and stuck contacts, with unread counts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from runtime.clock import VirtualClock
from runtime.contacts.events import record_event
from runtime.contacts.lookup import get_contact
from runtime.engine.runner import Runtime
from runtime.flow.io import flow_from_dict
from runtime.service import ProjectService
from tests.runtime.channel_helpers import add_outbox
from tests.runtime.conftest import simple_flow_dict


def test_team_notes_errors_and_stuck_contacts_with_unread_counts(tmp_path: Path, clock: VirtualClock) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("id,first_name,email\nc1,Анна,a@example.com\nc2,Иван,i@example.com\n", encoding="utf-8")
    doc = simple_flow_dict("Signups")
    doc["steps"].insert(0, {"id": "tell", "type": "notify_team", "config": {"text": "New: {{ contact.first_name }}"}})
    doc["edges"].insert(0, {"from": "tell", "to": "wait_1h"})
    with ProjectService.create(tmp_path / "n.fcproj", clock=clock) as service:
        service.import_contacts(csv)
        service.activate(service.create_flow(flow_from_dict(doc)))
        with service.project.write() as session:
            for cid in ("c1", "c2"):
                record_event(session, get_contact(session, cid), "signup", {}, None, clock)
        Runtime(service.project, clock, sandbox=False).tick()
        feed = service.notifications()
        assert [(i["kind"], i["contact"], i["text"]) for i in feed["items"]] == [
            ("team", "c2", "New: Иван"), ("team", "c1", "New: Анна")]
        assert feed["unread"] == {"team": 2, "error": 0, "stuck": 0, "total": 2}

        service.mark_notifications_read()
        clock.set(clock.now() + timedelta(minutes=10))
        with service.project.write() as session:
            add_outbox(session, get_contact(session, "c1"), "email", {"subject": "x"}, "k1", clock.now(),
                       status="failed", error="550 mailbox unavailable")
        # nobody ticks for three hours: both contacts are overdue at the wait step
        clock.set(clock.now() + timedelta(hours=3))
        feed = service.notifications()
        assert feed["unread"] == {"team": 0, "error": 1, "stuck": 2, "total": 3}
        error = next(i for i in feed["items"] if i["kind"] == "error")
        assert error["contact"] == "c1" and "550 mailbox unavailable" in error["text"] and error["unread"]
        stuck = sorted(i["contact"] for i in feed["items"] if i["kind"] == "stuck")
        assert stuck == ["c1", "c2"]
        assert not any(i["unread"] for i in feed["items"] if i["kind"] == "team")
        service.mark_notifications_read()
        assert service.notifications()["unread"]["total"] == 0
