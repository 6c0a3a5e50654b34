"""The flows repository: drafts, names, immutable published versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.storage import flows_repo
from runtime.clock import VirtualClock
from runtime.errors import FlowValidationError, InputError, NotFoundError
from runtime.flow.io import dumps_flow
from runtime.flow.model import Edge, Step
from runtime.storage.db import Project
from runtime.storage.models import FlowRow, FlowVersion


def test_create_stores_canonical_text_and_finds_by_id_or_name(project: Project, clock: VirtualClock, make_flow) -> None:
    flow = make_flow("Welcome")
    with project.write() as s:
        row = flows_repo.create_flow(s, flow, clock)
        flow_id = row.id
    with project.session() as s:
        row = flows_repo.get_flow_row(s, flow_id)
        assert row.draft == dumps_flow(flow)
        assert row.status == "draft" and row.entry_enabled and row.current_version_id is None
        assert row.created_at == clock.now()
        assert flows_repo.get_flow_row(s, "Welcome").id == flow_id
        assert flows_repo.get_flow_row(s, "welcome").id == flow_id  # unambiguous case-insensitive match
        assert flows_repo.get_flow_row(s, str(flow_id)).id == flow_id
        assert flows_repo.draft_flow(row) == flow


def test_unknown_flow_names_the_flow_and_project(project: Project) -> None:
    with project.session() as s:
        with pytest.raises(NotFoundError, match=r"no flow named 'Nope' in .*fixture\.fcproj"):
            flows_repo.get_flow_row(s, "Nope")
        with pytest.raises(NotFoundError, match="no flow with id 42"):
            flows_repo.get_flow_row(s, 42)


def test_names_are_unique(project: Project, clock: VirtualClock, make_flow) -> None:
    with project.write() as s:
        flows_repo.create_flow(s, make_flow("Welcome"), clock)
    with pytest.raises(InputError, match="a flow named 'Welcome' already exists"):
        with project.write() as s:
            flows_repo.create_flow(s, make_flow("Welcome"), clock)
    nameless = make_flow()
    nameless.name = "   "
    with pytest.raises(InputError, match="needs a name"):
        with project.write() as s:
            flows_repo.create_flow(s, nameless, clock)
    with project.session() as s:
        assert flows_repo.unique_name(s, "Welcome") == "Welcome (2)"
        assert flows_repo.unique_name(s, "Other") == "Other"
        assert flows_repo.unique_name(s, "Welcome", suffix="copy") == "Welcome (copy)"


def test_save_draft_rename_and_duplicate(project: Project, clock: VirtualClock, make_flow) -> None:
    with project.write() as s:
        row = flows_repo.create_flow(s, make_flow("Welcome"), clock)
        other = flows_repo.create_flow(s, make_flow("Other"), clock)
        flow_id, other_id = row.id, other.id
    clock.advance(__import__("datetime").timedelta(minutes=5))
    with project.write() as s:
        row = flows_repo.get_flow_row(s, flow_id)
        flow = flows_repo.draft_flow(row)
        flow.steps[0].config["duration"] = "PT2H"
        flows_repo.save_draft(s, row, flow, clock)
    with project.session() as s:
        row = flows_repo.get_flow_row(s, flow_id)
        assert flows_repo.draft_flow(row).steps[0].config == {"duration": "PT2H"}
        assert row.updated_at == clock.now()

    with project.write() as s:
        flows_repo.rename_flow(s, flows_repo.get_flow_row(s, flow_id), "Hello", clock)
    with pytest.raises(InputError, match="'Other' already exists"):
        with project.write() as s:
            flows_repo.rename_flow(s, flows_repo.get_flow_row(s, flow_id), "Other", clock)
    with project.write() as s:
        row = flows_repo.get_flow_row(s, "Hello")
        assert flows_repo.draft_flow(row).name == "Hello"  # the name inside the draft follows
        dup = flows_repo.duplicate_flow(s, row, clock)
        dup2 = flows_repo.duplicate_flow(s, row, clock)
        assert (dup.name, dup2.name) == ("Hello (copy)", "Hello (copy 2)")
        assert flows_repo.draft_flow(dup).steps == flows_repo.draft_flow(row).steps
    with project.session() as s:
        assert [r.name for r in flows_repo.list_flows(s)] == ["Hello", "Hello (copy 2)", "Hello (copy)", "Other"]
        assert flows_repo.get_flow_row(s, other_id).name == "Other"


def test_publish_creates_immutable_versions(project: Project, clock: VirtualClock, make_flow) -> None:
    with project.write() as s:
        row = flows_repo.create_flow(s, make_flow("Welcome"), clock)
        v1 = flows_repo.publish(s, row, clock)
        flow_id, v1_id, v1_text = row.id, v1.id, v1.definition
        assert v1.version == 1 and row.current_version_id == v1.id
    with project.write() as s:
        row = flows_repo.get_flow_row(s, flow_id)
        flow = flows_repo.draft_flow(row)
        flow.steps[0].config["duration"] = "PT3H"
        flows_repo.save_draft(s, row, flow, clock)
        v2 = flows_repo.publish(s, row, clock)
        assert v2.version == 2 and row.current_version_id == v2.id
        v3 = flows_repo.publish(s, row, clock)  # publishing again is a new version, never an update
        assert v3.version == 3
    with project.session() as s:
        versions = s.scalars(select(FlowVersion).where(FlowVersion.flow_id == flow_id).order_by(FlowVersion.version)).all()
        assert [v.version for v in versions] == [1, 2, 3]
        assert versions[0].definition == v1_text  # version 1 is untouched by the later draft
        assert flows_repo.load_version(s, v1_id).steps[0].config == {"duration": "PT1H"}
        assert flows_repo.load_version(s, versions[1].id).steps[0].config == {"duration": "PT3H"}
        with pytest.raises(NotFoundError):
            flows_repo.load_version(s, 999)


def test_publish_refuses_invalid_draft_listing_each_problem(project: Project, clock: VirtualClock, make_flow) -> None:
    flow = make_flow("Broken")
    flow.steps.append(Step("mystery", "teleport"))
    flow.edges.append(Edge("hello", "nowhere"))
    with project.write() as s:
        row = flows_repo.create_flow(s, flow, clock)
        flow_id = row.id
    with pytest.raises(FlowValidationError) as info:
        with project.write() as s:
            flows_repo.publish(s, flows_repo.get_flow_row(s, flow_id), clock)
    message = str(info.value)
    assert "flow 'Broken'" in message
    assert "'mystery'" in message and "teleport" in message
    assert "nowhere" in message
    assert len(info.value.problems) >= 2
    with project.session() as s:
        assert s.scalars(select(FlowVersion)).all() == []
        assert flows_repo.get_flow_row(s, flow_id).current_version_id is None


def test_set_status_and_entry(project: Project, clock: VirtualClock, make_flow) -> None:
    with project.write() as s:
        row = flows_repo.create_flow(s, make_flow(), clock)
        flows_repo.set_status(s, row, "active", clock)
        flows_repo.set_entry_enabled(s, row, False, clock)
        assert row.activated_at == clock.now()
        with pytest.raises(InputError, match="unknown flow status 'running'"):
            flows_repo.set_status(s, row, "running", clock)
    with project.session() as s:
        row = s.scalars(select(FlowRow)).one()
        assert (row.status, row.entry_enabled) == ("active", False)
        assert flows_repo.list_flows(s, include_archived=False) == [row]


def test_write_text_atomic_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    flows_repo.write_text_atomic(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    with pytest.raises(InputError, match="does not exist"):
        flows_repo.write_text_atomic(tmp_path / "missing" / "x.json", "x")
