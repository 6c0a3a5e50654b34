"""Email adapter against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from runtime.channels.base import AUTH, ChannelError, Permanent, Sent, Transient
from runtime.channels.email_smtp import SmtpAdapter, SmtpConfig, message_id
from tests.runtime.channel_helpers import message
from tests.runtime.smtp_server import free_port, smtp_server

CONTENT = {
    "subject": "You left something",
    "body": "<p>Hi <b>Ann</b>,</p><p>your cart is waiting.</p>",
    "from_name": "Shop",
}


def config(server, **kw) -> SmtpConfig:
    base = dict(host=server.host, port=server.port, security="none", from_email="news@shop.example",
                unsubscribe_url="https://shop.example/u/{contact}/{key}", unsubscribe_mailto="unsub@shop.example",
                timeout=5)
    base.update(kw)
    return SmtpConfig(**base)


def test_html_and_text_parts_headers_and_list_unsubscribe(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        adapter = SmtpAdapter(config(server))
        result = asyncio.run(adapter.send(message("email", CONTENT, email="ann@example.com")))
    assert result == Sent(message_id("7:step:0", "flowcanvas.local"))
    ((mail_from, rcpts, mail),) = server.inbox.messages
    assert mail_from == "news@shop.example" and rcpts == ["ann@example.com"]
    assert mail["From"] == "Shop <news@shop.example>"
    assert mail["To"] == "ann@example.com"
    assert mail["Subject"] == "You left something"
    assert mail["Message-ID"] == message_id("7:step:0", "flowcanvas.local")
    assert mail["List-Unsubscribe"] == (
        "<mailto:unsub@shop.example?subject=unsubscribe>, <https://shop.example/u/c1/7:step:0>"
    )
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Hi Ann," in text and "your cart is waiting." in text and "<b>" not in text
    assert "<b>Ann</b>" in html


def test_explicit_text_body_and_plain_only_message(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        adapter = SmtpAdapter(config(server, unsubscribe_url=None, unsubscribe_mailto=None))
        asyncio.run(adapter.send(message("email", {**CONTENT, "text_body": "Plain version"}, email="a@example.com")))
        asyncio.run(adapter.send(message("email", {"subject": "s", "body": "just text"}, email="b@example.com",
                                         key="8:step:0")))
    first, second = (m for _, _, m in server.inbox.messages)
    assert first.get_body(("plain",)).get_content().strip() == "Plain version"
    assert "List-Unsubscribe" not in first
    assert second.get_content_type() == "text/plain" and second.get_content().strip() == "just text"


def test_starttls_and_login(tmp_path: Path) -> None:
    with smtp_server(tmp_path, tls=True, user="mailer", password="s3cret") as server:
        cfg = config(server, security="starttls", username="mailer", password="s3cret", tls_context=server.client_tls)
        assert "accepted the connection as mailer" in asyncio.run(SmtpAdapter(cfg).test_connection())
        result = asyncio.run(SmtpAdapter(cfg).send(message("email", CONTENT, email="ann@example.com")))
        assert isinstance(result, Sent)
        assert len(server.inbox.messages) == 1

        wrong = config(server, security="starttls", username="mailer", password="nope", tls_context=server.client_tls)
        with pytest.raises(ChannelError, match="refused the login for mailer"):
            asyncio.run(SmtpAdapter(wrong).test_connection())
        refused = asyncio.run(SmtpAdapter(wrong).send(message("email", CONTENT, email="ann@example.com")))
        assert isinstance(refused, Permanent) and refused.kind == AUTH and "login refused" in refused.reason
    assert len(server.inbox.messages) == 1


def test_unreachable_server_is_transient_with_reason() -> None:
    port = free_port()  # nothing listens there
    cfg = SmtpConfig(host="127.0.0.1", port=port, security="none", from_email="news@shop.example", timeout=3)
    result = asyncio.run(SmtpAdapter(cfg).send(message("email", CONTENT, email="ann@example.com")))
    assert isinstance(result, Transient)
    assert f"127.0.0.1:{port}" in result.reason and "unreachable" in result.reason
    with pytest.raises(ChannelError, match="cannot connect"):
        asyncio.run(SmtpAdapter(cfg).test_connection())


def test_contact_without_email() -> None:
    cfg = SmtpConfig(host="127.0.0.1", port=1, from_email="news@shop.example")
    result = asyncio.run(SmtpAdapter(cfg).send(message("email", CONTENT)))
    assert isinstance(result, Permanent) and result.kind == "no_address"
