"""The tag editor's runtime: catalogue counts, rename/merge/delete, bulk changes with history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from runtime.clock import VirtualClock
from runtime.errors import InputError, NotFoundError
from runtime.service import ProjectService
from runtime.storage.models import Contact, ContactTag, TagLog
from tests.runtime.test_cli_flow import run


def counts(service: ProjectService) -> dict[str, int]:
    return {tag["name"]: tag["contacts"] for tag in service.list_tags()}


def log_rows(service: ProjectService, **where: str) -> list[TagLog]:
    with service.project.session() as session:
        query = select(TagLog)
        for key, value in where.items():
            query = query.where(getattr(TagLog, key) == value)
        rows = list(session.execute(query).scalars())
        session.expunge_all()
        return rows


@pytest.fixture
def tagged(tmp_path: Path, clock: VirtualClock) -> ProjectService:
    """Five contacts: c1-c3 lead, c3-c4 vip, c5 nothing; the newsletter tag on c1 only."""
    csv = tmp_path / "c.csv"
    csv.write_text("id,first_name,tags\nc1,Анна,lead;newsletter\nc2,Иван,lead\nc3,Ольга,lead;vip\n"
                   "c4,Emma,vip\nc5,Liam,\n", encoding="utf-8")
    service = ProjectService.create(tmp_path / "t.fcproj", clock=clock)
    service.import_contacts(csv)
    yield service
    service.close()


def test_list_shows_every_tag_with_its_count_colour_and_description(tagged: ProjectService) -> None:
    tagged.create_tag("empty", color="#FF8800", description="nobody yet")
    tagged.describe_tag("vip", color="#7a5af8", description="top buyers")
    assert tagged.list_tags() == [
        {"name": "empty", "contacts": 0, "color": "#ff8800", "description": "nobody yet"},
        {"name": "lead", "contacts": 3, "color": None, "description": None},
        {"name": "newsletter", "contacts": 1, "color": None, "description": None},
        {"name": "vip", "contacts": 2, "color": "#7a5af8", "description": "top buyers"},
    ]
    with pytest.raises(InputError, match="#RRGGBB"):
        tagged.describe_tag("vip", color="purple")
    with pytest.raises(InputError, match="exists already"):
        tagged.create_tag("vip")


def test_rename_keeps_the_count_and_writes_history_per_contact(tagged: ProjectService) -> None:
    assert tagged.rename_tag("lead", "prospect", reason="new wording", actor="user") == 3
    assert counts(tagged) == {"newsletter": 1, "prospect": 3, "vip": 2}
    rows = log_rows(tagged, action="rename")
    assert len(rows) == 3 and {r.tag for r in rows} == {"prospect"}
    assert all(r.by == "user" and r.reason == "renamed from 'lead': new wording" for r in rows)
    with pytest.raises(InputError, match="merge 'prospect' into it"):
        tagged.rename_tag("prospect", "vip")
    with pytest.raises(NotFoundError, match="'lead'"):
        tagged.rename_tag("lead", "x")


def test_merge_moves_holders_and_counts_each_contact_once(tagged: ProjectService) -> None:
    result = tagged.merge_tags("lead", "vip", reason="one segment")
    assert result == {"moved": 2, "already": 1, "contacts": 4}
    assert counts(tagged) == {"newsletter": 1, "vip": 4}
    assert len(log_rows(tagged, action="remove", tag="lead")) == 3
    assert len(log_rows(tagged, action="add", tag="vip", by="user")) == 2
    with pytest.raises(InputError, match="into itself"):
        tagged.merge_tags("vip", "vip")


def test_delete_reports_impact_then_removes_from_everyone(tagged: ProjectService, make_flow) -> None:
    from runtime.flow.model import Step

    flow = make_flow()
    flow.steps.append(Step("tag_vip", "add_tag", {"tag": "vip"}))
    tagged.create_flow(flow)
    assert tagged.tag_impact("vip") == {"tag": "vip", "contacts": 2, "flows": [flow.name]}
    assert tagged.delete_tag("vip", reason="retired") == 2
    assert "vip" not in counts(tagged)
    assert {r.reason for r in log_rows(tagged, tag="vip", action="remove")} == {"tag deleted: retired"}


def test_bulk_clear_on_1000_contacts_is_one_transaction_with_one_history_row_each(
        tmp_path: Path, clock: VirtualClock) -> None:
    csv = tmp_path / "many.csv"
    csv.write_text("id,tags\n" + "".join(f"m{i:04d},promo\n" for i in range(1000)) + "x1,\n", encoding="utf-8")
    with ProjectService.create(tmp_path / "m.fcproj", clock=clock) as service:
        service.import_contacts(csv)
        assert service.count_selection({"where": {"tag": "promo"}}) == 1000
        heard = []
        service.subscribe(heard.append)
        result = service.tag_contacts("remove", "promo", {"where": {"tag": "promo"}}, reason="campaign over")
        assert result == {"selected": 1000, "changed": 1000}
        assert len(heard) == 1  # one change, one notification
        removed = log_rows(service, action="remove", tag="promo")
        assert len(removed) == 1000 and len({r.contact_id for r in removed}) == 1000
        assert {(r.by, r.reason) for r in removed} == {("user", "campaign over")}
        with service.project.session() as session:
            assert session.scalar(select(func.count()).select_from(ContactTag)) == 0
        # again: nobody has it, nothing changes, no history
        assert service.tag_contacts("remove", "promo", {"ids": ["m0001"]}) == {"selected": 1, "changed": 0}
        assert len(log_rows(service, action="remove")) == 1000


def test_bulk_with_an_unknown_id_changes_nothing(tagged: ProjectService) -> None:
    with pytest.raises(NotFoundError, match="'nobody'"):
        tagged.tag_contacts("add", "vip", {"ids": ["c1", "nobody"]})
    assert counts(tagged)["vip"] == 2
    with pytest.raises(InputError, match="unknown operator"):
        tagged.tag_contacts("add", "vip", {"where": {"field": "first_name", "op": "~", "value": 1}})


def test_selection_by_csv_filter_and_step(tagged: ProjectService, tmp_path: Path) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("id,comment\nc4,x\nc5,y\n", encoding="utf-8")
    assert tagged.tag_contacts("add", "newsletter", {"csv": str(ids)}) == {"selected": 2, "changed": 2}
    assert tagged.count_selection({"filter": {"tag": "newsletter", "text": "EMMA"}}) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("id,note\nc1,a\n,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3"):
        tagged.count_selection({"csv": str(bad)})
    with pytest.raises(InputError, match="one way"):
        tagged.count_selection({"ids": ["c1"], "where": {"tag": "x"}})


def test_tags_survive_unsubscribe_and_block(tagged: ProjectService) -> None:
    tagged.save_contact("c3", {"email_status": "unsubscribed", "telegram_status": "blocked"})
    assert counts(tagged)["vip"] == 2 and "vip" in tagged.contact_details("c3").tags


def test_cli_tags_commands_keep_counts_right(tagged: ProjectService, capsys) -> None:
    path = tagged.label
    tagged.close()
    code, out, err = run(capsys, "tags", "rename", path, "lead", "prospect", "--json")
    assert code == 0, err
    assert json.loads(out)["contacts"] == 3
    code, out, err = run(capsys, "tags", "merge", path, "newsletter", "prospect", "--reason", "dedupe", "--json")
    assert json.loads(out) == {"tag": "prospect", "from": "newsletter", "moved": 0, "already": 1, "contacts": 3}
    code, out, err = run(capsys, "tags", "delete", path, "vip")
    assert code != 0 and "on 2 contacts" in err and "--yes" in err
    code, out, err = run(capsys, "tags", "delete", path, "vip", "--yes", "--json")
    assert code == 0 and json.loads(out)["contacts"] == 2
    code, out, err = run(capsys, "tags", "add", path, "vip", "c4", "c5", "--json")
    assert json.loads(out)["changed"] == 2
    code, out, err = run(capsys, "tags", "remove", path, "prospect", "--where", '{"field": "first_name", "op": "=", '
                         '"value": "Иван"}', "--json")
    assert json.loads(out) == {"tag": "prospect", "action": "remove", "selected": 1, "changed": 1}
    code, out, err = run(capsys, "tags", "add", path, "x", "--where", "{bad")
    assert code != 0 and "--where is not JSON" in err
    code, out, err = run(capsys, "tags", "list", path, "--json")
    assert {t["name"]: t["contacts"] for t in json.loads(out)} == {"prospect": 2, "vip": 2}


@pytest.mark.postgres
def test_tag_editor_on_postgres(pg_fresh_url: str, tmp_path: Path, clock: VirtualClock) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("id,tags\nc1,lead\nc2,lead;vip\nc3,\n", encoding="utf-8")
    with ProjectService.create(pg_fresh_url, clock=clock) as service:
        service.import_contacts(csv)
        assert service.tag_contacts("add", "vip", {"where": {"not": {"tag": "vip"}}}) == {"selected": 2, "changed": 2}
        assert service.rename_tag("lead", "prospect") == 2
        assert service.merge_tags("prospect", "vip") == {"moved": 0, "already": 2, "contacts": 3}
        assert counts(service) == {"vip": 3}
        assert service.browse_contacts({"tag": "vip"}, limit=2).total == 3
        assert service.notifications()["unread"]["total"] == 0
        with service.project.session() as session:
            # import 3, bulk add 2, rename 2, merge 2 (removals; nobody gained vip)
            assert session.scalar(select(func.count()).select_from(TagLog)) == 3 + 2 + 2 + 2


def test_contacts_at_a_step_are_a_selection_and_a_browser_filter(tagged: ProjectService, clock: VirtualClock,
                                                                  make_flow) -> None:
    from runtime.contacts.events import record_event
    from runtime.contacts.lookup import get_contact
    from runtime.engine.runner import Runtime

    flow_id = tagged.create_flow(make_flow("Welcome"))  # signup -> wait 1 h -> email
    tagged.activate(flow_id)
    with tagged.project.write() as session:
        for cid in ("c2", "c4"):
            record_event(session, get_contact(session, cid), "signup", {}, None, clock)
    Runtime(tagged.project, clock, sandbox=True).tick()
    assert tagged.count_selection({"flow": "Welcome", "step": "wait_1h"}) == 2
    assert [r.id for r in tagged.browse_contacts({"flow": flow_id, "step": "wait_1h"}).rows] == ["c2", "c4"]
    assert tagged.browse_contacts({"flow": flow_id, "step": "hello"}).total == 0
    result = tagged.tag_contacts("add", "waiting", {"flow": flow_id, "step": "wait_1h"}, reason="nudge")
    assert result == {"selected": 2, "changed": 2} and counts(tagged)["waiting"] == 2
