"""VK community bot over httpx: ``messages.send`` with keyboards.

Every call is ``POST {api_base}/method/<method>`` with form fields, ``access_token`` (the
community's key) and ``v`` (API version). VK answers 200 with ``{"response": ...}`` or
``{"error": {"error_code", "error_msg"}}``; the codes are mapped like Telegram's:

- 901 "Can't send messages for users without permission", 902 (privacy settings), 900 (the user
  is in the community's black list): the contact blocked us -> ``blocked``;
- 5 (authorization failed), 15/27 (access denied / group authorization failed): the token ->
  ``auth``;
- 6 (too many requests per second), 9 (flood control), 10 (internal error), 1 (unknown error):
  transient;
- anything else (100 "one of the parameters is invalid", 914 "message is too long", ...): the
  message is rejected.

``random_id`` is derived from the outbox idempotency key: VK ignores a second message with the same
``random_id`` from the same community to the same user, so a re-send after a crash is safe.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx

from runtime.channels.base import (
    AUTH,
    BLOCKED,
    INVALID,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
    button_rows,
)
from runtime.channels.http_errors import json_body, malformed_answer, transport_failure

API_BASE = "https://api.vk.com"
API_VERSION = "5.199"
BLOCKED_CODES = {900, 901, 902}
AUTH_CODES = {5, 15, 27}
TRANSIENT_CODES = {1, 6, 9, 10}
TOKEN_HINT = "set the community's access key with `flowcanvas channel set PROJECT vk token=...`"


class VkApiError(Exception):
    """A VK API call failed; ``result`` says whether retrying may help."""

    def __init__(self, result: Transient | Permanent, code: int | None = None) -> None:
        super().__init__(result.reason)
        self.result = result
        self.code = code


def classify_error(method: str, error: dict[str, Any]) -> Transient | Permanent:
    """Map a VK ``error`` object to a result."""
    code = int(error.get("error_code") or 0)
    text = f"VK {method}: {error.get('error_msg') or 'error'} (code {code})"
    if code in BLOCKED_CODES:
        return Permanent(text, BLOCKED)
    if code in AUTH_CODES:
        return Permanent(f"{text}; {TOKEN_HINT}", AUTH)
    if code in TRANSIENT_CODES:
        return Transient(text, 1.0 if code in (6, 9) else None)
    return Permanent(text, INVALID)


class VkApi:
    """A thin VK API client for one community."""

    def __init__(self, client: httpx.AsyncClient, token: str, api_base: str = API_BASE,
                 version: str = API_VERSION) -> None:
        self.client = client
        self.token = token
        self.api_base = api_base.rstrip("/")
        self.version = version

    async def call(self, method: str, params: dict[str, Any], timeout: float | None = None) -> Any:
        """Call one method; its ``response``, or :class:`VkApiError`."""
        form = {key: str(value) for key, value in params.items() if value is not None}
        form.update(access_token=self.token, v=self.version)
        try:
            response = await self.client.post(f"{self.api_base}/method/{method}", data=form,
                                              timeout=timeout if timeout else httpx.USE_CLIENT_DEFAULT)
        except httpx.HTTPError as exc:
            raise VkApiError(transport_failure(f"VK {method}", exc)) from None
        data = json_body(response)
        if data is None or response.status_code >= 500:
            raise VkApiError(malformed_answer(f"VK {method}", response))
        if "error" in data:
            error = data["error"] if isinstance(data["error"], dict) else {}
            raise VkApiError(classify_error(method, error), int(error.get("error_code") or 0))
        return data.get("response")


def keyboard(buttons: list[Any], inline: bool = True) -> str | None:
    """The ``keyboard`` JSON for step buttons: rows of ``{"text", "url"}`` (an open_link button)
    or ``{"text", "data"}`` (a text button whose ``payload`` comes back with the user's press)."""
    if not buttons:
        return None
    rows = []
    for items in button_rows(buttons):
        out = []
        for button in items:
            label = str(button.get("text", ""))[:40]
            if button.get("url"):
                out.append({"action": {"type": "open_link", "link": str(button["url"]), "label": label}})
            else:
                payload = json.dumps({"data": str(button.get("data", label))}, ensure_ascii=False)
                out.append({"action": {"type": "text", "label": label, "payload": payload}})
        rows.append(out)
    return json.dumps({"inline": inline, "buttons": rows}, ensure_ascii=False)


def random_id(idempotency_key: str) -> int:
    """A positive 31-bit ``random_id`` fixed for one outbox message."""
    return int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:4], "big") & 0x7FFFFFFF


class VkAdapter:
    """Sends the vk channel's messages as the community."""

    channel = "vk"
    honours_idempotency = True  # random_id

    def __init__(self, api: VkApi) -> None:
        self.api = api

    def address(self, recipient: Recipient) -> str | None:
        return recipient.vk_id or None

    @staticmethod
    def request(peer_id: str, content: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        """The ``messages.send`` parameters of a send_vk step's content."""
        params: dict[str, Any] = {"peer_id": peer_id, "random_id": random_id(idempotency_key),
                                  "message": content.get("text") or ""}
        markup = keyboard(content.get("buttons") or [])
        if markup:
            params["keyboard"] = markup
        return params

    async def send(self, message: Message) -> SendResult:
        peer = self.address(message.recipient)
        if not peer:
            return Permanent("contact has no VK id", "no_address")
        try:
            result = await self.api.call("messages.send", self.request(peer, message.content, message.idempotency_key))
        except VkApiError as exc:
            return exc.result
        return Sent(str(result) if result is not None else None)

    async def test_connection(self) -> str:
        """groups.getById: proves the key works and names the community."""
        try:
            groups = await self.api.call("groups.getById", {})
        except VkApiError as exc:
            raise ChannelError(f"vk: {exc.result.reason}") from None
        first = (groups.get("groups") if isinstance(groups, dict) else groups) or [{}]
        return f"VK community {first[0].get('name')!r} (id {first[0].get('id')}) is ready"
