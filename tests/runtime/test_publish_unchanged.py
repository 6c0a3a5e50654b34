"""Publishing a draft that equals the live version is refused: no empty versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.service import InputError, ProjectService
from tests.runtime.conftest import simple_flow_dict


def test_publish_with_no_changes_is_refused_and_makes_no_version(tmp_path: Path) -> None:
    from runtime.service import flow_from_dict

    with ProjectService.create(tmp_path / "p.fcproj") as svc:
        flow_id = svc.create_flow(flow_from_dict(simple_flow_dict("Welcome")))
        assert svc.get_flow(flow_id).draft_changed is True
        assert svc.publish(flow_id) == 1
        assert svc.get_flow(flow_id).draft_changed is False
        with pytest.raises(InputError, match="nothing to publish.*v1"):
            svc.publish(flow_id)
        svc.activate(flow_id)  # activating an unchanged flow publishes nothing and is fine
        assert svc.get_flow(flow_id).version == 1
        draft = svc.get_flow(flow_id).draft
        draft.description = "Now with a description"
        svc.save_draft(flow_id, draft)
        assert svc.get_flow(flow_id).draft_changed is True
        assert svc.publish(flow_id) == 2
