"""Property test: the engine walks random flows exactly like an independent reference interpreter.

Hypothesis draws valid flows (waits for a duration or for an event with a timeout, conditions on
tags and on events since entry, add_tag, sandbox sends, A/B splits, parallel branches and
merges, exit, an optional goal) and, per contact, tags and a sequence of future events. The
engine runs them on a virtual clock (``Runtime.run_until``); every finished step visit in
``step_log`` (step, port, time) and every execution's end must be what
``tests/runtime/reference_interpreter.py`` computes.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections import Counter as Tally
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from runtime.clock import UTC, VirtualClock
from runtime.engine.executions import enter_contact
from runtime.engine.runner import Runtime
from runtime.storage.db import Project, open_project
from runtime.storage.models import Execution, StepLog, Token
from tests.runtime.engine_helpers import add_contact, add_event, install_flow
from tests.runtime.reference_interpreter import Visit, ab_groups, run_flow

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HORIZON = timedelta(days=2)
EVENT_NAMES = ("purchase", "click")
TAGS = ("vip", "beta")
SENDS = ("send_email", "send_sms", "send_telegram")


# -- generating flows ----------------------------------------------------------------------------


def _condition(draw: Any, depth: int = 0) -> dict[str, Any]:
    kind = draw(st.sampled_from(["tag", "event", "event"] + (["all", "any", "not"] if depth < 2 else [])))
    if kind == "tag":
        return {"tag": draw(st.sampled_from(TAGS))}
    if kind == "event":
        return {"event": draw(st.sampled_from(EVENT_NAMES)), "since": "entry", "op": ">=",
                "count": draw(st.integers(1, 2))}
    if kind == "not":
        return {"not": _condition(draw, depth + 1)}
    return {kind: [_condition(draw, depth + 1) for _ in range(draw(st.integers(1, 3)))]}


def _step(draw: Any, index: int, allow_exit: bool) -> dict[str, Any]:
    kinds = ["wait", "wait_event", "condition", "add_tag", "send", "ab_split"] + (["exit"] if allow_exit else [])
    kind = draw(st.sampled_from(kinds))
    sid = f"s{index}"
    if kind == "wait":
        return {"id": sid, "type": "wait", "config": {"duration": f"PT{draw(st.integers(1, 300))}M"}}
    if kind == "wait_event":
        return {"id": sid, "type": "wait", "config": {"event": draw(st.sampled_from(EVENT_NAMES)),
                                                      "timeout": f"PT{draw(st.integers(1, 300))}M"}}
    if kind == "condition":
        return {"id": sid, "type": "condition", "config": {"if": _condition(draw)}}
    if kind == "add_tag":
        return {"id": sid, "type": "add_tag", "config": {"tag": f"flow_tag_{index}"}}  # never read by conditions
    if kind == "send":
        send = draw(st.sampled_from(SENDS))
        config = {"subject": "Hi", "body": "Hello {{ contact.first_name }}"} if send == "send_email" else {"text": "Hi"}
        return {"id": sid, "type": send, "config": config}
    if kind == "ab_split":
        n = draw(st.integers(2, 3))
        shares = [100 // n] * n
        shares[0] += 100 - sum(shares)
        return {"id": sid, "type": "ab_split",
                "config": {"groups": [{"name": "abc"[i], "share": shares[i]} for i in range(n)]}}
    return {"id": sid, "type": "exit", "config": {}}


def _ports(step: dict[str, Any]) -> list[str]:
    t = step["type"]
    if t == "exit":
        return []
    if t == "wait":
        return ["yes", "no"] if step["config"].get("event") else ["next"]
    if t == "condition":
        return ["yes", "no"]
    if t == "ab_split":
        return ab_groups(step)
    return ["next"]  # add_tag, sends (their "failed" port is never taken here)


@st.composite
def flows(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(1, 7))
    parallel = draw(st.booleans())
    # exit steps and parallel tokens never meet: which of two tokens due at one instant runs
    # first is not part of the contract, and an exit makes it visible
    steps = [_step(draw, i, allow_exit=not parallel) for i in range(n)]
    edges = []
    for i, step in enumerate(steps):
        later = [s["id"] for s in steps[i + 1 :]]
        for port in _ports(step):
            if not later:
                break
            fan = draw(st.integers(0, min(len(later), 2 if parallel else 1)))
            for target in draw(st.lists(st.sampled_from(later), min_size=fan, max_size=fan, unique=True)):
                edge = {"from": step["id"], "to": target}
                if port != "next":
                    edge["port"] = port
                edges.append(edge)
    targets = {e["to"] for e in edges}
    if not parallel and sum(1 for s in steps if s["id"] not in targets) > 1:
        # several first steps are parallel tokens too: chain the extra ones behind the first step's
        # ports... simplest: drop the flow to its reachable part from s0
        reachable, todo = {"s0"}, ["s0"]
        while todo:
            cur = todo.pop()
            for e in edges:
                if e["from"] == cur and e["to"] not in reachable:
                    reachable.add(e["to"])
                    todo.append(e["to"])
        steps = [s for s in steps if s["id"] in reachable]
        edges = [e for e in edges if e["from"] in reachable]
    doc: dict[str, Any] = {"format": "flowcanvas/1", "name": "Random", "trigger": {"type": "manual"},
                           "steps": steps, "edges": edges}
    if draw(st.integers(0, 3)) == 0:
        doc["goal"] = {"event": "purchase"}
    return doc


@st.composite
def contacts(draw: Any) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        minutes = draw(st.lists(st.integers(0, 900), max_size=6, unique=True))
        # each event of a contact gets its own second within the minute: steps run at whole minutes
        # after entry or after the event that woke them, so nothing else ever happens at the same instant
        seconds = draw(st.lists(st.integers(1, 59), min_size=len(minutes), max_size=len(minutes), unique=True))
        events = sorted(
            (START + timedelta(minutes=m, seconds=sec), draw(st.sampled_from(EVENT_NAMES)))
            for m, sec in zip(minutes, seconds)
        )
        out.append({"id": f"c{i}", "tags": set(draw(st.lists(st.sampled_from(TAGS), unique=True))),
                    "events": [(name, at) for at, name in events]})
    return out


# -- running and comparing --------------------------------------------------------------------------


_TEMPLATE: list[Path] = []


def _fresh_project(workdir: Path) -> Project:
    """A new empty project: a copy of one created (and migrated) once per test session."""
    if not _TEMPLATE:
        folder = tempfile.mkdtemp(prefix="flowcanvas-prop-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = Path(folder) / "template.fcproj"
        open_project(template, create=True).close()
        _TEMPLATE.append(template)
    shutil.copyfile(_TEMPLATE[0], workdir / "p.fcproj")
    return open_project(workdir / "p.fcproj")


def _run_engine(doc: dict[str, Any], people: list[dict[str, Any]], workdir: Path) -> dict[str, Any]:
    from runtime.contacts.tags import add_tag

    clock = VirtualClock(START)
    project = _fresh_project(workdir)
    try:
        with project.write() as s:
            row = install_flow(s, doc, clock)
            ids = {}
            for person in people:
                contact = add_contact(s, person["id"], clock, email=f"{person['id']}@example.com",
                                      phone="+14155550100", telegram_chat_id="1001", first_name=person["id"])
                for tag in sorted(person["tags"]):
                    add_tag(s, contact.id, tag, "test", None, clock.now())
                for name, at in person["events"]:
                    add_event(s, contact, name, clock, {}, at)
                ids[person["id"]] = contact.id
            for person in people:
                assert enter_contact(s, row, ids[person["id"]], clock) is not None
        Runtime(project, clock, sandbox=True).run_until(START + HORIZON, save=False)
        with project.session() as s:
            result = {}
            for person in people:
                ex = s.execute(select(Execution).where(Execution.contact_id == ids[person["id"]])).scalar_one()
                logs = s.execute(
                    select(StepLog.at, StepLog.step_id, StepLog.port, StepLog.visit, StepLog.outcome)
                    .where(StepLog.execution_id == ex.id)
                ).all()
                live = s.execute(
                    select(Token.id).where(Token.execution_id == ex.id, Token.state.in_(("ready", "waiting")))
                ).all()
                result[person["id"]] = (ex, logs, len(live))
            return result
    finally:
        project.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=flows(), people=contacts())
def test_engine_matches_the_reference_interpreter(doc: dict[str, Any], people: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = _run_engine(doc, people, Path(tmp))
    steps = {s["id"]: s for s in doc["steps"]}
    for person in people:
        ex, logs, live = engine[person["id"]]
        final = [row for row in logs if row.outcome != "waiting"]
        # the A/B group is the engine's (stable per contact) choice: it must be a real group and
        # the same at every visit of that step
        chosen: dict[str, str] = {}
        for row in final:
            if steps[row.step_id]["type"] == "ab_split":
                assert row.port in ab_groups(steps[row.step_id])
                assert chosen.setdefault(row.step_id, row.port) == row.port
        expected = run_flow(doc, entered_at=START, until=START + HORIZON, tags=person["tags"],
                            events=person["events"], ab_choice=lambda sid: chosen.get(sid, "?"))
        got = sorted(Visit(row.at, row.step_id, row.port) for row in final)
        assert got == sorted(expected.visits), (person, doc)
        assert (ex.status, ex.exit_reason) == (expected.status, expected.reason), (person, doc)
        assert ex.ended_at == expected.ended_at
        assert (live == 0) == (expected.status != "active")
        # a token never finishes the same step twice (step_log unique on execution, step, visit)
        tally = Tally((row.step_id, row.visit) for row in final)
        assert max(tally.values(), default=1) == 1
