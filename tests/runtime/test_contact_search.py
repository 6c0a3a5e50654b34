"""Contact search is case-insensitive in every script, on SQLite and PostgreSQL; browsing and editing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.clock import VirtualClock
from runtime.errors import InputError
from runtime.service import ProjectService
from runtime.storage.db import open_project
from tests.runtime.test_cli_flow import run

PEOPLE = ("id,first_name,last_name,email,telegram_chat_id,tags\n"
          "c1,Светлана,Иванова,sveta@example.com,,vip\n"
          "c2,Ольга,СВЕТЛОВА,olga@example.com,12345,\n"
          "c3,Grüße,Straße,gs@example.com,,\n"
          "c4,伟,王,wang@example.com,,vip\n")


def people(service: ProjectService, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(PEOPLE, encoding="utf-8")
    assert service.import_contacts(csv)["created"] == 4


@pytest.mark.parametrize(("query", "expected"), [
    ("светлана", ["c1"]), ("СВЕТ", ["c1", "c2"]), ("свЕтЛоВа", ["c2"]), ("STRASSE", ["c3"]), ("王", ["c4"]),
    ("ольга светлова", ["c2"]),
])
def test_search_folds_case_in_every_script(tmp_path: Path, clock: VirtualClock, query: str,
                                           expected: list[str]) -> None:
    with ProjectService.create(tmp_path / "s.fcproj", clock=clock) as service:
        people(service, tmp_path)
        assert sorted(hit["id"] for hit in service.find_contacts(query)) == expected


def test_edited_and_new_contacts_are_found_by_their_new_names(tmp_path: Path, clock: VirtualClock) -> None:
    with ProjectService.create(tmp_path / "s.fcproj", clock=clock) as service:
        people(service, tmp_path)
        service.save_contact("c1", {"first_name": "Лана"})
        assert service.find_contacts("светлана") == []
        assert [h["id"] for h in service.find_contacts("ЛАНА")] == ["c1"]
        with pytest.raises(InputError, match="phone: .*no country code"):
            service.save_contact("n1", {"phone": "8 916 123-45-67"}, create=True)
        service.set_setting("default_region", "RU")
        details = service.save_contact("n1", {"first_name": "Ёлка", "phone": "8 916 123-45-67"}, create=True,
                                       attributes={"city": "Тверь"})
        assert (details.phone, details.attributes) == ("+79161234567", {"city": "Тверь"})
        assert [h["id"] for h in service.find_contacts("ёлка")] == ["n1"]
        with pytest.raises(InputError, match="email"):
            service.save_contact("c1", {"email": "not an email"})
        with pytest.raises(InputError, match="exists already"):
            service.save_contact("n1", {}, create=True)
        # re-importing with new names refreshes the search text of updated contacts
        csv = tmp_path / "update.csv"
        csv.write_text("id,last_name\nc4,李\n", encoding="utf-8")
        assert service.import_contacts(csv)["updated"] == 1
        assert [h["id"] for h in service.find_contacts("李")] == ["c4"]


def test_browse_filters_pages_and_counts(tmp_path: Path, clock: VirtualClock) -> None:
    with ProjectService.create(tmp_path / "s.fcproj", clock=clock) as service:
        people(service, tmp_path)
        page = service.browse_contacts({"tag": "vip"}, offset=0, limit=1)
        assert page.total == 2 and [r.id for r in page.rows] == ["c1"]
        assert page.rows[0].tags == ("vip",) and page.rows[0].channels["email"] == "subscribed"
        assert [r.id for r in service.browse_contacts({"tag": "vip"}, offset=1, limit=1).rows] == ["c4"]
        service.save_contact("c2", {"email_status": "unsubscribed"})
        assert service.browse_contacts({"channel": "email", "status": "unsubscribed"}).total == 1
        where = {"field": "first_name", "op": "=", "value": "伟"}
        assert [r.id for r in service.browse_contacts({"where": where}).rows] == ["c4"]
        assert service.browse_contacts({"text": "СВЕТ", "tag": "vip"}).total == 1
        with pytest.raises(InputError, match="unknown channel status"):
            service.browse_contacts({"channel": "email", "status": "gone"})
        with pytest.raises(InputError, match="needs a flow"):
            service.browse_contacts({"step": "x"})


def test_cli_contacts_search_json(tmp_path: Path, clock: VirtualClock, capsys) -> None:
    path = tmp_path / "s.fcproj"
    with ProjectService.create(path, clock=clock) as service:
        people(service, tmp_path)
    code, out, err = run(capsys, "contacts", "search", path, "СВЕТ", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)] == ["c1", "c2"]


def test_migration_fills_the_search_text_of_existing_contacts(tmp_path: Path) -> None:
    """A project made before the search column gets it filled when opened."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from runtime.storage.db import _alembic_config

    path = tmp_path / "old.fcproj"
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_contacts_updated_at")
        conn.execute(text("INSERT INTO contacts (external_id, first_name, timezone, attributes, push_subscriptions,"
                          " email_status, sms_status, telegram_status, whatsapp_status, push_status, created_at,"
                          " updated_at) VALUES ('c1', 'Светлана', 'UTC', '{}', '[]', 'subscribed', 'subscribed',"
                          " 'subscribed', 'subscribed', 'subscribed', '2026-01-01', '2026-01-01')"))
    engine.dispose()
    with ProjectService(open_project(path)) as service:
        assert [h["id"] for h in service.find_contacts("СВЕТЛАНА")] == ["c1"]


@pytest.mark.postgres
def test_search_folds_cyrillic_on_postgres(pg_fresh_url: str, tmp_path: Path, clock: VirtualClock) -> None:
    with ProjectService.create(pg_fresh_url, clock=clock) as service:
        people(service, tmp_path)
        assert sorted(h["id"] for h in service.find_contacts("СВЕТ")) == ["c1", "c2"]
        assert [h["id"] for h in service.find_contacts("светлана")] == ["c1"]


def test_a_flow_renaming_a_contact_keeps_search_current(tmp_path: Path, clock: VirtualClock) -> None:
    from runtime.contacts.events import record_event
    from runtime.contacts.lookup import get_contact
    from runtime.engine.runner import Runtime
    from runtime.flow.io import flow_from_dict

    doc = {"format": "flowcanvas/1", "name": "Rename", "trigger": {"type": "event", "event": "signup"},
           "steps": [{"id": "set", "type": "update_contact", "config": {"set": {"first_name": "Снежана"}}}],
           "edges": []}
    with ProjectService.create(tmp_path / "s.fcproj", clock=clock) as service:
        people(service, tmp_path)
        service.activate(service.create_flow(flow_from_dict(doc)))
        with service.project.write() as session:
            record_event(session, get_contact(session, "c1"), "signup", {}, None, clock)
        Runtime(service.project, clock, sandbox=True).tick()
        assert [h["id"] for h in service.find_contacts("СНЕЖАНА")] == ["c1"]
        assert service.find_contacts("светлана") == []
