"""A trigger's ``filter`` is honoured on every trigger type that has an event (the paid lesson
reaches only buyers), and each trigger type accepts only its own keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cli.main import main
from runtime.clock import VirtualClock
from runtime.contacts.tags import add_tag
from runtime.flow.io import flow_from_dict
from runtime.flow.validate import validate_flow
from runtime.storage.db import Project
from runtime.storage.models import Contact
from tests.runtime.engine_helpers import add_contact, add_event, executions, flow_doc, inbound, install_flow

PAID = {"tag": "paid"}


def _entered_ids(project: Project, clock: VirtualClock, trigger: dict, events: list[tuple[str, str, dict]]) -> list[str]:
    with project.write() as s:
        flow_id = install_flow(s, flow_doc("Lesson", trigger), clock).id
        people = {x: add_contact(s, x, clock) for x in ("buyer", "visitor")}
        add_tag(s, people["buyer"].id, "paid", "test", None, clock.now())
    with project.write() as s:
        for who, name, props in events:
            add_event(s, s.get(Contact, people[who].id), name, clock, props)
    inbound(project, clock)
    with project.session() as s:
        return sorted(s.get(Contact, e.contact_id).external_id for e in executions(s, flow_id))


def test_message_trigger_filter_keeps_non_buyers_out(project: Project, clock: VirtualClock) -> None:
    trigger = {"type": "message", "channel": "telegram", "match": "exact", "text": "lesson 2", "filter": PAID}
    said = {"text": "lesson 2", "channel": "telegram", "from": "contact"}
    assert _entered_ids(project, clock, trigger, [("buyer", "message", said), ("visitor", "message", said)]) == ["buyer"]


def test_link_trigger_filter_is_honoured(project: Project, clock: VirtualClock) -> None:
    trigger = {"type": "link", "payload": "course", "filter": PAID}
    events = [("buyer", "start", {"payload": "course"}), ("visitor", "start", {"payload": "course"})]
    assert _entered_ids(project, clock, trigger, events) == ["buyer"]


def _errors(trigger: dict) -> list[str]:
    doc = {"format": "flowcanvas/1", "name": "F", "trigger": trigger,
           "steps": [{"id": "x", "type": "exit", "config": {}}], "edges": []}
    return [p.message for p in validate_flow(flow_from_dict(doc)).errors]


@pytest.mark.parametrize(("trigger", "key"), [
    ({"type": "event", "event": "signup", "evnt_filter": {"tag": "x"}}, "evnt_filter"),
    ({"type": "tag_added", "tag": "vip", "filter": PAID}, "filter"),
    ({"type": "message", "text": "hi", "payload": "x"}, "payload"),
    ({"type": "manual", "event": "signup"}, "event"),
])
def test_unknown_or_misplaced_trigger_key_is_an_error_naming_it(trigger: dict, key: str) -> None:
    errors = _errors(trigger)
    assert any(repr(key) in e and e.startswith("trigger") for e in errors), errors


def test_every_trigger_type_keeps_its_own_keys_valid() -> None:
    assert _errors({"type": "message", "channel": "telegram", "match": "contains", "text": "hi",
                    "from": "contact", "filter": PAID}) == []
    assert _errors({"type": "segment", "condition": PAID, "mode": "cron", "cron": "0 9 * * 1",
                    "timezone": "Europe/Moscow"}) == []
    assert _errors({"type": "date", "field": "birthday", "offset": "-P1D", "time": "09:00"}) == []


def test_flow_file_with_a_misplaced_filter_is_refused_by_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "p.fcproj"
    assert main(["init", str(proj)]) == 0
    doc = {"format": "flowcanvas/1", "name": "F", "trigger": {"type": "tag_added", "tag": "vip", "filter": PAID},
           "steps": [{"id": "x", "type": "exit", "config": {}}], "edges": []}
    (tmp_path / "f.json").write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["flow", "import", str(proj), str(tmp_path / "f.json")]) != 0
    assert "'filter'" in capsys.readouterr().err
