"""SMS adapters: SMS.ru and Twilio, exact requests and documented answers."""

from __future__ import annotations

import asyncio
import base64

import httpx
import pytest

from runtime.channels.base import AUTH, INVALID, UNSUBSCRIBED, ChannelError, Permanent, Sent, Transient
from runtime.channels.sms_ru import SmsRuAdapter
from runtime.channels.twilio import TwilioAdapter
from tests.runtime.channel_helpers import Recorder, form_of, message, reply

PHONE = "+79255070602"


def sms_ru(rec: Recorder, sender: str | None = "Shop") -> SmsRuAdapter:
    return SmsRuAdapter(rec.client(), "API-ID-1", sender=sender)


def test_sms_ru_send_request_and_success() -> None:
    body = {"status": "OK", "status_code": 100, "balance": 4122.56,
            "sms": {"79255070602": {"status": "OK", "status_code": 100, "sms_id": "000000-10000000"}}}
    rec = Recorder(reply(200, body))
    result = asyncio.run(sms_ru(rec).send(message("sms", {"text": "Привет"}, phone=PHONE)))
    assert result == Sent("000000-10000000")
    (req,) = rec.requests
    assert req.method == "POST" and str(req.url) == "https://sms.ru/sms/send"
    assert req.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form_of(req) == {"api_id": "API-ID-1", "to": "79255070602", "msg": "Привет", "json": "1", "from": "Shop"}
    assert "API-ID-1" not in str(req.url)  # never in URLs (logs)


def test_sms_ru_documented_errors() -> None:
    refused_number = {"status": "OK", "status_code": 100, "sms": {"79255070602": {
        "status": "ERROR", "status_code": 207,
        "status_text": "На этот номер (или один из номеров) нельзя отправлять сообщения"}}}
    result = asyncio.run(sms_ru(Recorder(reply(200, refused_number))).send(message("sms", {"text": "x"}, phone=PHONE)))
    assert isinstance(result, Permanent) and result.kind == INVALID and "207" in result.reason

    bad_key = {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}
    result = asyncio.run(sms_ru(Recorder(reply(200, bad_key))).send(message("sms", {"text": "x"}, phone=PHONE)))
    assert isinstance(result, Permanent) and result.kind == AUTH and "api_id" in result.reason

    unavailable = {"status": "ERROR", "status_code": 220, "status_text": "Сервис временно недоступен"}
    result = asyncio.run(sms_ru(Recorder(reply(200, unavailable))).send(message("sms", {"text": "x"}, phone=PHONE)))
    assert isinstance(result, Transient) and result.retry_after == 60

    for handler in (reply(503, "busy"), reply(200, "100\n000000-1\nbalance=1")):
        result = asyncio.run(sms_ru(Recorder(handler)).send(message("sms", {"text": "x"}, phone=PHONE)))
        assert isinstance(result, Transient)


def test_sms_ru_balance_and_missing_phone() -> None:
    rec = Recorder(reply(200, {"status": "OK", "status_code": 100, "balance": 4122.56}))
    assert asyncio.run(sms_ru(rec).test_connection()) == "SMS.ru account reachable, balance 4122.56"
    assert str(rec.requests[0].url) == "https://sms.ru/my/balance"
    assert form_of(rec.requests[0]) == {"api_id": "API-ID-1", "json": "1"}
    with pytest.raises(ChannelError, match="200"):
        asyncio.run(sms_ru(Recorder(reply(200, {"status": "ERROR", "status_code": 200,
                                                "status_text": "Неправильный api_id"}))).test_connection())
    result = asyncio.run(sms_ru(rec).send(message("sms", {"text": "x"})))
    assert isinstance(result, Permanent) and result.kind == "no_address"


SID = "AC" + "0" * 32


def twilio(rec: Recorder, **kw) -> TwilioAdapter:
    kw.setdefault("from_number", "+15005550006")
    return TwilioAdapter(rec.client(), SID, "tok3n", **kw)


def test_twilio_send_request_basic_auth_and_form() -> None:
    created = {"sid": "SM" + "1" * 32, "status": "queued", "to": "+14155550100", "body": "Hi"}
    rec = Recorder(reply(201, created))
    result = asyncio.run(twilio(rec).send(message("sms", {"text": "Hi"}, phone="+14155550100")))
    assert result == Sent("SM" + "1" * 32)
    (req,) = rec.requests
    assert req.method == "POST"
    assert str(req.url) == f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
    assert req.headers["authorization"] == "Basic " + base64.b64encode(f"{SID}:tok3n".encode()).decode()
    assert form_of(req) == {"To": "+14155550100", "From": "+15005550006", "Body": "Hi"}

    rec2 = Recorder(reply(201, created))
    asyncio.run(twilio(rec2, from_number=None, messaging_service_sid="MG123").send(
        message("sms", {"text": "Hi"}, phone="+14155550100")))
    assert form_of(rec2.requests[0]) == {"To": "+14155550100", "MessagingServiceSid": "MG123", "Body": "Hi"}


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (400, {"code": 21211, "message": "The 'To' number 123 is not a valid phone number.", "status": 400}, INVALID),
        (400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}, UNSUBSCRIBED),
        (401, {"code": 20003, "message": "Authenticate", "status": 401}, AUTH),
    ],
)
def test_twilio_permanent_errors(status: int, body: dict, kind: str) -> None:
    result = asyncio.run(twilio(Recorder(reply(status, body))).send(message("sms", {"text": "x"}, phone="+1415")))
    assert isinstance(result, Permanent) and result.kind == kind and str(body["code"]) in result.reason


def test_twilio_transient_errors() -> None:
    limited = reply(429, {"code": 20429, "message": "Too Many Requests", "status": 429}, {"Retry-After": "5"})
    result = asyncio.run(twilio(Recorder(limited)).send(message("sms", {"text": "x"}, phone="+1415")))
    assert isinstance(result, Transient) and result.retry_after == 5

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("connect timed out", request=request)

    for handler in (reply(500, "<html/>"), reply(503, {"code": 20500, "message": "Internal"}), timeout):
        result = asyncio.run(twilio(Recorder(handler)).send(message("sms", {"text": "x"}, phone="+1415")))
        assert isinstance(result, Transient), handler


def test_twilio_account_fetch() -> None:
    rec = Recorder(reply(200, {"sid": SID, "friendly_name": "Shop", "status": "active"}))
    assert asyncio.run(twilio(rec).test_connection()) == "Twilio account Shop (active)"
    assert rec.requests[0].method == "GET"
    assert str(rec.requests[0].url) == f"https://api.twilio.com/2010-04-01/Accounts/{SID}.json"
    with pytest.raises(ChannelError, match="401"):
        asyncio.run(twilio(Recorder(reply(401, {"code": 20003, "message": "Authenticate"}))).test_connection())
