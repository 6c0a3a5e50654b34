"""Contacts import, events and demo data on PostgreSQL (a real temporary server)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.contacts.demo import populate_demo
from runtime.contacts.events import import_events_jsonl
from runtime.contacts.importer import import_contacts_csv
from runtime.contacts.lookup import contact_details, get_contact
from runtime.storage.db import open_project
from runtime.storage.models import Contact, Event

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_import_update_tags_and_events_on_postgres(pg_fresh_url: str, tmp_path: Path) -> None:
    project = open_project(pg_fresh_url, create=True)
    clock = VirtualClock(NOW)
    try:
        path = tmp_path / "c.csv"
        path.write_text("id,email,phone,tags,city,orders\n"
                        "c1,a@example.com,8 916 123-45-67,vip;newsletter,Москва,3\n"
                        "c2,bad,+79161234568,,,\n"
                        "c3,c@example.com,+8613912345678,lead,北京,0\n", encoding="utf-8")
        result = import_contacts_csv(project, path, clock, default_region="RU")
        assert (result.created, result.updated, [e.line for e in result.errors]) == (2, 0, [3])
        path.write_text("id,tags,orders\nc1,customer,4\n", encoding="utf-8")
        assert import_contacts_csv(project, path, clock).updated == 1
        events = tmp_path / "e.jsonl"
        events.write_text('{"contact": "c1", "name": "purchase", "props": {"total": 10}}\n', encoding="utf-8")
        assert import_events_jsonl(project, events, clock).imported == 1
        with project.session() as session:
            c1 = get_contact(session, "c1")
            details = contact_details(session, c1)
            assert (c1.phone, c1.created_at, c1.last_activity_at) == ("+79161234567", NOW, NOW)
            assert details["attributes"] == {"city": "Москва", "orders": 4}
            assert details["tags"] == ["customer", "newsletter", "vip"]
            assert session.scalar(select(func.count()).select_from(Event)) == 1
    finally:
        project.close()


def test_demo_on_postgres(pg_fresh_url: str) -> None:
    project = open_project(pg_fresh_url, create=True)
    try:
        counts = populate_demo(project, VirtualClock(NOW), contacts=60)
        with project.session() as session:
            assert session.scalar(select(func.count()).select_from(Contact)) == counts["contacts"] == 60
    finally:
        project.close()
