"""JSON errors of the inbound API: ``{"error": {"code", "message", "field"?}}`` with a status.

Every failure a client can cause answers with this shape (also 404, 405 and 413 from aiohttp
itself), so an integration can show the message and point at the bad field.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


class ApiError(Exception):
    """A request the API refuses: HTTP ``status``, a stable ``code``, a readable message and,
    for bad input, the JSON path of the field at fault (``events[2].name``)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


def bad_request(message: str, field: str | None = None) -> ApiError:
    """400 ``invalid``: a value is missing or wrong."""
    return ApiError(400, "invalid", message, field)


def error_response(error: ApiError) -> web.Response:
    """The JSON response of ``error``."""
    return web.Response(status=error.status, text=json.dumps(error.body(), ensure_ascii=False),
                        content_type="application/json", headers=error.headers)


# aiohttp's own refusals, as the API's codes
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 429: "rate_limited"}
