""""Send me a test": one send step's message, rendered for a sample contact, sent to the operator.

The operator's own address of each channel is a channel setting (``test_to``: an email address,
a phone number, a Telegram chat id, a WhatsApp number or a VK user id), set in Channels in the
designer or with ``flowcanvas channel set PROJECT email test_to=me@shop.example``. The step's
templates are rendered as they would be for a sample contact (a real contact of the project when
asked for, else a built-in one), then the message goes out through the channel's real adapter
and credentials, to the operator's address only. Nothing enters the outbox or any counter, no
contact changes, and the audit log records who was sent what.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from runtime.channels import settings as cs
from runtime.channels.base import Message, Permanent, Recipient, Sent, Transient
from runtime.clock import Clock, ensure_utc
from runtime.contacts.fields import normalize_field
from runtime.contacts.settings import default_region
from runtime.errors import InputError, NotFoundError
from runtime.flow.model import Flow, Step
from runtime.flow.wording import step_label
from runtime.rehearsal.sandbox_setup import flow_row_by_ref
from runtime.steps.conditions import EvalContext
from runtime.steps.context import ExecInfo, StepInput
from runtime.steps.messages import CHANNEL_OF_STEP, RenderError, render_content
from runtime.storage.flows_repo import draft_flow
from runtime.storage.models import Audit, Contact

__all__ = ["SAMPLE_CONTACT", "TEST_CHANNELS", "send_me_a_test"]

#: channels whose messages can go to an operator's own address (push needs a browser subscription)
TEST_CHANNELS = ("email", "sms", "telegram", "whatsapp", "vk")
#: where each channel's address lives on a contact
_ADDRESS_FIELD = {"email": "email", "sms": "phone", "telegram": "telegram_chat_id", "whatsapp": "whatsapp"}
SAMPLE_CONTACT: dict[str, Any] = {
    "id": 0, "external_id": "sample", "first_name": "Alex", "last_name": "Sample", "timezone": "UTC",
    "birthday": "1990-02-14", "email": None, "phone": None, "telegram_chat_id": None, "whatsapp": None,
    "attributes": {"city": "Berlin", "total_orders": 3, "birthday_code": "BDAY-SAMPLE"},
}


def _step_and_channel(flow: Flow, step_id: str) -> tuple[Step, str, dict[str, Any]]:
    step = flow.step(step_id)
    if step is None:
        raise NotFoundError(f"flow {flow.name!r} has no step {step_id!r}")
    label = step_label(step)
    config = dict(step.config or {})
    if step.type not in CHANNEL_OF_STEP and isinstance(config.get("channels"), list):
        # a send that picks its channel: the first by priority, with that channel's content
        channels = [c for c in config.get("channels") or [] if c in TEST_CHANNELS]
        if not channels:
            raise InputError(f"{label}: none of its channels can send a test")
        return step, channels[0], dict((config.get("content") or {}).get(channels[0]) or {})
    channel = CHANNEL_OF_STEP.get(step.type)
    if channel not in TEST_CHANNELS:
        raise InputError(f"{label} sends no message a test can go to you on "
                         f"(tests go by {', '.join(TEST_CHANNELS)})")
    return step, channel, config


def _operator_address(session: Session, channel: str, today: Any) -> str:
    raw = str(cs.channel_settings(session, channel).get("test_to") or "").strip()
    if not raw:
        raise InputError(f"set your own {channel} address first: Channels > {channel} > Send tests to "
                         f"(or flowcanvas channel set PROJECT {channel} test_to=...)")
    if channel in ("email", "sms", "whatsapp"):
        try:
            return normalize_field(_ADDRESS_FIELD[channel] if channel != "whatsapp" else "phone", raw,
                                   default_region(session), today)
        except ValueError as exc:
            raise InputError(f"channel {channel}: 'Send tests to' {raw!r} is not valid: {exc}") from None
    return raw


def _sample(session: Session, contact_ref: str | None) -> dict[str, Any]:
    if not contact_ref:
        return {**SAMPLE_CONTACT, "attributes": dict(SAMPLE_CONTACT["attributes"])}
    row = session.scalar(select(Contact).where(Contact.external_id == contact_ref))
    if row is None:
        raise NotFoundError(f"no contact {contact_ref!r}")
    columns = {c.name: getattr(row, c.name) for c in Contact.__table__.columns}
    return {**columns, "attributes": dict(row.attributes or {})}


def _render(flow_id: int, flow: Flow, step: Step, channel: str, config: dict[str, Any], contact: dict[str, Any],
            address: str, now: datetime) -> dict[str, Any]:
    if channel == "vk":
        contact["attributes"]["vk_id"] = address
    else:
        contact[_ADDRESS_FIELD[channel]] = address
    info = ExecInfo(id=0, flow_id=flow_id, flow_name=flow.name, version_id=0, contact_id=int(contact.get("id") or 0),
                    entered_at=now, trigger_props={})
    # rendering reads no condition; a plain context keeps the step input whole
    inp = StepInput(step, now, contact, set(), info, visit=0, sandbox=False,
                    eval_context=lambda: EvalContext(contact=contact, now=now))
    try:
        content = render_content(channel, config, inp)
    except RenderError as exc:
        raise InputError(f"step {step.id!r}: the message does not render: {exc}") from None
    if channel == "email":
        content["subject"] = f"[Test] {content.get('subject') or ''}".strip()
    return content


def _recipient(contact: dict[str, Any], channel: str, address: str) -> Recipient:
    return Recipient(contact_id=0, external_id="operator-test", first_name=contact.get("first_name"),
                     email=address if channel == "email" else None, phone=address if channel == "sms" else None,
                     telegram_chat_id=address if channel == "telegram" else None,
                     whatsapp=address if channel == "whatsapp" else None, vk_id=address if channel == "vk" else None)


async def _deliver(project: Any, channel: str, message: Message, transport: httpx.AsyncBaseTransport | None,
                   tls_context: Any) -> Sent | Transient | Permanent:
    from runtime.channels.factory import build_adapter

    async with httpx.AsyncClient(timeout=20.0, transport=transport) as client:
        with project.session() as session:
            adapter = build_adapter(session, channel, client, tls_context=tls_context)
        return await adapter.send(message)


def send_me_a_test(project: Any, flow_ref: int | str, step_id: str, clock: Clock, *, contact: str | None = None,
                   actor: str = "operator", transport: httpx.AsyncBaseTransport | None = None,
                   tls_context: Any = None) -> dict[str, Any]:
    """Send step ``step_id``'s message (the flow's draft, as on the canvas) to the operator's own
    address on its channel, rendered for ``contact`` (an external id) or the sample contact.

    Returns ``{"flow", "step", "channel", "to", "contact", "status": "sent" | "failed",
    "provider_id", "error", "content"}``. InputError (nothing sent) when the step sends nothing,
    the operator's address is not set or not valid, or the message does not render; a channel
    that is not set up or a provider that refuses gives ``status: failed`` with the reason.
    Does network I/O: call it off the GUI thread.
    """
    now = ensure_utc(clock.now())
    with project.session() as session:
        row = flow_row_by_ref(session, flow_ref)
        flow, flow_id = draft_flow(row), row.id
        step, channel, config = _step_and_channel(flow, step_id)
        address = _operator_address(session, channel, now.date())
        sample = _sample(session, contact)
    content = _render(flow_id, flow, step, channel, config, sample, address, now)
    message = Message(outbox_id=0, channel=channel, idempotency_key=f"test:{uuid.uuid4().hex}", content=content,
                      recipient=_recipient(sample, channel, address), now=now)
    result: dict[str, Any] = {"flow": flow.name, "step": step.id, "channel": channel, "to": address,
                              "contact": sample.get("external_id"), "status": "failed", "provider_id": None,
                              "error": None, "content": content}
    try:
        outcome = asyncio.run(_deliver(project, channel, message, transport, tls_context))
    except Exception as exc:  # noqa: BLE001 - a channel not set up (ChannelError) or a network failure
        outcome = Permanent(f"{type(exc).__name__}: {exc}" if not str(exc).startswith("channel") else str(exc))
    if isinstance(outcome, Sent):
        result.update(status="sent", provider_id=outcome.provider_id)
    else:
        result["error"] = outcome.reason
    with project.write() as session:
        session.add(Audit(at=now, actor=actor, action="send_test",
                          detail={"flow_id": flow_id, "flow": flow.name, "step": step.id, "channel": channel,
                                  "to": address, "status": result["status"], "error": result["error"]}))
    return result
