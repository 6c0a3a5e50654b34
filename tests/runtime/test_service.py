"""ProjectService: the designer's door. Plain dataclasses in and out, changes broadcast."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.errors import FlowValidationError, InputError, NotFoundError, ProjectError
from runtime.service import ChangeSet, ContactBrief, FlowCounts, FlowInfo, FlowSummary, ProjectService, StepCounts
from runtime.storage.models import Contact, ContactTag, Counter, Event, Execution, FlowRow, FlowVersion, Tag


@pytest.fixture
def service(tmp_path: Path, clock: VirtualClock):
    svc = ProjectService.create(tmp_path / "svc.fcproj", clock=clock)
    yield svc
    svc.close()


def add_contact(svc: ProjectService, external_id: str, **fields) -> int:
    now = svc.clock.now()
    with svc.project.write() as s:
        contact = Contact(external_id=external_id, created_at=now, updated_at=now, **fields)
        s.add(contact)
        s.flush()
        return contact.id


def test_create_open_close_and_label(tmp_path: Path, clock: VirtualClock) -> None:
    path = tmp_path / "p.fcproj"
    svc = ProjectService.create(path, clock=clock)
    assert svc.label == str(path)
    svc.close()
    with pytest.raises(ProjectError, match="already exists"):
        ProjectService.create(path)
    with ProjectService.open(path) as svc:
        assert svc.list_flows() == []
    with pytest.raises(ProjectError, match="no such project file"):
        ProjectService.open(tmp_path / "missing.fcproj")


def test_flow_round_trip_through_the_service(service: ProjectService, make_flow) -> None:
    flow_id = service.create_flow(make_flow("Welcome"))
    info = service.get_flow(flow_id)
    assert isinstance(info, FlowInfo)
    assert (info.id, info.name, info.status, info.entry_enabled, info.version) == (flow_id, "Welcome", "draft", True, None)
    assert info.draft == make_flow("Welcome")
    assert service.get_flow("Welcome").id == flow_id
    assert service.flow_id("Welcome") == flow_id

    draft = info.draft
    draft.steps[0].config["duration"] = "PT2H"
    service.save_draft(flow_id, draft)
    assert service.get_flow(flow_id).draft.steps[0].config == {"duration": "PT2H"}
    assert service.publish(flow_id) == 1
    draft.steps[0].config["duration"] = "PT3H"
    service.save_draft(flow_id, draft)
    assert service.publish(flow_id) == 2
    assert service.get_flow(flow_id).version == 2

    service.rename_flow(flow_id, "Hello")
    copy_id = service.duplicate_flow("Hello")
    assert service.get_flow(copy_id).name == "Hello (copy)"
    assert [f.name for f in service.list_flows()] == ["Hello", "Hello (copy)"]

    service.set_entry_enabled(flow_id, False)
    assert service.get_flow(flow_id).entry_enabled is False

    with pytest.raises(NotFoundError, match="no flow named 'Gone'"):
        service.get_flow("Gone")


def test_results_are_plain_dataclasses(service: ProjectService, make_flow) -> None:
    flow_id = service.create_flow(make_flow())
    for value in (service.list_flows()[0], service.get_flow(flow_id)):
        assert dataclasses.is_dataclass(value)
        assert not type(value).__module__.startswith("runtime.storage")
        for f in dataclasses.fields(value):
            assert not type(getattr(value, f.name)).__module__.startswith(("sqlalchemy", "runtime.storage"))


def test_list_flows_counts(service: ProjectService, make_flow, clock: VirtualClock) -> None:
    a = service.create_flow(make_flow("A"))
    b = service.create_flow(make_flow("B"))
    service.publish(a)
    changed = service.get_flow(a).draft
    changed.description = "second version"
    service.save_draft(a, changed)
    service.publish(a)
    ann, bob = add_contact(service, "ann"), add_contact(service, "bob")
    now = clock.now()
    with service.project.write() as s:
        v1, v2 = s.scalars(select(FlowVersion.id).where(FlowVersion.flow_id == a).order_by(FlowVersion.version)).all()
        s.add_all([
            Counter(flow_id=a, step_id="", name="entered", value=7),
            Counter(flow_id=a, step_id="", name="active", value=2),
            Counter(flow_id=a, step_id="wait_1h", name="entered", value=99),  # step-level: not a flow count
            Execution(flow_id=a, version_id=v1, contact_id=ann, status="active", entered_at=now - timedelta(days=3)),
            Execution(flow_id=a, version_id=v2, contact_id=bob, status="active", entered_at=now),
            Execution(flow_id=a, version_id=v2, contact_id=ann, status="completed", entered_at=now),
        ])
    summaries = {f.name: f for f in service.list_flows()}
    assert isinstance(summaries["A"], FlowSummary)
    assert (summaries["A"].entered_total, summaries["A"].active, summaries["A"].version) == (7, 2, 2)
    assert summaries["A"].entered_today == 2
    assert (summaries["B"].entered_total, summaries["B"].active, summaries["B"].entered_today) == (0, 0, 0)
    assert summaries["B"].version is None and summaries["B"].id == b
    assert service.get_flow(a).active_by_version == {1: 1, 2: 1}


def test_change_listeners_hear_every_mutation_after_commit(service: ProjectService, make_flow) -> None:
    heard: list[ChangeSet] = []
    seen_in_db: list[int] = []

    def listener(change: ChangeSet) -> None:
        heard.append(change)
        # called after the commit: another session already sees the change
        with service.project.session() as s:
            seen_in_db.append(s.scalar(select(func.count()).select_from(FlowRow)))

    unsubscribe = service.subscribe(listener)
    flow_id = service.create_flow(make_flow())
    service.save_draft(flow_id, service.get_flow(flow_id).draft)
    service.publish(flow_id)
    service.rename_flow(flow_id, "Renamed")
    service.set_entry_enabled(flow_id, False)
    service.set_setting("sandbox", True)
    assert [c.kind for c in heard] == [
        "flow_created", "flow_saved", "flow_published", "flow_renamed", "flow_status", "settings"
    ]
    assert heard[0].flow_ids == (flow_id,) and heard[2].detail == {"version": 1}
    assert seen_in_db[0] == 1

    with pytest.raises(InputError):
        service.create_flow(make_flow("Renamed"))  # name taken: no change, no notification
    assert len(heard) == 6
    unsubscribe()
    service.create_flow(make_flow("Another"))
    assert len(heard) == 6


def test_import_validates_fully_and_writes_nothing_on_error(service: ProjectService, write_flow_file, flow_doc) -> None:
    doc = flow_doc("Broken")
    doc["steps"].append({"id": "mystery", "type": "teleport"})
    doc["edges"].append({"from": "hello", "to": "nowhere"})
    path = write_flow_file(doc)
    heard: list[ChangeSet] = []
    service.subscribe(heard.append)
    with pytest.raises(FlowValidationError) as info:
        service.import_flow_file(path)
    assert str(path) in str(info.value) and "mystery" in str(info.value)
    assert service.list_flows() == [] and heard == []

    with pytest.raises(InputError, match=r"line \d+, column \d+"):
        service.import_flow_file(write_flow_file('{"format": "flowcanvas/1", "name": ', name="bad.json"))
    assert service.list_flows() == []


def test_import_name_conflicts(service: ProjectService, write_flow_file, flow_doc) -> None:
    path = write_flow_file(flow_doc("Welcome"))
    first = service.import_flow_file(path)
    with pytest.raises(InputError, match="'Welcome' already exists"):
        service.import_flow_file(path)
    second = service.import_flow_file(path, rename_on_conflict=True)
    third = service.import_flow_file(path, name="Welcome again")
    assert [service.get_flow(i).name for i in (first, second, third)] == ["Welcome", "Welcome (2)", "Welcome again"]


def test_export_import_export_is_byte_identical(service: ProjectService, tmp_path: Path, write_flow_file, flow_doc) -> None:
    source = write_flow_file(flow_doc("Round trip"))
    flow_id = service.import_flow_file(source)
    first = tmp_path / "first.json"
    service.export_flow(flow_id, first)
    with ProjectService.create(tmp_path / "other.fcproj") as other:
        other_id = other.import_flow_file(first)
        second = tmp_path / "second.json"
        other.export_flow(other_id, second)
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["name"] == "Round trip"


def test_copy_flow_to_another_project(service: ProjectService, tmp_path: Path, make_flow) -> None:
    flow_id = service.create_flow(make_flow("Welcome"))
    other_path = tmp_path / "other.fcproj"
    with ProjectService.create(other_path) as other:
        other.create_flow(make_flow("Welcome"))
    new_id = service.copy_flow_to_project(flow_id, other_path)
    with ProjectService.open(other_path) as other:
        info = other.get_flow(new_id)
        assert info.name == "Welcome (2)" and info.status == "draft"
        assert info.draft.steps == make_flow().steps


def test_validate_reports_problems_without_a_write(service: ProjectService, make_flow) -> None:
    flow = make_flow()
    assert service.validate(flow).ok
    from runtime.flow.model import Edge

    flow.edges.append(Edge("hello", "wait_1h"))  # a cycle
    report = service.validate(flow)
    assert not report.ok and report.errors


def test_picker_data_and_contact_context(service: ProjectService) -> None:
    ann = add_contact(service, "ann", first_name="Ann", last_name="Lee", email="ann@example.com",
                      attributes={"total_orders": 3, "plan": "pro"}, last_activity_at=datetime(2026, 3, 1, tzinfo=UTC))
    bob = add_contact(service, "bob", attributes={"city": "Oslo"})
    now = service.clock.now()
    with service.project.write() as s:
        vip, new = Tag(name="vip"), Tag(name="new")
        s.add_all([vip, new])
        s.flush()
        s.add(ContactTag(contact_id=ann, tag_id=vip.id, added_at=now))
        s.add_all([
            Event(contact_id=ann, name="purchase", occurred_at=now, recorded_at=now),
            Event(contact_id=bob, name="cart_add", occurred_at=now, recorded_at=now),
            Event(contact_id=bob, name="purchase", occurred_at=now, recorded_at=now),
        ])
    assert service.tag_names() == ["new", "vip"]
    assert service.event_names() == ["cart_add", "purchase"]
    fields = service.field_names()
    assert fields[:2] == ["external_id", "first_name"] and {"email", "plan", "total_orders", "city"} <= set(fields)
    assert service.contact_count() == 2

    sample = service.sample_contacts(limit=5)
    assert sample[0] == ContactBrief("ann", "Ann Lee", "ann@example.com", None, None, "UTC")
    assert sample[1].name == "bob"
    assert len(service.sample_contacts(limit=1)) == 1

    context = service.contact_context("ann")
    assert context["first_name"] == "Ann" and context["total_orders"] == 3 and context["tags"] == ["vip"]
    assert context["attributes"] == {"total_orders": 3, "plan": "pro"}
    assert context["last_activity_at"] == "2026-03-01T00:00:00+00:00"
    with pytest.raises(NotFoundError, match="no contact 'zed'"):
        service.contact_context("zed")


def test_settings(service: ProjectService) -> None:
    assert service.get_setting("sandbox", False) is False
    service.set_setting("sandbox", True)
    assert service.get_setting("sandbox") is True


def test_service_uses_the_projects_virtual_clock(tmp_path: Path) -> None:
    from runtime.storage.project_clock import save_virtual_now

    virtual_now = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    with ProjectService.create(tmp_path / "v.fcproj") as svc:
        with svc.project.write() as s:
            save_virtual_now(s, virtual_now)
        assert svc.clock.now() == virtual_now


def test_demo_project(tmp_path: Path, clock: VirtualClock) -> None:
    from runtime.flow.presets import preset_names

    with ProjectService.create(tmp_path / "demo.fcproj", demo=True, clock=clock) as svc:
        assert svc.get_setting("sandbox") is True
        names = {f.name for f in svc.list_flows()}
        assert len(names) == len(preset_names())
        # the presets the living demo feeds start active; the others wait as drafts
        active = {f.name for f in svc.list_flows() if f.status == "active"}
        assert active == {"Abandoned cart", "Post-purchase", "Telegram funnel", "Welcome"}
        assert all(f.status == "draft" for f in svc.list_flows() if f.name not in active)


def test_failed_create_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        ProjectService.create(tmp_path / "no_such_dir" / "p.fcproj")
    assert list(tmp_path.iterdir()) == []


def test_lifecycle_delegates_to_the_engine(service: ProjectService, make_flow) -> None:
    from runtime.errors import FlowCanvasError

    heard: list[ChangeSet] = []
    service.subscribe(heard.append)
    flow_id = service.create_flow(make_flow())
    service.activate(flow_id)
    info = service.get_flow(flow_id)
    assert (info.status, info.version) == ("active", 1)  # activating published the draft
    service.pause(flow_id)
    assert service.get_flow(flow_id).status == "paused"
    service.resume(flow_id)
    assert service.get_flow(flow_id).status == "active"
    service.terminate(flow_id)
    assert service.get_flow(flow_id).status == "terminated"
    with pytest.raises(FlowCanvasError, match="cannot resume"):
        service.resume(flow_id)
    service.archive(flow_id)
    assert service.list_flows()[0].status == "archived"
    statuses = [c.detail.get("status") for c in heard if c.kind == "flow_status"]
    assert statuses == ["active", "paused", "active", "terminated", "archived"]


def test_activating_an_invalid_draft_changes_nothing(service: ProjectService, make_flow) -> None:
    from runtime.flow.model import Step

    flow = make_flow()
    flow.steps.append(Step("odd", "teleport"))
    flow_id = service.create_flow(flow)
    with pytest.raises(FlowValidationError, match="teleport"):
        service.activate(flow_id)
    info = service.get_flow(flow_id)
    assert (info.status, info.version) == ("draft", None)


def test_import_and_activate_in_one_step(service: ProjectService, write_flow_file, flow_doc) -> None:
    flow_id = service.import_flow_file(write_flow_file(flow_doc("Live")), activate=True)
    info = service.get_flow(flow_id)
    assert (info.status, info.version) == ("active", 1)
    preset_id = service.create_flow_from_preset("welcome", activate=True)
    assert service.get_flow(preset_id).status == "active"


def test_flow_stats_delegates_to_the_engine(service: ProjectService, make_flow) -> None:
    flow_id = service.create_flow(make_flow())
    stats = service.flow_stats(flow_id)
    assert stats.flow == FlowCounts() and set(stats.steps) == {s.id for s in make_flow().steps}
    assert all(counts == StepCounts() for counts in stats.steps.values()) and stats.edges is None
    assert stats.to_json()["flow"] == {"entered": 0, "active": 0, "completed": 0, "exited_goal": 0,
                                       "exited_other": 0, "failed": 0, "conversion": 0.0}
    with pytest.raises(NotFoundError):
        service.flow_stats("nope")


def test_failed_demo_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    import runtime.contacts.demo as demo

    def broken(*args, **kwargs):
        raise InputError("demo data unavailable")

    monkeypatch.setattr(demo, "populate_demo", broken)
    with pytest.raises(InputError, match="demo data unavailable"):
        ProjectService.create(tmp_path / "demo.fcproj", demo=True)
    assert list(tmp_path.iterdir()) == []


def test_every_preset_survives_export_and_reimport(tmp_path: Path, clock: VirtualClock) -> None:
    from runtime.flow.presets import preset_names

    with ProjectService.create(tmp_path / "a.fcproj", clock=clock) as a, \
            ProjectService.create(tmp_path / "b.fcproj", clock=clock) as b:
        for name in preset_names():
            first, second = tmp_path / f"{name}.1.json", tmp_path / f"{name}.2.json"
            a.export_flow(a.create_flow_from_preset(name), first)
            b.export_flow(b.import_flow_file(first), second)
            assert first.read_bytes() == second.read_bytes(), name
