"""Webhooks of imported flows wait for review; URLs built from contact data go to approved hosts only.

A flow file from elsewhere can carry a webhook step that posts every contact's data to any
server. So a flow imported from a file is *held*: it cannot be activated until someone has
looked at its webhook URLs and approved them (``flowcanvas flow approve PROJECT FLOW``, or the
dialog the designer shows on activation). Approval covers the URLs as written; editing the
flow to call a new URL holds it again.

A URL whose scheme or host comes from a template (``{{ contact.hook_url }}``,
``https://{{ contact.shop }}.example.com/``) cannot be reviewed in advance, so at send time its
host must be on the project's approved host list (``--host`` of ``flow approve``); otherwise
the message fails with that reason. This applies to every flow, imported or not.

State lives in the settings table: ``webhooks.flow.<id>`` per held flow and
``webhooks.approved_hosts`` for the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from runtime.errors import FlowCanvasError, InputError
from runtime.flow.webhooks import host_from_data, webhook_urls
from runtime.storage.settings import get_setting, set_setting

__all__ = [
    "WebhookReview",
    "approve_webhooks",
    "check_activation",
    "hold_imported_flow",
    "refusal_for_url",
    "webhook_review",
]

HOSTS_KEY = "webhooks.approved_hosts"
_HOST_RE = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$")


def _flow_key(flow_id: int) -> str:
    return f"webhooks.flow.{flow_id}"


@dataclass(frozen=True)
class WebhookReview:
    """What a reviewer sees before activating a flow.

    ``held`` is True for a flow imported from a file; ``pending`` are its webhook URLs (as
    written) not approved yet; ``from_data`` are URLs whose host comes from contact data, which
    are checked against ``approved_hosts`` at send time.
    """

    flow_id: int
    held: bool
    source: str | None
    urls: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    from_data: list[str] = field(default_factory=list)
    approved_hosts: list[str] = field(default_factory=list)

    @property
    def needs_approval(self) -> bool:
        """True when activation must wait for approval."""
        return self.held and bool(self.pending)

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"flow_id": self.flow_id, "held": self.held, "source": self.source, "urls": self.urls,
                "pending": self.pending, "from_data": self.from_data, "approved_hosts": self.approved_hosts}


def _draft(row: Any) -> Any:
    from runtime.storage.flows_repo import draft_flow

    return draft_flow(row)


def approved_hosts(session: Session) -> list[str]:
    """The project's approved host list (lower case; ``*.example.com`` covers subdomains)."""
    value = get_setting(session, HOSTS_KEY, []) or []
    return [str(h) for h in value]


def hold_imported_flow(session: Session, row: Any, source: str) -> None:
    """Hold a flow just imported from ``source`` (new, or its draft replaced by ``--into``) when it
    has webhook steps; URLs approved before stay approved, new ones wait for review."""
    if webhook_urls(_draft(row)):
        record = get_setting(session, _flow_key(row.id), None) or {}
        set_setting(session, _flow_key(row.id),
                    {"held": True, "source": source, "approved": list(record.get("approved") or [])})
        session.flush()


def webhook_review(session: Session, row: Any) -> WebhookReview:
    """The review state of flow ``row`` (a FlowRow) against its current draft."""
    record = get_setting(session, _flow_key(row.id), None) or {}
    urls = webhook_urls(_draft(row))
    approved = set(record.get("approved") or [])
    return WebhookReview(
        flow_id=row.id,
        held=bool(record.get("held")),
        source=record.get("source"),
        urls=urls,
        pending=[u for u in urls if u not in approved],
        from_data=[u for u in urls if host_from_data(u)],
        approved_hosts=approved_hosts(session),
    )


def check_activation(session: Session, row: Any) -> None:
    """Refuse to activate a held flow whose webhook URLs are not all approved."""
    review = webhook_review(session, row)
    if review.needs_approval:
        listed = ", ".join(repr(u) for u in review.pending)
        project = session.info.get("project") or "PROJECT"
        raise FlowCanvasError(
            f"flow {row.name!r} was imported from {review.source or 'a file'} and calls webhook URL(s) not yet "
            f"approved: {listed}; review them, then run `flowcanvas flow approve {project} {row.name!r}` "
            "(or approve them in the designer)"
        )


def _normal_host(host: str) -> str:
    text = host.strip().lower().rstrip(".")
    if not _HOST_RE.match(text):
        raise InputError(f"--host {host!r}: not a host name such as hooks.example.com or *.example.com")
    return text


def approve_webhooks(session: Session, row: Any, hosts: list[str], by: str, now: datetime) -> WebhookReview:
    """Approve the flow's current webhook URLs (and add ``hosts`` to the approved host list)."""
    normal = [_normal_host(h) for h in hosts]
    if normal:
        current = approved_hosts(session)
        set_setting(session, HOSTS_KEY, current + [h for h in normal if h not in current])
    review = webhook_review(session, row)
    record = dict(get_setting(session, _flow_key(row.id), None) or {"held": review.held, "source": None})
    record["approved"] = review.urls
    record["approved_by"] = by
    record["approved_at"] = now.isoformat()
    set_setting(session, _flow_key(row.id), record)
    session.flush()
    return webhook_review(session, row)


def _host_allowed(host: str, allowed: list[str]) -> bool:
    for entry in allowed:
        name = entry.split(":")[0]
        if name.startswith("*."):
            if host.endswith(name[1:]):
                return True
        elif host == name:
            return True
    return False


def refusal_for_url(session: Session, url: str) -> str | None:
    """Why a webhook whose host came from contact data may not go to ``url``, or None if it may."""
    try:
        parts = urlsplit(str(url))
        host = (parts.hostname or "").lower()
    except ValueError:
        return f"webhook URL {str(url)[:200]!r} built from contact data is not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return f"webhook URL {str(url)[:200]!r} built from contact data is not an http(s) URL"
    if not _host_allowed(host, approved_hosts(session)):
        return (
            f"webhook URL host {host!r} comes from contact data and is not on the approved host list; "
            f"add it with `flowcanvas flow approve PROJECT FLOW --host {host}` if it is trusted"
        )
    return None
