"""``flowcanvas token ...`` and ``flowcanvas serve``: tokens printed once and kept hashed, the
server taking events that the engine beside it turns into flow entries."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from runtime.cli.main import main
from runtime.clock import SystemClock
from runtime.inbound.server import InboundOptions
from runtime.inbound.serving import serve_project
from runtime.storage.db import open_project
from runtime.storage.models import Execution


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_token_create_list_revoke(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "p.fcproj")
    assert run(capsys, "init", path)[0] == 0
    code, out, _ = run(capsys, "token", "create", path, "--name", "tilda", "--json")
    created = json.loads(out)
    assert code == 0 and created["token"].startswith("fc_") and created["name"] == "tilda"
    code, out, _ = run(capsys, "token", "list", path, "--json")
    (listed,) = json.loads(out)
    assert "token" not in listed and listed["prefix"] == created["token"][:10] and listed["revoked"] is False
    assert created["token"] not in (tmp_path / "p.fcproj").read_bytes().decode("latin-1")
    code, out, _ = run(capsys, "token", "revoke", path, "tilda", "--json")
    assert code == 0 and json.loads(out)["revoked"] is True
    code, _, err = run(capsys, "token", "revoke", path, "tilda")
    assert code != 0 and "no active API token 'tilda'" in err


def test_token_hmac_prints_the_secret_once_and_serve_then_requires_signatures(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "p.fcproj")
    run(capsys, "init", path)
    code, out, _ = run(capsys, "token", "hmac", path, "--json")
    secret = json.loads(out)["hmac_secret"]
    assert code == 0 and len(secret) == 64
    from runtime.inbound.serving import options_for

    project = open_project(path)
    try:
        assert options_for(project, InboundOptions()).hmac_secret == secret
        run(capsys, "token", "hmac", path, "--off")
        assert options_for(project, InboundOptions()).hmac_secret is None
    finally:
        project.close()


def test_serve_accepts_events_and_the_engine_beside_it_enters_the_flow(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "p.fcproj")
    run(capsys, "init", path)
    flow = tmp_path / "signup.json"
    flow.write_text(json.dumps({"format": "flowcanvas/1", "name": "Signup", "trigger": {"type": "event", "event": "signup"},
                                "steps": [{"id": "hold", "type": "wait", "config": {"duration": "P1D"}}], "edges": []}))
    assert run(capsys, "flow", "import", path, str(flow), "--activate")[0] == 0
    token = json.loads(run(capsys, "token", "create", path, "--json")[1])["token"]
    project = open_project(path)
    entered: list[int] = []
    engines: list = []

    async def main_async() -> dict:
        stop = asyncio.Event()

        def ready(server) -> None:
            async def client_side() -> None:
                async with httpx.AsyncClient(base_url=server.url) as client:
                    response = await client.post("/v1/events", headers={"Authorization": f"Bearer {token}"}, json={
                        "contact": "web-1", "name": "signup", "create_contact": True,
                        "props": {"email": "new@mailbox.org"}})
                    assert response.status_code == 202
                # one tick of the running engine (as its scheduler does every second) takes it in
                await asyncio.get_running_loop().run_in_executor(None, engines[0].run_tick)
                with project.session() as s:
                    entered.extend(s.scalars(select(Execution.id)))
                stop.set()

            tasks.append(asyncio.get_running_loop().create_task(client_side()))

        tasks: list = []
        summary = await asyncio.wait_for(
            serve_project(project, SystemClock(), InboundOptions(port=0), stop=stop, on_ready=ready,
                          on_engine=engines.append, sandbox=True),
            timeout=60)
        await tasks[0]
        return summary

    try:
        summary = asyncio.run(main_async())
    finally:
        project.close()
    assert summary["url"].startswith("http://127.0.0.1:") and len(entered) == 1


def test_serve_refuses_a_missing_project_and_prints_the_openapi_document(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "serve", str(tmp_path / "missing.fcproj"))
    assert code != 0 and "missing.fcproj" in err
    code, out, _ = run(capsys, "serve", "--openapi")
    assert code == 0 and json.loads(out)["openapi"] == "3.1.0"


def test_serve_command_binds_loopback_and_reports_when_stopped(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "p.fcproj")
    run(capsys, "init", path)
    code, out, err = run(capsys, "serve", path, "--port", "0", "--for", "0", "--no-engine", "--json")
    assert code == 0 and "serving http://127.0.0.1:" in err
    summary = json.loads(out)
    assert summary["url"].startswith("http://127.0.0.1:") and summary["write_transactions"] == 1  # the start-up one
    code, _, err = run(capsys, "serve", path, "--port", "70000")
    assert code != 0 and "--port 70000" in err


def test_telegram_webhook_is_set_with_a_secret_the_server_then_checks(tmp_path: Path, bot_api: str, capsys) -> None:
    from runtime.inbound.serving import options_for
    from runtime.service import ProjectService
    from tests.runtime.channel_helpers import FakeBotApi

    path = str(tmp_path / "p.fcproj")
    run(capsys, "init", path)
    assert run(capsys, "channel", "set", path, "telegram:paid", "token=42:GOOD", f"api_base={bot_api}")[0] == 0
    code, _, err = run(capsys, "serve", path, "--telegram-webhook", "http://insecure.example", "--account", "paid")
    assert code != 0 and "https://" in err
    with ProjectService.open(path) as service:
        url = service.telegram_webhook("https://shop.example", "paid")
        secret = options_for(service.project, InboundOptions()).telegram_secrets["paid"]
        assert service.telegram_webhook("off", "paid") is None
    assert url == "https://shop.example/v1/telegram/webhook/paid"
    (set_call,) = [body for method, body in FakeBotApi.calls if method == "setWebhook"]
    assert set_call["url"] == url and set_call["secret_token"] == secret and "chat_member" in set_call["allowed_updates"]
    assert [method for method, _ in FakeBotApi.calls][-1] == "deleteWebhook"
