"""``flowcanvas flow diff PROJECT FLOW V1 V2``: added, removed and changed steps, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cli.main import main
from runtime.flow.model import Edge, Step
from runtime.service import ProjectService


def _two_versions(path: Path) -> int:
    with ProjectService.create(path) as service:
        flow_id = service.create_flow_from_preset("abandoned_cart")
        service.publish(flow_id)
        flow = service.get_flow(flow_id).draft
        flow.step("email_cart").config["subject"] = "Your cart misses you"
        flow.steps = [s for s in flow.steps if s.id != "sms_cart"]
        flow.edges = [e for e in flow.edges if e.target != "sms_cart"]
        flow.steps.append(Step("tag_reminded", "add_tag", {"tag": "reminded"}, (3000, 0)))
        flow.edges.append(Edge("bought_72h", "tag_reminded", "no"))
        flow.goal = {"event": "purchase", "within": "P3D"}
        service.save_draft(flow_id, flow)
        service.publish(flow_id)
    return flow_id


def test_flow_diff_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.fcproj"
    flow_id = _two_versions(path)
    assert main(["flow", "diff", str(path), str(flow_id), "1", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in result["added"]] == ["tag_reminded"]
    assert [s["id"] for s in result["removed"]] == ["sms_cart"]
    [changed] = result["changed"]
    assert changed["id"] == "email_cart"
    assert changed["changes"] == [{"field": "subject", "old": "You left something", "new": "Your cart misses you"}]
    assert {"from": "bought_72h", "port": "no", "to": "tag_reminded"} in result["edges_added"]
    assert {"field": "goal.within", "old": "P7D", "new": "P3D"} in result["flow"]
    assert result["same"] is False

    assert main(["flow", "diff", str(path), "Abandoned cart", "2", "draft"]) == 0
    assert "do the same thing" in capsys.readouterr().out
    assert main(["flow", "diff", str(path), str(flow_id), "1", "2"]) == 0
    text = capsys.readouterr().out
    assert "+ tag_reminded (add_tag)" in text and "- sms_cart (send_sms)" in text
    assert '    subject: "You left something" -> "Your cart misses you"' in text


def test_flow_diff_unknown_version_names_the_versions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.fcproj"
    flow_id = _two_versions(path)
    assert main(["flow", "diff", str(path), str(flow_id), "1", "7"]) != 0
    assert "has no version 7 (versions: 1, 2)" in capsys.readouterr().err
