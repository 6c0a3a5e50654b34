"""WhatsApp Cloud API adapter: text inside the 24-hour window, templates outside it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from runtime.channels.base import AUTH, WINDOW_CLOSED, Permanent, Sent, Transient
from runtime.channels.whatsapp import WhatsAppAdapter
from runtime.clock import UTC
from tests.runtime.channel_helpers import Recorder, json_of, message, reply

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OK = {"messaging_product": "whatsapp", "contacts": [{"input": "+4915112345678", "wa_id": "4915112345678"}],
      "messages": [{"id": "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA"}]}


def wa(rec: Recorder, **kw) -> WhatsAppAdapter:
    return WhatsAppAdapter(rec.client(), "106540352242922", "EAAG-token", **kw)


def test_text_inside_the_window() -> None:
    rec = Recorder(reply(200, OK))
    msg = message("whatsapp", {"text": "Your order shipped"}, now=NOW, whatsapp="+4915112345678",
                  last_inbound_at=NOW - timedelta(hours=23))
    assert asyncio.run(wa(rec).send(msg)) == Sent(OK["messages"][0]["id"])
    (req,) = rec.requests
    assert req.method == "POST"
    assert str(req.url) == "https://graph.facebook.com/v21.0/106540352242922/messages"
    assert req.headers["authorization"] == "Bearer EAAG-token"
    assert json_of(req) == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "4915112345678",
                            "type": "text", "text": {"preview_url": False, "body": "Your order shipped"}}


def test_template_outside_the_window() -> None:
    rec = Recorder(reply(200, OK))
    content = {"template": {"name": "order_update", "language": "de", "params": ["Ann", "A-17"]}}
    msg = message("whatsapp", content, now=NOW, phone="+4915112345678", last_inbound_at=NOW - timedelta(hours=25))
    assert isinstance(asyncio.run(wa(rec).send(msg)), Sent)
    assert json_of(rec.requests[0]) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "4915112345678", "type": "template",
        "template": {"name": "order_update", "language": {"code": "de"},
                     "components": [{"type": "body", "parameters": [{"type": "text", "text": "Ann"},
                                                                    {"type": "text", "text": "A-17"}]}]},
    }


def test_text_outside_the_window_uses_fallback_or_fails_clearly() -> None:
    rec = Recorder(reply(200, OK))
    msg = message("whatsapp", {"text": "hi"}, now=NOW, whatsapp="+4915112345678", last_inbound_at=None)
    result = asyncio.run(wa(rec).send(msg))
    assert isinstance(result, Permanent) and result.kind == WINDOW_CLOSED and "24 hours" in result.reason
    assert rec.requests == []
    asyncio.run(wa(rec, fallback_template="hello_world").send(msg))
    assert json_of(rec.requests[0])["template"] == {"name": "hello_world", "language": {"code": "en_US"}}


def test_documented_errors() -> None:
    msg = message("whatsapp", {"text": "hi"}, now=NOW, whatsapp="+491", last_inbound_at=NOW)
    expired = {"error": {"message": "Error validating access token: Session has expired", "type": "OAuthException",
                         "code": 190, "error_subcode": 463, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}
    result = asyncio.run(wa(Recorder(reply(401, expired))).send(msg))
    assert isinstance(result, Permanent) and result.kind == AUTH and "access_token" in result.reason
    window = {"error": {"message": "Re-engagement message", "type": "OAuthException", "code": 131047,
                        "error_data": {"messaging_product": "whatsapp", "details": "Message failed to send because more than 24 hours have passed"},
                        "fbtrace_id": "x"}}
    result = asyncio.run(wa(Recorder(reply(400, window))).send(msg))
    assert isinstance(result, Permanent) and result.kind == WINDOW_CLOSED
    limited = {"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429, "fbtrace_id": "x"}}
    assert isinstance(asyncio.run(wa(Recorder(reply(400, limited))).send(msg)), Transient)
    assert isinstance(asyncio.run(wa(Recorder(reply(500, "oops"))).send(msg)), Transient)
