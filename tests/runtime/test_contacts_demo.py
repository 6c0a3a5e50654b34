"""Demo data: believable, consistent and the same for the same seed and clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from email_validator import validate_email
from sqlalchemy import select

from runtime.clock import UTC, VirtualClock
from runtime.contacts.demo import populate_demo
from runtime.storage.settings import get_setting
from runtime.contacts.tags import contact_tags
from runtime.errors import ProjectError
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, Event, TagLog

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def snapshot(project: Project) -> tuple[list, list, list]:
    with project.session() as session:
        contacts = [(c.external_id, c.first_name, c.last_name, c.email, c.phone, c.telegram_chat_id, c.timezone,
                     c.birthday, c.attributes, c.created_at, c.last_activity_at)
                    for c in session.scalars(select(Contact).order_by(Contact.id))]
        events = [(e.contact_id, e.name, e.properties, e.occurred_at)
                  for e in session.scalars(select(Event).order_by(Event.id))]
        log = [(t.contact_id, t.tag, t.action, t.at, t.by) for t in session.scalars(select(TagLog).order_by(TagLog.id))]
    return contacts, events, log


@pytest.fixture
def demo(project: Project) -> Project:
    populate_demo(project, VirtualClock(NOW))
    return project


def test_same_seed_same_project(demo: Project, tmp_path: Path) -> None:
    other = open_project(tmp_path / "other.fcproj", create=True)
    populate_demo(other, VirtualClock(NOW))
    assert snapshot(other) == snapshot(demo)
    third = open_project(tmp_path / "third.fcproj", create=True)
    populate_demo(third, VirtualClock(NOW), contacts=50, seed=8)
    assert snapshot(third)[0][:5] != snapshot(demo)[0][:5]
    other.close()
    third.close()


def test_contacts_look_real(demo: Project) -> None:
    with demo.session() as session:
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) == 300
        names = " ".join(f"{c.first_name} {c.last_name}" for c in contacts)
        assert re.search(r"[А-Яа-я]", names) and re.search(r"[\u4e00-\u9fff]", names) and re.search(r"[A-Za-z]", names)
        for contact in contacts:
            if contact.phone:
                parsed = phonenumbers.parse(contact.phone, None)
                assert phonenumbers.is_valid_number(parsed)
                assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == contact.phone
            if contact.email:
                assert validate_email(contact.email, check_deliverability=False).normalized == contact.email
            ZoneInfo(contact.timezone)
            assert set(contact.attributes) >= {"city", "total_orders", "plan"}
        assert len({c.timezone for c in contacts}) >= 8
        assert sum(1 for c in contacts if c.telegram_chat_id) > 30
        assert sum(1 for c in contacts if c.birthday) > 200
        assert get_setting(session, "default_region") == "RU"
        assert get_setting(session, "sandbox") is True


def test_tags_match_their_history(demo: Project) -> None:
    with demo.session() as session:
        log = session.scalars(select(TagLog).order_by(TagLog.at, TagLog.id)).all()
        assert {"vip", "newsletter", "customer", "lead"} <= {t.tag for t in log}
        assert any(t.action == "remove" for t in log)
        replayed: dict[int, set[str]] = {}
        for change in log:
            tags = replayed.setdefault(change.contact_id, set())
            (tags.add if change.action == "add" else tags.discard)(change.tag)
        for contact_id, tags in replayed.items():
            assert contact_tags(session, contact_id) == sorted(tags)


def test_a_week_of_events_before_now(demo: Project) -> None:
    with demo.session() as session:
        events = session.scalars(select(Event)).all()
        names = {e.name for e in events}
        assert {"page_view", "cart_add", "purchase", "signup", "message"} <= names
        assert all(NOW - timedelta(days=7) <= e.occurred_at < NOW for e in events)
        assert all(e.processed_at == NOW for e in events)  # history: no flow is triggered by it later
        for contact in session.scalars(select(Contact)):
            mine = [e.occurred_at for e in events if e.contact_id == contact.id]
            assert contact.last_activity_at == (max(mine) if mine else None)


def test_second_demo_into_the_same_project_is_refused(demo: Project) -> None:
    with pytest.raises(ProjectError, match="already has contact 'c0001'"):
        populate_demo(demo, VirtualClock(NOW))
