"""Webhooks of imported flows wait for approval; URLs built from contact data go to approved hosts only."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from runtime.channels.dispatcher import Dispatcher
from runtime.channels.webhook import WebhookAdapter
from runtime.clock import VirtualClock
from runtime.storage.db import open_project
from runtime.storage.models import Outbox
from runtime.flow.webhooks import host_from_data
from tests.runtime.channel_helpers import T0, Recorder, add_contact, add_outbox, reply
from tests.runtime.cli_helpers import digest, run


def hook_flow(*urls: str) -> dict:
    steps = [{"id": f"h{i}", "type": "webhook", "config": {"url": url}} for i, url in enumerate(urls)]
    edges = [{"from": f"h{i}", "to": f"h{i + 1}"} for i in range(len(urls) - 1)]
    return {"format": "flowcanvas/1", "name": "Hooks", "trigger": {"type": "event", "event": "go"},
            "steps": steps, "edges": edges}


@pytest.fixture
def proj(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "p.fcproj"
    assert run(capsys, "init", path)[0] == 0
    return path


def test_an_imported_flow_waits_for_approval_of_its_webhooks(proj: Path, write_flow_file, capsys) -> None:
    source = write_flow_file(hook_flow("https://crm.example.com/in", "{{ contact.hook_url }}"))
    before = digest(proj)
    code, _, err = run(capsys, "flow", "import", proj, source, "--activate")
    assert code == 2 and "calls webhook URL(s) not yet approved: 'https://crm.example.com/in', '{{ contact.hook_url }}'" in err
    assert f"`flowcanvas flow approve {proj} 'Hooks'`" in err
    assert digest(proj) == before  # the refused import changed nothing

    assert run(capsys, "flow", "import", proj, source)[0] == 0
    code, _, err = run(capsys, "flow", "activate", proj, "Hooks")
    assert code == 2 and "not yet approved" in err

    code, out, err = run(capsys, "flow", "approve", proj, "Hooks", "--host", "*.example.com", "--json")
    assert code == 0, err
    review = json.loads(out)
    assert review["pending"] == [] and review["from_data"] == ["{{ contact.hook_url }}"]
    assert review["approved_hosts"] == ["*.example.com"] and review["source"] == str(source)
    code, _, err = run(capsys, "flow", "activate", proj, "Hooks")
    assert code == 0, err


def test_a_new_url_after_approval_is_held_again(proj: Path, write_flow_file, capsys) -> None:
    from runtime.flow.io import flow_from_dict
    from runtime.service import ProjectService

    assert run(capsys, "flow", "import", proj, write_flow_file(hook_flow("https://a.example.com/")))[0] == 0
    assert run(capsys, "flow", "approve", proj, "Hooks")[0] == 0
    with ProjectService.open(proj) as service:
        service.save_draft("Hooks", flow_from_dict(hook_flow("https://a.example.com/", "https://evil.example.net/")))
        review = service.webhook_review("Hooks")
    assert review.needs_approval and review.pending == ["https://evil.example.net/"]
    code, _, err = run(capsys, "flow", "activate", proj, "Hooks")
    assert code == 2 and "'https://evil.example.net/'" in err


def test_flows_made_here_and_presets_are_not_held(proj: Path, capsys) -> None:
    from runtime.flow.io import flow_from_dict
    from runtime.service import ProjectService

    with ProjectService.open(proj) as service:
        flow_id = service.create_flow(flow_from_dict(hook_flow("https://crm.example.com/in")))
        assert not service.webhook_review(flow_id).needs_approval
        service.activate(flow_id)


def test_a_bad_host_is_refused(proj: Path, write_flow_file, capsys) -> None:
    assert run(capsys, "flow", "import", proj, write_flow_file(hook_flow("https://a.example.com/")))[0] == 0
    code, _, err = run(capsys, "flow", "approve", proj, "Hooks", "--host", "not a host")
    assert code == 2 and "--host 'not a host': not a host name" in err


@pytest.mark.parametrize(("url", "from_data"), [
    ("https://crm.example.com/{{ contact.id }}", False),
    ("https://crm.example.com/?to={{ contact.email }}", False),
    ("{{ contact.hook_url }}", True),
    ("https://{{ contact.shop }}.example.com/hook", True),
    ("{{ scheme }}://crm.example.com/", True),
    ("https://crm.example.com:{{ contact.port }}/", True),
])
def test_which_urls_take_their_host_from_data(url: str, from_data: bool) -> None:
    assert host_from_data(url) is from_data


def _dispatch_hook(path: Path, url: str) -> tuple[Outbox, list]:
    project = open_project(path)
    try:
        with project.write() as s:
            contact = add_contact(s)
            add_outbox(s, contact, "webhook", {"url": url, "body": "{}", "url_from_data": True}, "1:hook:0", T0)
        rec = Recorder(reply(200, {}))
        asyncio.run(Dispatcher(project, VirtualClock(T0), {"webhook": WebhookAdapter(rec.client())},
                               sandbox=False).run_once())
        with project.session() as s:
            (row,) = s.scalars(select(Outbox))
        return row, rec.requests
    finally:
        project.close()


def test_a_url_from_contact_data_goes_only_to_an_approved_host(proj: Path, write_flow_file, capsys) -> None:
    row, requests = _dispatch_hook(proj, "https://attacker.example.net/steal")
    assert requests == [] and row.status == "failed"
    assert "webhook URL host 'attacker.example.net' comes from contact data and is not on the approved host list" in (row.error or row.reason or "")


def test_an_approved_host_receives_the_webhook(proj: Path, write_flow_file, capsys) -> None:
    assert run(capsys, "flow", "import", proj, write_flow_file(hook_flow("{{ contact.hook_url }}")))[0] == 0
    assert run(capsys, "flow", "approve", proj, "Hooks", "--host", "*.example.com")[0] == 0
    row, requests = _dispatch_hook(proj, "https://hooks.example.com/in")
    assert [str(r.url) for r in requests] == ["https://hooks.example.com/in"] and row.status == "sent"


def test_a_reviewed_file_imported_into_a_flow_holds_its_new_webhook_urls(proj: Path, write_flow_file, capsys) -> None:
    """`flow import --into` replaces a draft from a file: approved URLs stay approved, new ones wait,
    also for a flow that was made here (never held before)."""
    from runtime.flow.io import flow_from_dict
    from runtime.service import ProjectService

    with ProjectService.open(proj) as service:
        service.create_flow(flow_from_dict(hook_flow("https://crm.example.com/in")))
    assert run(capsys, "flow", "approve", proj, "Hooks")[0] == 0
    first = write_flow_file(hook_flow("https://crm.example.com/in"))
    second = first.with_name("second.json")
    second.write_text(json.dumps(hook_flow("https://crm.example.com/in", "https://other.example.net/x")),
                      encoding="utf-8")
    code, _, err = run(capsys, "flow", "import", proj, second, "--into", "Hooks")
    assert code == 0, err
    code, _, err = run(capsys, "flow", "activate", proj, "Hooks")
    assert code == 2 and "not yet approved: 'https://other.example.net/x'" in err
    assert "crm.example.com" not in err.split("not yet approved:")[1]
    assert run(capsys, "flow", "approve", proj, "Hooks")[0] == 0
    code, _, err = run(capsys, "flow", "activate", proj, "Hooks")
    assert code == 0, err
