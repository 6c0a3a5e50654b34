"""A sandbox run loads no HTTP client or phone-number library: its start-up stays short (about
0.15 s of CPU per command for httpx alone on the development machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from runtime.clock import UTC, VirtualClock
from runtime.storage.db import Project
from runtime.storage.project_clock import save_virtual_now
from tests.runtime.engine_core_helpers import add_contacts, enter, flow, install, step

PROBE = """
import json, sys
from runtime.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in ("httpx", "phonenumbers") if m in sys.modules)}))
"""


def test_a_sandbox_run_that_sends_imports_neither_httpx_nor_phonenumbers(project: Project, tmp_path: Path) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    clock = VirtualClock(start)
    ids = add_contacts(project, clock, {"external_id": "a", "email": "a@example.com", "first_name": "Anna"})
    fid = install(project, flow("mail", [step("mail", "send_email", subject="Hi {{ contact.first_name }}", body="b")],
                                []), clock)
    enter(project, fid, ids, clock)
    with project.write() as session:
        save_virtual_now(session, start)
    project.close()
    until = (start + timedelta(hours=1)).isoformat()
    args = ["run", str(tmp_path / "fixture.fcproj"), "--clock", "virtual", "--until", until, "--sandbox", "--json"]
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
    assert '"steps": 1' in done.stdout  # the email was really handled (written to the outbox as a sandbox send)
