"""Tags: permanent until removed on purpose, every change logged with who, when and why."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from runtime.clock import UTC
from runtime.contacts.lookup import get_contact
from runtime.contacts.tags import add_tag, contact_tags, has_tag, remove_tag, tag_history
from runtime.errors import InputError
from runtime.storage.db import Project
from runtime.storage.models import Contact

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def new_contact(project: Project, external_id: str = "c1") -> int:
    with project.write() as session:
        contact = Contact(external_id=external_id, created_at=T0, updated_at=T0)
        session.add(contact)
        session.flush()
        return contact.id


def test_add_and_remove_report_whether_anything_changed(project: Project) -> None:
    contact_id = new_contact(project)
    with project.write() as session:
        assert add_tag(session, contact_id, "vip", "user", "top buyer", T0) is True
        assert add_tag(session, contact_id, "vip", "user", "again", T0) is False
        assert add_tag(session, contact_id, " newsletter ", "flow:welcome:tag", "opt-in", T0) is True
        assert contact_tags(session, contact_id) == ["newsletter", "vip"]
        assert has_tag(session, contact_id, "vip")
    with project.write() as session:
        later = T0 + timedelta(days=1)
        assert remove_tag(session, contact_id, "vip", "flow:cleanup:untag", "downgraded", later) is True
        assert remove_tag(session, contact_id, "vip", "user", "again", T0) is False
        assert remove_tag(session, contact_id, "never-existed", "user", None, T0) is False
        assert contact_tags(session, contact_id) == ["newsletter"]
        assert not has_tag(session, contact_id, "vip")
    with project.session() as session:
        assert tag_history(session, contact_id) == [
            {"tag": "vip", "action": "add", "at": T0.isoformat(), "by": "user", "reason": "top buyer"},
            {"tag": "newsletter", "action": "add", "at": T0.isoformat(), "by": "flow:welcome:tag", "reason": "opt-in"},
            {"tag": "vip", "action": "remove", "at": (T0 + timedelta(days=1)).isoformat(),
             "by": "flow:cleanup:untag", "reason": "downgraded"},
        ]


def test_unsubscribing_or_blocking_never_removes_tags(project: Project) -> None:
    contact_id = new_contact(project)
    with project.write() as session:
        add_tag(session, contact_id, "customer", "import", None, T0)
    with project.write() as session:
        contact = get_contact(session, "c1")
        contact.email_status = "unsubscribed"
        contact.telegram_status = "blocked"
    with project.session() as session:
        assert contact_tags(session, contact_id) == ["customer"]


def test_tags_are_per_contact(project: Project) -> None:
    first, second = new_contact(project, "a"), new_contact(project, "b")
    with project.write() as session:
        add_tag(session, first, "vip", "user", None, T0)
        assert add_tag(session, second, "vip", "user", None, T0) is True
        remove_tag(session, first, "vip", "user", None, T0)
        assert contact_tags(session, second) == ["vip"]


def test_empty_tag_name_is_an_input_error(project: Project) -> None:
    contact_id = new_contact(project)
    with project.write() as session, pytest.raises(InputError, match="tag name is empty"):
        add_tag(session, contact_id, "  ", "user", None, T0)
