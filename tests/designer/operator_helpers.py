"""Helpers for the operator-tool tests: a bridge on a real project file and a local Bot API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from designer.bridge import RuntimeBridge
from runtime.service import ProjectService


def wait_idle(qtbot: Any, bridge: RuntimeBridge, timeout: int = 10000) -> None:
    """Wait until every background call of ``bridge`` has reported back on the GUI thread."""
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=timeout)


@pytest.fixture
def bridge(qapp, tmp_path: Path) -> Iterator[RuntimeBridge]:  # noqa: ANN001 - pytest-qt's qapp
    """A bridge on a new project file (polling off: tests drive every load themselves)."""
    b = RuntimeBridge(poll_ms=3_600_000)
    b.open_project(tmp_path / "ops.fcproj", create=True)
    yield b
    b.shutdown()
    b.deleteLater()


def service_of(bridge: RuntimeBridge) -> ProjectService:
    assert bridge.service is not None
    return bridge.service


class FakeBotApi(BaseHTTPRequestHandler):
    """A local stand-in for api.telegram.org: getMe answers for token 42:GOOD only."""

    calls: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server hook
        self.rfile.read(int(self.headers.get("content-length") or 0))
        token, method = self.path.split("/")[1], self.path.rsplit("/", 1)[1]
        FakeBotApi.calls.append(f"{token}/{method}")
        if token != "bot42:GOOD":
            answer, status = {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
        else:
            answer = {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "Shop", "username": "shop_bot"}}
            status = 200
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def bot_api() -> Iterator[str]:
    """The base URL of a local fake Telegram Bot API server."""
    FakeBotApi.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
