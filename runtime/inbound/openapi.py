"""The OpenAPI 3.1 document of the inbound API (served at ``GET /v1/openapi.json``)."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/responses/Error"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _ok(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description}
    if schema:
        out.update(_json(schema))
    return out


_HEALTH = {"type": "object", "required": ["ok", "now", "engine", "lease", "backlog"], "properties": {
    "ok": {"type": "boolean"}, "now": {"type": "string", "format": "date-time"},
    "engine": {"type": ["object", "null"], "description": "state, last_tick, seconds_since_tick, totals, errors"},
    "lease": {"type": ["object", "null"], "description": "the runner lease's holder; {shared: true} on PostgreSQL"},
    "backlog": {"type": "object", "properties": {k: {"type": "integer"} for k in ("due_positions", "events", "outbox")}},
}}

_HEALTH_PATH = {"get": {
    "summary": "Health: the engine beside the server (state, last tick, errors), the runner lease, "
               "the backlog (due positions, untaken events, pending messages)", "security": [],
    "responses": {"200": _ok("well", _HEALTH),
                  "503": _ok("the engine stopped, lost the project or stopped ticking", _HEALTH)}}}

_EVENT = {
    "type": "object",
    "required": ["contact", "name"],
    "additionalProperties": False,
    "properties": {
        "contact": {"type": "string", "description": "the contact's external id"},
        "name": {"type": "string", "maxLength": 200},
        "props": {"type": "object", "description": "event properties; with create_contact also the new contact's "
                                                   "email, phone, first_name, last_name, timezone"},
        "at": {"type": "string", "format": "date-time", "description": "when it happened (default: now)"},
        "create_contact": {"type": "boolean", "default": False},
    },
}
_CONTACT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "description": "external id; without it the contact is found by email, then phone"},
        **{name: {"type": "string"} for name in ("email", "phone", "whatsapp", "telegram_chat_id", "first_name",
                                                  "last_name", "timezone", "birthday")},
        "attributes": {"type": "object"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
_WRITE_PARAMS = [
    {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "maxLength": 200},
     "description": "a replay with the same key and body gets the first answer (header Idempotent-Replayed: true)"},
    {"name": "X-FlowCanvas-Signature", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>; required when the project has an HMAC secret"},
]
_COMMON_ERRORS = {"400": _ERROR, "401": _ERROR, "413": _ERROR, "422": _ERROR, "429": _ERROR}


def openapi_document() -> dict[str, Any]:
    """The document, built fresh (callers may change their copy)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "FlowCanvas inbound API", "version": "1",
                 "description": "Events, contacts and form posts into a FlowCanvas project. Binds 127.0.0.1 unless "
                                "told otherwise; requests carry Authorization: Bearer <token> from "
                                "`flowcanvas token create PROJECT`."},
        "servers": [{"url": "http://127.0.0.1:8787"}],
        "components": _components(),
        "security": [{"bearer": []}],
        "paths": {**_write_paths(), **_public_paths()},
    }


def _components() -> dict[str, Any]:
    """Security schemes, the shared schemas and the error response."""
    return {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "queryToken": {"type": "apiKey", "in": "query", "name": "token"}},
        "schemas": {
            "Event": _EVENT,
            "Contact": _CONTACT,
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": "string", "description": "JSON path of the bad value"}}}}},
        },
        "responses": {"Error": _ok("an error", {"$ref": "#/components/schemas/Error"})},
    }


def _write_paths() -> dict[str, Any]:
    """The token-guarded writes: events, contacts, push subscriptions, form posts."""
    return {
        "/v1/events": {"post": {
            "summary": "Record one event or a batch (up to 1000)",
            "parameters": _WRITE_PARAMS,
            "requestBody": {"required": True, **_json({"oneOf": [
                {"$ref": "#/components/schemas/Event"},
                {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                {"type": "object", "required": ["events"], "properties": {
                    "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                    "create_contact": {"type": "boolean"}}},
            ]})},
            "responses": {"202": _ok("recorded", {"type": "object", "properties": {
                "accepted": {"type": "integer"}, "contacts_created": {"type": "array", "items": {"type": "string"}}}}),
                "404": _ERROR, **_COMMON_ERRORS},
        }},
        "/v1/contacts": {"post": {
            "summary": "Create or update contacts (normalised like a CSV import)",
            "parameters": _WRITE_PARAMS,
            "requestBody": {"required": True, **_json({"oneOf": [
                {"$ref": "#/components/schemas/Contact"},
                {"type": "object", "required": ["contacts"], "properties": {
                    "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}}}},
            ]})},
            "responses": {"200": _ok("stored", {"type": "object"}), **_COMMON_ERRORS},
        }},
        "/v1/push-subscriptions": {"post": {
            "summary": "Store a browser's Web Push subscription on a contact",
            "parameters": _WRITE_PARAMS,
            "requestBody": {"required": True, **_json({"type": "object", "required": ["contact", "subscription"],
                                                       "properties": {"contact": {"type": "string"},
                                                                      "subscription": {"type": "object"}}})},
            "responses": {"201": _ok("stored", {"type": "object"}), "404": _ERROR, **_COMMON_ERRORS},
        }},
        "/v1/forms/{form}": {"post": {
            "summary": "A website form post (Tilda and others), mapped by the inbound.forms setting",
            "security": [{"queryToken": []}, {"bearer": []}],
            "parameters": [{"name": "form", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
                "multipart/form-data": {"schema": {"type": "object"}}}},
            "responses": {"200": _ok("contact updated", {"type": "object"}),
                          "201": _ok("contact created", {"type": "object"}), **_COMMON_ERRORS},
        }},
    }


def _public_paths() -> dict[str, Any]:
    """Links in messages (unsubscribe, tracking), Telegram webhooks and the service's own documents."""
    return {
        "/v1/unsubscribe/{token}": {
            "get": {"summary": "Unsubscribe confirmation page", "security": [],
                    "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "HTML page"}, "404": {"description": "bad link"}}},
            "post": {"summary": "One-click unsubscribe (RFC 8058: body List-Unsubscribe=One-Click)", "security": [],
                     "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
                     "responses": {"200": {"description": "unsubscribed"}, "404": _ERROR}},
        },
        "/v1/t/o/{token}.gif": {"get": {
            "summary": "Email open pixel (records email_opened)", "security": [],
            "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "a 1x1 GIF", "content": {"image/gif": {}}}}}},
        "/v1/t/c/{token}": {"get": {
            "summary": "Email click redirect (records email_clicked)", "security": [],
            "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "u", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {"302": {"description": "to the signed URL"}, "404": _ERROR}}},
        "/v1/telegram/webhook": {"post": {
            "summary": "Telegram Bot API updates (setWebhook with secret_token)", "security": [],
            "parameters": [{"name": "X-Telegram-Bot-Api-Secret-Token", "in": "header", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"required": True, **_json({"type": "object"})},
            "responses": {"200": _ok("handled", {"type": "object"}), "401": _ERROR}}},
        "/v1/telegram/webhook/{account}": {"post": {
            "summary": "Telegram Bot API updates of the named bot telegram:<account>", "security": [],
            "parameters": [{"name": "account", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "X-Telegram-Bot-Api-Secret-Token", "in": "header", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"required": True, **_json({"type": "object"})},
            "responses": {"200": _ok("handled", {"type": "object"}), "401": _ERROR}}},
        "/v1/openapi.json": {"get": {"summary": "This document", "security": [],
                                     "responses": {"200": _ok("OpenAPI 3.1", {"type": "object"})}}},
        "/v1/health": _HEALTH_PATH,
    }
