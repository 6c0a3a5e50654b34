"""Handlers of the message steps: send_* on each channel, smart_send, webhook, notify_team.

A send renders its templates and describes one outbox row; nothing leaves the machine from
here. No address, an unsubscribed or blocked channel, or a template that fails to render takes
the ``failed`` port at once with the reason in the step log. In sandbox mode the row gets
status ``sandbox`` and the token moves on through ``next``; in real mode it is ``queued`` and
the token waits until the dispatcher reports the message sent (``next``) or failed for good
(``failed``), giving up after the project's delivery wait (``failed``, "delivery timeout"): the
dispatcher's give-up time plus a margin (:func:`runtime.engine.executions.delivery_timeout`;
:data:`DELIVERY_TIMEOUT` when a handler runs without the runner).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from typing import Any

from runtime.flow.states import OutboxStatus
from runtime.flow.telegram import INVITE_PLACEHOLDER, blocked_accounts, chat_for, invite_spec
from runtime.flow.webhooks import host_from_data
from runtime.steps.conditions import as_datetime
from runtime.steps.context import OutboxMessage, StepInput, StepResult, failed
from runtime.steps.ranking import rank
from runtime.steps.registry import REGISTRY

DELIVERY_TIMEOUT = timedelta(hours=48 + 24)  # delivery_timeout() with the dispatcher's defaults
CHANNEL_OF_STEP = {t.type: t.channel for t in REGISTRY.values() if t.channel is not None}
# options of a send step that the dispatcher reads from the outbox row (besides the flow's
# settings.quiet_hours / settings.caps, copied as flow_quiet_hours / flow_caps)
_PASS_THROUGH = ("quiet_hours", "cap")


class RenderError(Exception):
    """A template failed to render (the step takes ``failed``)."""


def template_context(inp: StepInput) -> dict[str, Any]:
    """The Jinja2 context: ``contact`` (attributes, then columns, plus ``tags``), ``event``, ``flow``."""
    contact = inp.contact
    memo = inp.prefetched.template_contacts
    cid = inp.execution.contact_id
    merged = memo.get(cid)
    if merged is None:
        attrs = contact.get("attributes") or {}
        # attributes first, columns win; "attributes" stays reachable as contact.attributes
        merged = memo[cid] = {**attrs, **contact, "attributes": attrs, "tags": sorted(inp.tags)}
    ex = inp.execution
    return {
        "contact": merged,
        "event": ex.trigger_props or {},
        "flow": {"id": ex.flow_id, "name": ex.flow_name},
        "step": {"id": inp.step.id},
        # a send_telegram step with "invite" gets the real link when the message is sent
        "invite_link": INVITE_PLACEHOLDER,
    }


_SIMPLE_VAR = re.compile(r"\{\{\s*([A-Za-z]\w*(?:\.[A-Za-z]\w*)*)\s*\}\}")
_FALLBACK = object()


@lru_cache(maxsize=1024)
def _simple_template(text: str) -> tuple[Any, ...] | None:
    """``text`` as literal strings and variable paths when it only uses ``{{ a.b }}``; else None.

    Such templates are rendered without Jinja2 (same result: missing names render empty, values
    render with ``str``); anything else (filters, tags, comments, names starting with ``_``)
    goes through the sandboxed environment.
    """
    if "{%" in text or "{#" in text:
        return None
    parts: list[Any] = []
    pos = 0
    for match in _SIMPLE_VAR.finditer(text):
        parts.append(text[pos : match.start()])
        parts.append(tuple(match.group(1).split(".")))
        pos = match.end()
    parts.append(text[pos:])
    if any(isinstance(p, str) and ("{{" in p or "}}" in p) for p in parts):
        return None
    return tuple(parts)


def _render_simple(parts: tuple[Any, ...], ctx: dict[str, Any]) -> Any:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value: Any = ctx
        missing = False
        for key in part:
            # Jinja2 tries attributes before items: dict methods (items, keys, ...) and non-mappings go to it
            if not isinstance(value, dict) or hasattr(dict, key):
                return _FALLBACK
            if key not in value:
                missing = True  # ChainableUndefined: a missing name renders empty
                break
            value = value[key]
        if not missing and value is not None:  # an empty field prints nothing, as in the full renderer
            out.append(str(value))
    return "".join(out)


def render(text: Any, inp: StepInput, where: str) -> str:
    """Render one template of this step; RenderError names the step and the field."""
    if text is None:
        return ""
    source = str(text)
    if "{" not in source:
        return source  # plain text: nothing to render
    ctx = inp.template_ctx
    if ctx is None:
        ctx = inp.template_ctx = template_context(inp)
    parts = _simple_template(text)
    if parts is not None:
        rendered = _render_simple(parts, ctx)
        if isinstance(rendered, str):  # else the _FALLBACK marker: jinja renders it
            return rendered
    from runtime.templates import render_template

    try:
        return render_template(text, ctx, f"step {inp.step.id!r} {where}")
    except Exception as exc:  # noqa: BLE001 - any template failure fails the step, never the batch
        raise RenderError(str(exc)) from None


def channel_address(contact: dict[str, Any], channel: str) -> Any:
    """The contact's address on ``channel`` (None when it has none)."""
    if channel == "email":
        return contact.get("email") or None
    if channel == "sms":
        return contact.get("phone") or None
    if channel == "telegram":
        return contact.get("telegram_chat_id") or None
    if channel == "whatsapp":
        return contact.get("whatsapp") or contact.get("phone") or None
    if channel == "push":
        subs = contact.get("push_subscriptions")
        return subs or None
    if channel == "vk":
        return (contact.get("attributes") or {}).get("vk_id") or None
    return None


def unreachable_reason(contact: dict[str, Any], channel: str) -> str | None:
    """Why ``channel`` cannot reach this contact (no address, unsubscribed, blocked), or None."""
    if channel_address(contact, channel) is None:
        return f"no {channel} address"
    if channel == "vk":  # no column of its own: the attribute vk_status
        status = (contact.get("attributes") or {}).get("vk_status") or "subscribed"
    else:
        status = contact.get(f"{channel}_status") or "subscribed"
    if status != "subscribed":
        return f"{channel} {status}"
    return None


def account_unreachable(contact: dict[str, Any], account: str) -> str | None:
    """Why a named Telegram bot cannot write to the contact (runtime.flow.telegram), or None."""
    if chat_for(contact, account) is None:
        return f"no telegram:{account} chat"
    if (contact.get("telegram_status") or "subscribed") == "unsubscribed":
        return "telegram unsubscribed"
    if account in blocked_accounts(contact.get("attributes")):
        return f"telegram:{account} blocked"
    return None


def render_buttons(buttons: list[Any], inp: StepInput) -> list[list[dict[str, Any]]]:
    """Keyboard buttons with their labels rendered (and URLs, when they hold a template such as
    ``{{ invite_link }}``); a flat list puts each button on its own row."""
    rows = []
    for row in buttons:
        row = row if isinstance(row, list) else [row]
        rows.append([{**b, "text": render(b.get("text"), inp, "button"),
                      **({"url": render(b["url"], inp, "button url")} if "{{" in str(b.get("url", "")) else {})}
                     for b in row if isinstance(b, dict)])
    return rows


def render_content(channel: str, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    """The outbox content of a message on ``channel`` built from a send step's ``config``."""
    to = channel_address(inp.contact, channel)
    build = _CONTENT_BUILDERS.get(channel)
    content = build(to, config, inp) if build is not None else {"to": to, **config}
    for key in _PASS_THROUGH:
        if config.get(key) is not None:
            content[key] = config[key]
    delivery = inp.execution.delivery
    if delivery:
        # the flow's quiet hours / caps (flow_quiet_hours, flow_caps): the policy ranks them
        # below the step's own options and above the project's settings
        content.update(delivery)
    return content


def _email_content(to: Any, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    content = {"to": to, "subject": render(config.get("subject"), inp, "subject"),
               "body": render(config.get("body"), inp, "body")}
    if config.get("text_body"):
        content["text_body"] = render(config["text_body"], inp, "text_body")
    if config.get("from_name"):
        content["from_name"] = render(config["from_name"], inp, "from_name")
    return content


def _telegram_content(to: Any, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    contact = inp.contact
    content: dict[str, Any] = {"chat_id": to, "text": render(config.get("text"), inp, "text")}
    if config.get("account"):
        content["account"] = str(config["account"])
        content["chat_id"] = chat_for(contact, content["account"])
    if config.get("buttons"):
        content["buttons"] = render_buttons(config["buttons"], inp)
    if config.get("parse_mode"):
        content["parse_mode"] = config["parse_mode"]
    invite = invite_spec(config.get("invite"), contact.get("attributes") or {})
    if invite is not None:
        content["invite"] = invite
    connection = (inp.execution.trigger_props or {}).get("business_connection_id")
    if config.get("business") and connection:
        content["business_connection_id"] = str(connection)
    return content


def _whatsapp_content(to: Any, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    content: dict[str, Any] = {"to": to}
    if config.get("template"):
        tpl = dict(config["template"])
        tpl["params"] = [render(p, inp, "template param") for p in tpl.get("params") or []]
        content["template"] = tpl
    else:
        content["text"] = render(config.get("text"), inp, "text")
    return content


def _vk_content(to: Any, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    content: dict[str, Any] = {"peer_id": str(to), "text": render(config.get("text"), inp, "text")}
    if config.get("buttons"):
        content["buttons"] = render_buttons(config["buttons"], inp)
    return content


def _push_content(to: Any, config: dict[str, Any], inp: StepInput) -> dict[str, Any]:
    content = {"subscriptions": to, "title": render(config.get("title"), inp, "title"),
               "body": render(config.get("body"), inp, "body")}
    if config.get("url"):
        content["url"] = render(config["url"], inp, "url")
    return content


#: channel -> the content of a message on it (other channels: the address plus the config)
_CONTENT_BUILDERS: dict[str, Callable[[Any, dict[str, Any], StepInput], dict[str, Any]]] = {
    "email": _email_content,
    "sms": lambda to, config, inp: {"to": to, "text": render(config.get("text"), inp, "text")},
    "telegram": _telegram_content,
    "whatsapp": _whatsapp_content,
    "vk": _vk_content,
    "push": _push_content,
}


def _queue(inp: StepInput, channel: str, content: dict[str, Any], detail: dict[str, Any],
           give_up: timedelta | None = None) -> StepResult:
    if give_up is None:
        # the runner's batch knows the project's wait (the dispatcher's give-up time plus a margin)
        give_up = inp.prefetched.delivery_wait or DELIVERY_TIMEOUT
    policy = inp.prefetched.send_policy if inp.sandbox else None
    if inp.sandbox and (policy is None or policy.sends_now(channel, content, inp.contact)):
        return StepResult(port="next", messages=[OutboxMessage(channel, content, OutboxStatus.SANDBOX)],
                          detail={**detail, "status": OutboxStatus.SANDBOX})
    # live, or a sandbox send that quiet hours or a cap would hold or skip: the dispatcher (in
    # sandbox mode, when sandboxed) applies the policy with its reasons, as for a live send
    until = inp.now + give_up
    return StepResult(port=None, outcome="waiting", wait_until=until, wait_for_outbox=True,
                      wait_data={"timeout_at": until.isoformat()},
                      messages=[OutboxMessage(channel, content, OutboxStatus.QUEUED)],
                      detail={**detail, "status": OutboxStatus.QUEUED})


def _delivery_outcome(inp: StepInput) -> StepResult:
    """The return of a real send's token: the dispatcher's verdict, or the give-up timeout."""
    port = inp.data.get("resume_port")
    detail = {"outbox_id": inp.data.get("outbox_id")}
    if port:
        if inp.data.get("resume_reason"):
            detail["reason"] = inp.data["resume_reason"]
        if inp.data.get("resume_detail"):
            detail.update(inp.data["resume_detail"])
        return StepResult(port=str(port), outcome="failed" if port == "failed" else "completed", detail=detail)
    timeout_at = as_datetime(inp.data.get("timeout_at"))
    if timeout_at is not None and inp.now < timeout_at:  # resumed early without a verdict: keep waiting
        return StepResult(port=None, outcome="waiting", wait_until=timeout_at,
                          wait_data=dict(inp.data))
    return failed("delivery timeout", **detail)


def handle_send(inp: StepInput) -> StepResult:
    """send_email / send_sms / send_telegram / send_whatsapp / send_push."""
    if inp.resumed:
        return _delivery_outcome(inp)
    channel = CHANNEL_OF_STEP[inp.step.type]
    account = inp.config.get("account") if channel == "telegram" else None
    why = account_unreachable(inp.contact, str(account)) if account else unreachable_reason(inp.contact, channel)
    if why:
        return failed(why, channel=channel)
    try:
        content = render_content(channel, inp.config, inp)
    except RenderError as exc:
        return failed(f"template error: {exc}", channel=channel)
    return _queue(inp, channel, content, {"channel": channel})


def _ranked_channels(inp: StepInput, channels: list[str]) -> list[str]:
    history = inp.prefetched.channel_history
    if history is None:  # no history read (a handler run without the runner): the priority list
        return channels
    return rank(history, inp.contact, inp.execution.contact_id, channels)


def handle_smart_send(inp: StepInput) -> StepResult:
    """smart_send: the best-ranked channel (else the priority list) this contact can be reached on."""
    if inp.resumed:
        return _delivery_outcome(inp)
    channels = [str(c) for c in inp.config.get("channels") or []]
    contents = inp.config.get("content") or {}
    order = _ranked_channels(inp, channels)
    tried: dict[str, str] = {}
    for channel in order:
        if channel not in contents:
            tried[channel] = "no content"
            continue
        why = unreachable_reason(inp.contact, channel)
        if why:
            tried[channel] = why
            continue
        try:
            content = render_content(channel, dict(contents[channel] or {}, **{
                k: inp.config[k] for k in _PASS_THROUGH if inp.config.get(k) is not None}), inp)
        except RenderError as exc:
            return failed(f"template error: {exc}", channel=channel)
        return _queue(inp, channel, content, {"channel": channel, "order": order, "skipped": tried or None})
    return failed("no reachable channel", tried=tried)


def handle_webhook(inp: StepInput) -> StepResult:
    """webhook: queue a JSON request (sent and retried by the dispatcher)."""
    if inp.resumed:
        return _delivery_outcome(inp)
    cfg = inp.config
    try:
        url = render(cfg.get("url"), inp, "url")
        if cfg.get("body"):
            body = render(cfg["body"], inp, "body")
        else:
            ctx = template_context(inp)
            body = json.dumps({"contact": ctx["contact"], "event": ctx["event"], "flow": ctx["flow"]},
                              default=str, ensure_ascii=False)
    except RenderError as exc:
        return failed(f"template error: {exc}")
    content: dict[str, Any] = {"url": url, "method": str(cfg.get("method") or "POST"),
                               "headers": dict(cfg.get("headers") or {}), "body": body}
    if host_from_data(str(cfg.get("url") or "")):
        content["url_from_data"] = True  # the dispatcher sends it only to an approved host
    give_up = None  # the project's delivery wait, unless the step sets its own
    if cfg.get("timeout"):
        from runtime.flow.durations import parse_duration

        try:
            give_up = parse_duration(cfg["timeout"])
        except ValueError:
            pass
    return _queue(inp, "webhook", content, {"url": url}, give_up)


def handle_notify_team(inp: StepInput) -> StepResult:
    """notify_team: a notification for operators in the app (channel ``team``), optionally to Telegram."""
    try:
        text = render(inp.config.get("text"), inp, "text")
    except RenderError as exc:
        return failed(f"template error: {exc}")
    content: dict[str, Any] = {"text": text, "contact": inp.contact.get("external_id")}
    chat = inp.config.get("telegram_chat_id")
    if chat:
        content["telegram_chat_id"] = str(chat)
    # in-app only: delivered by being in the outbox
    status = OutboxStatus.SANDBOX if inp.sandbox else OutboxStatus.QUEUED if chat else OutboxStatus.SENT
    return StepResult(port="next", messages=[OutboxMessage("team", content, status)], detail={"status": status})

