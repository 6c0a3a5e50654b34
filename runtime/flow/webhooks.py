"""Webhook URLs of a flow as written, and whether a URL's host comes from a template.

Pure functions of the flow definition, shared by the step handler (which marks such messages)
and the review of imported flows (``runtime.channels.webhook_review``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["host_from_data", "webhook_urls"]


def host_from_data(url: str) -> bool:
    """True when the scheme or host of the URL template ``url`` is produced by a template."""
    text = str(url).strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        return "{{" in text or "{%" in text  # no literal scheme: the whole URL may come from data
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return any(mark in part for mark in ("{{", "{%") for part in (scheme, authority))


def webhook_urls(flow_definition: Any) -> list[str]:
    """The URL templates of every webhook step of a flow (a :class:`~runtime.flow.model.Flow`)."""
    urls = []
    from runtime.steps.registry import REGISTRY

    for step in getattr(flow_definition, "steps", []):
        step_type = REGISTRY.get(step.type)
        if step_type is not None and step_type.outbox_channel == "webhook":
            url = (step.config or {}).get("url")
            if isinstance(url, str) and url not in urls:
                urls.append(url)
    return urls
