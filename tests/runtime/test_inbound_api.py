"""The inbound HTTP API against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import func, select

from runtime.contacts.tags import contact_tags
from runtime.engine.runner import Runtime
from runtime.inbound.signing import request_signature
from runtime.storage.models import ApiToken, Contact, Event, Execution
from runtime.storage.settings import set_setting
from tests.runtime.engine_helpers import add_contact, flow_doc, install_flow
from tests.runtime.inbound_helpers import FakeMonotonic, new_token, serve


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def event_rows(project) -> list[tuple[str, str, dict]]:
    with project.session() as s:
        rows = s.execute(select(Contact.external_id, Event.name, Event.properties)
                         .join(Contact, Contact.id == Event.contact_id).order_by(Event.id)).all()
    return [tuple(r) for r in rows]


def test_bad_or_missing_token_is_401_and_records_nothing(project, clock) -> None:
    token = new_token(project, clock)

    async def body(client: httpx.AsyncClient, server) -> list[httpx.Response]:
        event = {"contact": "c1", "name": "signup"}
        return [await client.post("/v1/events", json=event),
                await client.post("/v1/events", json=event, headers=auth(token[:-2] + "xx")),
                await client.post("/v1/events", json=event, headers={"Authorization": f"Basic {token}"})]

    missing, wrong, scheme = serve(project, clock, body)
    assert [r.status_code for r in (missing, wrong, scheme)] == [401, 401, 401]
    assert missing.json()["error"]["code"] == "unauthorized"
    assert "Bearer" in missing.headers["WWW-Authenticate"]
    assert "unknown or revoked" in wrong.json()["error"]["message"]
    assert event_rows(project) == []


def test_token_is_stored_hashed_and_a_revoked_one_stops_working(project, clock) -> None:
    from runtime.inbound.tokens import revoke_token

    token = new_token(project, clock, "crm")
    with project.session() as s:
        row = s.scalars(select(ApiToken)).one()
        assert token not in (row.digest, row.prefix, row.name) and row.prefix == token[:10]
        dump = "\n".join(s.connection().connection.driver_connection.iterdump())
    assert token not in dump
    with project.write() as s:
        add_contact(s, "c1", clock)
        revoke_token(s, "crm", clock)

    async def body(client, server):
        return await client.post("/v1/events", json={"contact": "c1", "name": "x"}, headers=auth(token))

    assert serve(project, clock, body).status_code == 401


def test_oversized_body_is_413_as_json(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "c1", clock)
    big = {"contact": "c1", "name": "page_view", "props": {"blob": "x" * 5000}}

    async def body(client, server):
        declared = await client.post("/v1/events", json=big, headers=auth(token))

        async def chunks():  # no Content-Length: the limit must hold while reading
            yield json.dumps(big).encode()

        streamed = await client.post("/v1/events", content=chunks(), headers=auth(token))
        return declared, streamed

    declared, streamed = serve(project, clock, body, max_body=4096)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "too_large"
    assert event_rows(project) == []


def test_malformed_json_and_bad_fields_are_400_naming_the_field(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "c1", clock)

    async def body(client, server):
        syntax = await client.post("/v1/events", content=b'{"contact": "c1", "name": }', headers=auth(token))
        batch = {"events": [{"contact": "c1", "name": "ok"}, {"contact": "c1", "name": "x", "props": [1]}]}
        bad_props = await client.post("/v1/events", json=batch, headers=auth(token))
        bad_time = await client.post("/v1/events", json={"contact": "c1", "name": "x", "at": "yesterday"},
                                     headers=auth(token))
        no_name = await client.post("/v1/events", json=[{"contact": "c1"}], headers=auth(token))
        bad_email = await client.post("/v1/contacts", json={"contacts": [{"id": "n1", "email": "not-an-email"}]},
                                      headers=auth(token))
        return syntax, bad_props, bad_time, no_name, bad_email

    syntax, bad_props, bad_time, no_name, bad_email = serve(project, clock, body)
    assert syntax.status_code == 400
    assert syntax.json()["error"]["field"] == "body" and "line 1 column 27" in syntax.json()["error"]["message"]
    assert (bad_props.status_code, bad_props.json()["error"]["field"]) == (400, "events[1].props")
    assert (bad_time.status_code, bad_time.json()["error"]["field"]) == (400, "at")
    assert (no_name.status_code, no_name.json()["error"]["field"]) == (400, "[0].name")
    assert (bad_email.status_code, bad_email.json()["error"]["field"]) == (400, "contacts[0].email")
    assert event_rows(project) == []  # the good event of the bad batch was not kept either
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == 1


def test_replayed_idempotency_key_is_accepted_once(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "c1", clock)
    event = {"contact": "c1", "name": "purchase", "props": {"total": 40}}

    async def body(client, server):
        headers = {**auth(token), "Idempotency-Key": "order-77"}
        first = await client.post("/v1/events", json=event, headers=headers)
        again = await client.post("/v1/events", json=event, headers=headers)
        other = await client.post("/v1/events", json={**event, "props": {"total": 41}}, headers=headers)
        return first, again, other

    first, again, other = serve(project, clock, body)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json() == {"accepted": 1, "contacts_created": []}
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert (other.status_code, other.json()["error"]["code"]) == (422, "idempotency_key_reused")
    assert event_rows(project) == [("c1", "purchase", {"total": 40})]


def test_batch_with_create_contact_normalises_new_contacts(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "known", clock)
        set_setting(s, "default_region", "RU")
    batch = {"create_contact": True, "events": [
        {"contact": "known", "name": "page_view", "props": {"url": "/a"}},
        {"contact": "lead-1", "name": "signup", "props": {"email": " Ann@Example.COM ", "phone": "8 (912) 345-67-89",
                                                          "first_name": "Ann"}},
    ]}

    async def body(client, server):
        unknown = await client.post("/v1/events", json={"contact": "nobody", "name": "x"}, headers=auth(token))
        created = await client.post("/v1/events", json=batch, headers=auth(token))
        return unknown, created

    unknown, created = serve(project, clock, body)
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (404, "contact")
    assert (created.status_code, created.json()) == (202, {"accepted": 2, "contacts_created": ["lead-1"]})
    with project.session() as s:
        lead = s.scalars(select(Contact).where(Contact.external_id == "lead-1")).one()
        assert (lead.email, lead.phone, lead.first_name) == ("Ann@example.com", "+79123456789", "Ann")
        assert lead.last_activity_at == clock.now()
    assert [(c, n) for c, n, _ in event_rows(project)] == [("known", "page_view"), ("lead-1", "signup")]


def test_contacts_upsert_by_email_with_tags(project, clock) -> None:
    token = new_token(project, clock)

    async def body(client, server):
        first = await client.post("/v1/contacts", json={"email": "bob@shopmail.com", "first_name": "Bob", "tags": ["lead"]},
                                  headers=auth(token))
        second = await client.post("/v1/contacts", json={"contacts": [{"email": "bob@ShopMail.COM", "timezone": "Europe/Moscow",
                                                                       "attributes": {"plan": "pro"}}]},
                                   headers=auth(token))
        return first, second

    first, second = serve(project, clock, body)
    assert first.json() == {"contacts": [{"id": "bob@shopmail.com", "created": True}]}
    assert second.json() == {"contacts": [{"id": "bob@shopmail.com", "created": False}]}
    with project.session() as s:
        bob = s.scalars(select(Contact)).one()
        assert (bob.first_name, bob.timezone, bob.attributes) == ("Bob", "Europe/Moscow", {"plan": "pro"})
        assert contact_tags(s, bob.id) == ["lead"]


def test_form_post_creates_a_normalised_contact_that_enters_a_flow(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        set_setting(s, "default_region", "RU")
        set_setting(s, "inbound.forms", {"lead": {"fields": {"Ваше имя": "first_name"}, "event": "lead_form",
                                                   "tags": ["site"]}})
        flow = install_flow(s, flow_doc("Leads", {"type": "event", "event": "lead_form"}), clock)
        flow_id = flow.id
    form = {"Ваше имя": "  Мария ", "Phone": "+7 912 345-67-89", "Email": "MARIA@Mail.RU", "comment": "перезвоните",
            "tranid": "123:456", "formid": "form1"}

    async def body(client, server):
        tilda_check = await client.post(f"/v1/forms/lead?token={token}", data={"test": "test"})
        posted = await client.post(f"/v1/forms/lead?token={token}", data=form)
        no_token = await client.post("/v1/forms/lead", data=form)
        return tilda_check, posted, no_token

    tilda_check, posted, no_token = serve(project, clock, body)
    assert (tilda_check.status_code, tilda_check.text) == (200, "ok")
    assert posted.status_code == 201
    assert posted.json() == {"contact": "MARIA@mail.ru", "created": True, "event": "lead_form"}
    assert no_token.status_code == 401
    with project.session() as s:
        maria = s.scalars(select(Contact)).one()
        assert (maria.first_name, maria.phone, maria.email) == ("Мария", "+79123456789", "MARIA@mail.ru")
        assert contact_tags(s, maria.id) == ["site"]
    assert event_rows(project) == [("MARIA@mail.ru", "lead_form", {"form": "lead", "comment": "перезвоните"})]
    Runtime(project, clock, sandbox=True).tick()
    with project.session() as s:
        (execution,) = s.scalars(select(Execution)).all()
        assert (execution.flow_id, execution.contact_id, execution.status) == (flow_id, maria.id, "active")


def test_rate_limit_per_token_answers_429_with_retry_after(project, clock) -> None:
    tick = FakeMonotonic()
    first, second = new_token(project, clock, "a"), new_token(project, clock, "b")
    with project.write() as s:
        add_contact(s, "c1", clock)
    event = {"contact": "c1", "name": "x"}

    async def body(client, server):
        out = [await client.post("/v1/events", json=event, headers=auth(first)) for _ in range(3)]
        out.append(await client.post("/v1/events", json=event, headers=auth(second)))  # its own bucket
        tick.now += 1.0  # half a second refills one request at 2/s... and one more
        out.append(await client.post("/v1/events", json=event, headers=auth(first)))
        return out

    responses = serve(project, clock, body, rate=2.0, burst=2, monotonic=tick)
    assert [r.status_code for r in responses] == [202, 202, 429, 202, 202]
    assert responses[2].headers["Retry-After"] == "1"
    assert responses[2].json()["error"]["code"] == "rate_limited"


def test_hmac_signature_when_the_project_requires_it(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "c1", clock)
    body_bytes = json.dumps({"contact": "c1", "name": "signed"}).encode()
    now = 1_770_000_000

    async def body(client, server):
        headers = {**auth(token), "Content-Type": "application/json"}
        unsigned = await client.post("/v1/events", content=body_bytes, headers=headers)
        good = await client.post("/v1/events", content=body_bytes, headers={
            **headers, "X-FlowCanvas-Signature": request_signature("s3cret", now, body_bytes)})
        tampered = await client.post("/v1/events", content=body_bytes.replace(b"signed", b"forged"), headers={
            **headers, "X-FlowCanvas-Signature": request_signature("s3cret", now, body_bytes)})
        stale = await client.post("/v1/events", content=body_bytes, headers={
            **headers, "X-FlowCanvas-Signature": request_signature("s3cret", now - 3600, body_bytes)})
        return unsigned, good, tampered, stale

    unsigned, good, tampered, stale = serve(project, clock, body, hmac_secret="s3cret", wall=lambda: float(now))
    assert [r.status_code for r in (unsigned, good, tampered, stale)] == [401, 202, 401, 401]
    assert tampered.json()["error"] == {"code": "bad_signature", "message": "X-FlowCanvas-Signature does not match the body",
                                        "field": "X-FlowCanvas-Signature"}
    assert [n for _, n, _ in event_rows(project)] == ["signed"]


def test_push_subscription_is_stored_on_the_contact(project, clock) -> None:
    token = new_token(project, clock)
    with project.write() as s:
        add_contact(s, "c1", clock, push_subscriptions=[])
    sub = {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BKey", "auth": "AuthKey"}, "expirationTime": None}

    async def body(client, server):
        ok = await client.post("/v1/push-subscriptions", json={"contact": "c1", "subscription": sub}, headers=auth(token))
        again = await client.post("/v1/push-subscriptions", json={"contact": "c1", "subscription": sub}, headers=auth(token))
        bad = await client.post("/v1/push-subscriptions", json={"contact": "c1", "subscription": {
            **sub, "endpoint": "http://insecure"}}, headers=auth(token))
        return ok, again, bad

    ok, again, bad = serve(project, clock, body)
    assert (ok.status_code, again.status_code, again.json()["subscriptions"]) == (201, 200, 1)
    assert (bad.status_code, bad.json()["error"]["field"]) == (400, "subscription")
    assert "not an https URL" in bad.json()["error"]["message"]
    with project.session() as s:
        assert s.scalars(select(Contact)).one().push_subscriptions == [
            {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BKey", "auth": "AuthKey"}}]


def test_unknown_route_and_method_are_json_errors_and_openapi_lists_every_route(project, clock) -> None:
    async def body(client, server):
        missing = await client.get("/v1/nothing")
        method = await client.get("/v1/events")
        doc = await client.get("/v1/openapi.json")
        routes = {(r.method, r.resource.canonical) for r in server._runner.app.router.routes()}  # noqa: SLF001
        return missing, method, doc, routes

    missing, method, doc, routes = serve(project, clock, body)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert (method.status_code, method.json()["error"]["code"]) == (405, "method_not_allowed")
    paths = doc.json()["paths"]
    for verb, path in routes:
        if verb != "HEAD":
            assert verb.lower() in paths[path], (verb, path)


def test_create_contact_with_a_bad_property_names_it_and_creates_nothing(project, clock) -> None:
    token = new_token(project, clock)

    async def body(client, server):
        return await client.post("/v1/events", headers=auth(token), json={
            "events": [{"contact": "lead-2", "name": "signup", "create_contact": True,
                        "props": {"email": "lead@mailbox.org", "phone": "12"}}]})

    response = serve(project, clock, body)
    assert (response.status_code, response.json()["error"]["field"]) == (400, "events[0].props.phone")
    with project.session() as s:
        assert s.scalars(select(Contact)).all() == []
