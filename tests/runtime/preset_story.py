"""Run a preset on the real engine with a virtual clock: contacts, timed events, what each got."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from runtime.clock import VirtualClock
from runtime.engine.runner import Runtime
from runtime.flow.io import flow_to_dict
from runtime.flow.presets import load_preset
from runtime.storage.db import Project
from runtime.storage.models import Contact, ContactTag, Execution, Outbox, Tag
from tests.runtime.engine_helpers import add_contact, add_event, install_flow


@dataclass
class Story:
    """What happened to each contact (by external id) after the run."""

    start: datetime
    sent: dict[str, list[tuple[timedelta, str, dict[str, Any]]]] = field(default_factory=dict)
    exits: dict[str, list[str | None]] = field(default_factory=dict)
    tags: dict[str, set[str]] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    birthdays: dict[str, str | None] = field(default_factory=dict)

    def timeline(self, who: str) -> list[tuple[timedelta, str]]:
        """``(offset, channel)`` per message of ``who``."""
        return [(at, channel) for at, channel, _ in self.sent.get(who, [])]

    def subjects(self, who: str) -> list[str]:
        """The first line of each message: email subject, push title or text."""
        return [c.get("subject") or c.get("title") or c.get("text") or "" for _, _, c in self.sent.get(who, [])]


def run_story(project: Project, clock: VirtualClock, preset: str, contacts: dict[str, dict[str, Any]],
              script: list[tuple[timedelta, str, str, dict[str, Any] | None]], until: timedelta,
              flow_status: str = "active") -> Story:
    """Install ``preset``, add ``contacts``, record ``script`` events (offset, who, event, props) at
    their times while the engine runs, and run on to ``until``."""
    start = clock.now()
    ids: dict[str, int] = {}
    with project.write() as session:
        install_flow(session, flow_to_dict(load_preset(preset)), clock, status=flow_status)
        for who, values in contacts.items():
            ids[who] = add_contact(session, who, clock, **values).id
    runtime = Runtime(project, clock, sandbox=True)
    runtime.tick()  # the app ticks as soon as it runs: schedules start from now
    for offset, who, name, props in sorted(script, key=lambda item: item[0]):
        runtime.run_until(start + offset)
        with project.write() as session:
            add_event(session, session.get(Contact, ids[who]), name, clock, props)
    runtime.run_until(start + until)
    story = Story(start)
    with project.session() as session:
        for who, cid in ids.items():
            rows = session.execute(select(Outbox).where(Outbox.contact_id == cid).order_by(Outbox.id)).scalars()
            story.sent[who] = [(o.created_at - start, o.channel, o.content) for o in rows]
            story.exits[who] = [e.exit_reason for e in session.execute(
                select(Execution).where(Execution.contact_id == cid).order_by(Execution.id)).scalars()]
            story.tags[who] = set(session.execute(select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id)
                                                  .where(ContactTag.contact_id == cid)).scalars())
            contact = session.get(Contact, cid)
            story.fields[who] = dict(contact.attributes or {})
            story.birthdays[who] = contact.birthday
    return story
