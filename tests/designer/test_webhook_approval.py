"""The designer holds an imported flow's activation until its webhooks are approved in a dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from designer import webhook_approval
from designer.inspector.lists import ABGroupsEditor
from designer.webhook_approval import WebhookApprovalDialog
from runtime.service import ProjectService

from shell_helpers import open_editor, open_window, service, wait_for, wait_idle
from shell_helpers import no_modal_dialogs  # noqa: F401 - autouse fixture

FLOW = {
    "format": "flowcanvas/1", "name": "Hooks", "trigger": {"type": "event", "event": "go"},
    "steps": [{"id": "crm", "type": "webhook", "config": {"url": "https://crm.example.com/in"}},
              {"id": "own", "type": "webhook", "config": {"url": "{{ contact.hook_url }}"}}],
    "edges": [{"from": "crm", "to": "own"}],
}


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, int]:
    project = tmp_path / "p.fcproj"
    source = tmp_path / "hooks.json"
    source.write_text(json.dumps(FLOW), encoding="utf-8")
    with ProjectService.create(project) as svc:
        flow_id = svc.import_flow_file(source)
    return project, flow_id


def test_activating_an_imported_flow_asks_for_approval_first(qtbot, tmp_path: Path, imported, monkeypatch) -> None:
    project, flow_id = imported
    asked: list[tuple[str, list[str], list[str]]] = []

    def approve(parent, flow_name, review):  # noqa: ANN001, ANN202
        asked.append((flow_name, review.pending, review.from_data))
        return ["hooks.example.com"]

    monkeypatch.setattr(webhook_approval, "ask_webhook_approval", approve)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    editor.activate()
    wait_for(qtbot, lambda: service(window).get_flow(flow_id).status == "active")
    assert asked == [("Hooks", ["https://crm.example.com/in", "{{ contact.hook_url }}"], ["{{ contact.hook_url }}"])]
    assert service(window).webhook_review(flow_id).approved_hosts == ["hooks.example.com"]


def test_cancelling_the_approval_leaves_the_flow_a_draft(qtbot, tmp_path: Path, imported, monkeypatch) -> None:
    project, flow_id = imported
    monkeypatch.setattr(webhook_approval, "ask_webhook_approval", lambda *a: None)
    window = open_window(qtbot, tmp_path, project)
    editor = open_editor(qtbot, window, flow_id)
    messages: list[str] = []
    editor.message.connect(messages.append)
    editor.activate()
    wait_for(qtbot, lambda: messages)
    wait_idle(qtbot, window)
    assert messages[-1] == "Not activated: the flow's webhooks wait for approval."
    assert service(window).get_flow(flow_id).status == "draft"


def test_the_dialog_lists_the_urls_and_takes_new_hosts(qtbot, imported) -> None:
    project, flow_id = imported
    with ProjectService.open(project) as svc:
        review = svc.webhook_review(flow_id)
    dialog = WebhookApprovalDialog(None, "Hooks", review)
    qtbot.addWidget(dialog)
    items = [dialog.url_list.item(i).text() for i in range(dialog.url_list.count())]
    assert items[0].startswith("https://crm.example.com/in")
    assert "host from contact data" in items[1]
    assert dialog.hosts_edit.isVisibleTo(dialog)
    dialog.hosts_edit.setText("hooks.example.com; *.example.org, hooks.example.com")
    assert dialog.hosts() == ["hooks.example.com", "*.example.org"]
    dialog.show()
    qtbot.waitExposed(dialog)
    Path("test-artifacts").mkdir(exist_ok=True)
    dialog.grab().save("test-artifacts/webhook_approval.png")


@pytest.mark.parametrize("share", [1e308, float("nan"), -5, "lots"])
def test_the_ab_editor_shows_any_stored_share_without_crashing(qtbot, share: object) -> None:
    editor = ABGroupsEditor()
    qtbot.addWidget(editor)
    editor.set_value([{"name": "a", "share": share}, {"name": "b", "share": 50}])
    spins = [spin.value() for _n, spin, _r in editor.rows]
    assert spins[1] == 50 and 0 <= spins[0] <= 100
