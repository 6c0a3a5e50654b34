"""How HTTP channel adapters turn provider answers and network failures into results.

The parts every HTTP provider shares live here: a network failure is :class:`Transient`, an
answer that is not a JSON object is :class:`Transient` ("malformed answer"), ``Retry-After`` in
seconds is honoured, and the default status-code mapping (429 / 408 / 5xx retry, 401 / 403 are
credentials, other 4xx reject the message). What a provider documents beyond that (SMS.ru's
``status_code``, Graph error codes, Telegram's ``error_code``, push 404/410) stays in its module.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any

import httpx

from runtime.channels.base import AUTH, INVALID, ChannelError, Permanent, SendResult, Transient

__all__ = [
    "guarded",
    "http_status_result",
    "json_body",
    "malformed_answer",
    "probe",
    "retry_after_header",
    "server_error",
    "transport_failure",
]


def transport_failure(provider: str, exc: Exception) -> Transient:
    """A readable Transient for a network-level failure (timeout, refused connection, ...)."""
    if isinstance(exc, httpx.TimeoutException):
        return Transient(f"{provider}: no answer in time ({type(exc).__name__})")
    detail = str(exc) or type(exc).__name__
    return Transient(f"{provider}: connection failed: {detail}")


async def guarded(provider: str, request: Awaitable[httpx.Response]) -> httpx.Response | Transient:
    """The response to ``request``, or a :func:`transport_failure` when the network failed.

    Adapters' ``send`` never raises for provider errors; this is the one place that catches them.
    """
    try:
        return await request
    except httpx.HTTPError as exc:
        return transport_failure(provider, exc)


async def probe(channel: str, provider: str, request: Awaitable[httpx.Response]) -> tuple[httpx.Response, dict[str, Any]]:
    """For ``test_connection``: the response and its JSON object (``{}`` when not JSON).

    A network failure raises :class:`ChannelError` ``"<channel>: <reason>"`` (the URL is not
    echoed: some providers put credentials in it).
    """
    try:
        response = await request
    except httpx.HTTPError as exc:
        raise ChannelError(f"{channel}: {transport_failure(provider, exc).reason}") from None
    return response, json_body(response) or {}


def json_body(response: httpx.Response) -> dict[str, Any] | None:
    """The response's JSON object, or None when it is not a JSON object (malformed body)."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def malformed_answer(provider: str, response: httpx.Response) -> Transient:
    """The provider answered something that is not a JSON object (a proxy page, a cut body)."""
    return Transient(f"{provider}: malformed answer (HTTP {response.status_code}, not JSON)")


def server_error(provider: str, response: httpx.Response) -> Transient:
    """A 5xx answer without a readable body: retry later."""
    return Transient(f"{provider}: server error {response.status_code}")


def retry_after_header(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds (HTTP dates are ignored)."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def http_status_result(provider: str, response: httpx.Response, detail: str) -> SendResult:
    """Default classification of a non-success HTTP answer."""
    status = response.status_code
    if status == 429:
        return Transient(f"{provider}: rate limited (429): {detail}", retry_after_header(response))
    if status in (401, 403):
        return Permanent(f"{provider}: credentials rejected ({status}): {detail}", AUTH)
    if status == 408 or status >= 500:
        return Transient(f"{provider}: server error {status}: {detail}", retry_after_header(response))
    return Permanent(f"{provider}: rejected ({status}): {detail}", INVALID)
