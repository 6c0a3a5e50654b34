"""A local stand-in for the VK API and its Bots Long Poll server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.runtime.channel_helpers import local_server

TOKEN = "vk1.a.COMMUNITY"


class FakeVk(BaseHTTPRequestHandler):
    """``POST /method/<name>`` (form fields) and ``GET /lp?act=a_check...``. ``longpoll`` holds the
    answers of the long-poll server in turn; ``refuse`` maps a peer id to a VK error code that
    ``messages.send`` answers for it."""

    calls: list[tuple[str, dict[str, str]]] = []
    longpoll: list[dict[str, Any]] = []
    refuse: dict[str, int] = {}
    servers = 0

    def _answer(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 - http.server hook
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers.get("content-length") or 0)).decode()).items()}
        method = self.path.rsplit("/", 1)[1]
        FakeVk.calls.append((method, form))
        if form.get("access_token") != TOKEN:
            return self._answer({"error": {"error_code": 5, "error_msg": "User authorization failed: invalid access_token"}})
        if method == "groups.getLongPollServer":
            FakeVk.servers += 1
            host = f"http://127.0.0.1:{self.server.server_address[1]}/lp"
            return self._answer({"response": {"key": f"key{FakeVk.servers}", "server": host, "ts": "10"}})
        if method == "messages.send":
            code = FakeVk.refuse.get(form.get("peer_id", ""))
            if code == 901:
                return self._answer({"error": {"error_code": 901, "error_msg": "Can't send messages for users without permission"}})
            return self._answer({"response": 1000 + len(FakeVk.calls)})
        return self._answer({"response": [{"id": 123, "name": "Shop"}]})

    def do_GET(self) -> None:  # noqa: N802 - http.server hook
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        FakeVk.calls.append(("a_check", query))
        self._answer(FakeVk.longpoll.pop(0) if FakeVk.longpoll else {"ts": query.get("ts"), "updates": []})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def vk_api_url() -> Iterator[str]:
    FakeVk.calls, FakeVk.longpoll, FakeVk.refuse, FakeVk.servers = [], [], {}, 0
    with local_server(FakeVk) as url:
        yield url
