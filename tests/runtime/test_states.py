"""The four state machines: their names are the stored strings, and they only move forward."""

from __future__ import annotations

import pytest

from runtime.flow.states import (
    TRANSITIONS,
    ExecutionStatus,
    FlowStatus,
    OutboxStatus,
    StateMoveError,
    TokenState,
    check_move,
    may_move,
)

MACHINES = (FlowStatus, ExecutionStatus, TokenState, OutboxStatus)


def test_states_compare_and_print_as_the_stored_strings() -> None:
    assert FlowStatus.ACTIVE == "active" and f"{OutboxStatus.SANDBOX}" == "sandbox"
    assert {TokenState.READY: 1}["ready"] == 1  # hash like the string: dict lookups by DB values work
    assert str(ExecutionStatus.EXITED) == "exited"


@pytest.mark.parametrize("machine", MACHINES)
def test_every_machine_lists_only_its_own_states(machine: type) -> None:
    table = TRANSITIONS[machine]
    for state, targets in table.items():
        assert isinstance(state, machine)
        assert all(isinstance(target, machine) for target in targets)


@pytest.mark.parametrize(("machine", "current", "target"), [
    (FlowStatus, "archived", "active"),
    (FlowStatus, "terminated", "paused"),
    (FlowStatus, "active", "draft"),
    (FlowStatus, "ended", "active"),
    (ExecutionStatus, "completed", "active"),
    (ExecutionStatus, "failed", "exited"),
    (TokenState, "done", "ready"),
    (TokenState, "done", "waiting"),
    (OutboxStatus, "sent", "queued"),
    (OutboxStatus, "sandbox", "sending"),
    (OutboxStatus, "skipped", "sent"),
    (OutboxStatus, "sent", "review"),
])
def test_a_backwards_move_is_refused_naming_both_states(machine: type, current: str, target: str) -> None:
    assert not may_move(current, target, machine)
    with pytest.raises(StateMoveError) as err:
        check_move(current, target, machine, "thing 7")
    assert str(err.value).startswith(f"thing 7: cannot move {current} -> {target}")


@pytest.mark.parametrize(("machine", "current", "target"), [
    (FlowStatus, "draft", "active"),
    (FlowStatus, "paused", "active"),
    (FlowStatus, "active", "ended"),
    (ExecutionStatus, "active", "exited"),
    (TokenState, "waiting", "ready"),
    (TokenState, "ready", "done"),
    (OutboxStatus, "queued", "sending"),
    (OutboxStatus, "sending", "sent"),
    (OutboxStatus, "failed", "queued"),  # an operator retries a failed message
    (OutboxStatus, "review", "sent"),  # an operator confirms a message in review
])
def test_forward_moves_pass(machine: type, current: str, target: str) -> None:
    assert may_move(current, target, machine)
    check_move(current, target, machine)


def test_unknown_states_are_refused_not_crashed_on() -> None:
    assert not may_move("bogus", "active", FlowStatus)
    assert not may_move("active", "bogus", FlowStatus)
    with pytest.raises(StateMoveError, match="bogus"):
        check_move("active", "bogus", ExecutionStatus)


@pytest.mark.parametrize("machine", MACHINES)
def test_final_states_say_so(machine: type) -> None:
    for state in machine:
        if not TRANSITIONS[machine].get(state):
            with pytest.raises(StateMoveError, match=f"{state} is final"):
                check_move(state, next(iter(machine)), machine)


def test_an_archived_flow_is_not_activated_again(project, clock) -> None:  # type: ignore[no-untyped-def]
    from runtime.engine.lifecycle import activate_flow, allowed_actions, archive_flow
    from runtime.storage.models import FlowRow
    from tests.runtime.test_lifecycle import WAIT_TAG, act, make_flow, row

    flow_id = make_flow(project, clock, WAIT_TAG)
    act(project, clock, flow_id, activate_flow)
    act(project, clock, flow_id, archive_flow)
    with pytest.raises(StateMoveError, match="archived -> active is not allowed"):
        act(project, clock, flow_id, activate_flow)
    assert row(project, flow_id).status == FlowStatus.ARCHIVED
    assert allowed_actions(FlowStatus.ARCHIVED) == ()
    assert allowed_actions(FlowStatus.PAUSED) == ("activate", "resume", "terminate", "archive")
    assert isinstance(FlowRow.status.default.arg, str)


def test_channel_and_contact_column_lists_come_from_one_place() -> None:
    from runtime.channels.settings import ALL_CHANNELS
    from runtime.contacts.importer import KNOWN_COLUMNS
    from runtime.flow.channels import MESSAGE_CHANNELS, Channel
    from runtime.steps.registry import CHANNEL_STEP
    from runtime.storage.models import CHANNELS, CONTACT_FIELD_COLUMNS, CONTACT_STATUS_COLUMNS, Contact

    columns = set(Contact.__table__.c.keys())
    # every contact channel has its status column, and every status column its channel
    assert {f"{c}_status" for c in CHANNELS} == {name for name in columns if name.endswith("_status")}
    assert set(CONTACT_STATUS_COLUMNS) <= columns and set(CONTACT_FIELD_COLUMNS) <= columns
    assert "birthday" in CONTACT_FIELD_COLUMNS and "search_key" not in CONTACT_FIELD_COLUMNS
    assert set(CONTACT_FIELD_COLUMNS) | set(CONTACT_STATUS_COLUMNS) <= set(KNOWN_COLUMNS)
    # every message channel has a send step; settings cover every channel but the team's notes
    assert tuple(CHANNEL_STEP) == MESSAGE_CHANNELS and set(CHANNELS) <= set(MESSAGE_CHANNELS)
    assert set(ALL_CHANNELS) == set(Channel) - {Channel.TEAM}
