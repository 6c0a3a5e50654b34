"""Signed email links (open pixel, click redirect, one-click unsubscribe) and the Telegram webhook,
against a real inbound server on 127.0.0.1."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from runtime.inbound.signing import link_key
from runtime.inbound.tracking import add_tracking, click_url, open_pixel_url, unsubscribe_url
from runtime.storage.models import Contact, Event
from runtime.storage.settings import get_setting
from tests.runtime.channel_helpers import add_outbox
from tests.runtime.engine_helpers import add_contact, flow_doc, install_flow
from tests.runtime.inbound_helpers import serve


def setup_message(project, clock) -> tuple[int, int, bytes]:
    with project.write() as s:
        contact = add_contact(s, "c1", clock, email="ann@mailbox.org")
        flow = install_flow(s, flow_doc("Promo", None), clock)
        row = add_outbox(s, contact, "email", {"subject": "Hi", "body": "<p>x</p>"}, "k1", clock.now(),
                         status="sent", flow_id=flow.id, step_id="mail_1")
        key = link_key(s)
        return row.id, flow.id, key


def events(project) -> list[tuple[str, dict]]:
    with project.session() as s:
        return [(e.name, e.properties) for e in s.scalars(select(Event).order_by(Event.id))]


def test_open_pixel_and_click_record_the_reports_events(project, clock) -> None:
    outbox_id, flow_id, key = setup_message(project, clock)
    body = add_tracking('<html><body><a href="https://shop.example/sale?a=1&b=2">Sale</a></body></html>',
                        "http://127.0.0.1", key, outbox_id)
    assert "/v1/t/c/" in body and body.index("/v1/t/o/") < body.index("</body>")

    async def run(client: httpx.AsyncClient, server):
        base = server.url
        pixel = await client.get(open_pixel_url(base, key, outbox_id))
        click = await client.get(click_url(base, key, outbox_id, "https://shop.example/sale?a=1&b=2"))
        forged = await client.get(click_url(base, key, outbox_id, "https://shop.example/sale").replace(
            "sale", "evil.example", 1) + "&u=https%3A%2F%2Fevil.example")
        other_target = (await client.get(click_url(base, key, outbox_id, "https://shop.example/")
                                         .split("?")[0] + "?u=https%3A%2F%2Fevil.example"))
        return pixel, click, forged, other_target

    pixel, click, forged, other_target = serve(project, clock, run)
    assert (pixel.status_code, pixel.headers["content-type"], pixel.content[:6]) == (200, "image/gif", b"GIF89a")
    assert (click.status_code, click.headers["location"]) == (302, "https://shop.example/sale?a=1&b=2")
    assert forged.status_code == 404 and other_target.status_code == 404
    assert events(project) == [
        ("email_opened", {"outbox_id": outbox_id, "flow": flow_id, "step": "mail_1"}),
        ("email_clicked", {"outbox_id": outbox_id, "flow": flow_id, "step": "mail_1",
                           "url": "https://shop.example/sale?a=1&b=2"}),
    ]


def test_one_click_unsubscribe_rfc8058(project, clock) -> None:
    outbox_id, _, key = setup_message(project, clock)

    async def run(client: httpx.AsyncClient, server):
        url = unsubscribe_url(server.url, key, outbox_id)
        page = await client.get(url)
        after_get = await_status(project)
        one_click = await client.post(url, content=b"List-Unsubscribe=One-Click",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        again = await client.post(url, content=b"List-Unsubscribe=One-Click",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        bad = await client.post(url[:-3] + "AAA")
        return page, after_get, one_click, again, bad

    page, after_get, one_click, again, bad = serve(project, clock, run)
    assert page.status_code == 200 and "<form method=\"post\"" in page.text
    assert after_get == "subscribed"  # opening the link (or a mail scanner) unsubscribes nobody
    assert (one_click.status_code, again.status_code, bad.status_code) == (200, 200, 404)
    assert await_status(project) == "unsubscribed"
    assert [name for name, _ in events(project)] == ["unsubscribed"]  # once


def await_status(project) -> str:
    with project.session() as s:
        return s.scalars(select(Contact)).one().email_status


def test_telegram_webhook_needs_its_secret_and_survives_a_bad_update(project, clock) -> None:
    update = {"update_id": 77, "message": {"message_id": 1, "date": 1772442000, "text": "привет",
                                           "from": {"id": 501, "is_bot": False, "first_name": "Ира"},
                                           "chat": {"id": 501, "first_name": "Ира", "type": "private"}}}
    broken = {"update_id": 78, "message": {"message_id": 2, "date": 1, "text": "x", "chat": {"type": "private"}}}
    secret = {"X-Telegram-Bot-Api-Secret-Token": "webhook-secret"}

    async def run(client: httpx.AsyncClient, server):
        no_secret = await client.post("/v1/telegram/webhook", json=update)
        ok = await client.post("/v1/telegram/webhook", json=update, headers=secret)
        failing = await client.post("/v1/telegram/webhook", json=broken, headers=secret)
        return no_secret, ok, failing

    no_secret, ok, failing = serve(project, clock, run, telegram_secret="webhook-secret")
    assert (no_secret.status_code, ok.status_code, failing.status_code) == (401, 200, 200)
    assert events(project) == [("message", {"text": "привет", "channel": "telegram", "from": "contact", "chat_id": "501"})]
    with project.session() as s:
        assert [f["update_id"] for f in get_setting(s, "telegram.failed_updates")] == [78]


def test_emails_carry_signed_one_click_and_tracked_links_that_the_server_honours(project, clock) -> None:
    from email import message_from_bytes
    from email.policy import default

    from runtime.channels.base import Message, Recipient
    from runtime.channels.email_smtp import SmtpAdapter, SmtpConfig

    outbox_id, flow_id, key = setup_message(project, clock)

    async def run(client: httpx.AsyncClient, server):
        adapter = SmtpAdapter(SmtpConfig(host="127.0.0.1", from_email="shop@mailbox.org", public_url=server.url,
                                         link_key=key, track=True))
        mail = adapter.build(Message(outbox_id, "email", "k1", {"subject": "Sale", "body":
                                     '<p>Hi</p><a href="https://shop.example/sale">Sale</a>'},
                                     Recipient(contact_id=1, external_id="c1", email="ann@mailbox.org")))
        parsed = message_from_bytes(mail.as_bytes(), policy=default)
        one_click = "".join(str(parsed["List-Unsubscribe"]).split()).strip("<>")
        html = parsed.get_body(("html",)).get_content()
        click = html.split('href="')[1].split('"')[0].replace("&amp;", "&")
        pixel = html.split('src="')[1].split('"')[0]
        responses = [await client.get(pixel), await client.get(click),
                     await client.post(one_click, content=b"List-Unsubscribe=One-Click",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})]
        return parsed, responses

    parsed, (opened, clicked, unsubscribed) = serve(project, clock, run)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (opened.status_code, clicked.status_code, unsubscribed.status_code) == (200, 302, 200)
    assert clicked.headers["location"] == "https://shop.example/sale"
    assert [name for name, _ in events(project)] == ["email_opened", "email_clicked", "unsubscribed"]
    assert await_status(project) == "unsubscribed"


def test_a_named_bot_has_its_own_webhook_and_secret(project, clock) -> None:
    update = {"update_id": 5, "message": {"message_id": 1, "date": 1772442000, "text": "/start",
                                          "from": {"id": 501, "is_bot": False, "first_name": "Ira"},
                                          "chat": {"id": 501, "first_name": "Ira", "type": "private"}}}

    async def run(client: httpx.AsyncClient, server):
        wrong = await client.post("/v1/telegram/webhook/paid", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "default-secret"})
        right = await client.post("/v1/telegram/webhook/paid", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "paid-secret"})
        return wrong, right

    wrong, right = serve(project, clock, run, telegram_secret="default-secret",
                         telegram_secrets={"paid": "paid-secret"})
    assert (wrong.status_code, right.status_code) == (401, 200)
    assert events(project) == [("start", {"payload": "", "account": "paid"})]
    with project.session() as s:
        assert s.scalars(select(Contact)).one().attributes["telegram_chats"] == {"paid": "501"}
