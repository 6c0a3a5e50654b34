"""``flowcanvas flow approve PROJECT FLOW [--host H ...]``: approve the webhooks of an imported flow.

Approving is the review step itself: the command prints every URL it approved (and which take
their host from contact data, so go only to approved hosts); ``--json`` prints the same as data.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import gettext as _


def register(flow_subparsers: Any) -> None:
    """Add ``approve`` to the ``flow`` group."""
    add_command(flow_subparsers, "approve", cmd_approve,
                arg("--host", action="append", default=[], metavar="HOST",
                    help=_("add a host (hooks.example.com, *.example.com) to the approved host list; repeatable")),
                help=_("approve the webhook URLs of an imported flow"),
                description=_("Approve the webhook URLs of a flow imported from a file, so that it can be activated. "
                              "URLs whose host comes from contact data are sent only to hosts given with --host."),
                flow=True, json=_("print the review as JSON"))


def cmd_approve(args: argparse.Namespace) -> int:
    """Approve a flow's webhook URLs as they are now."""
    with opened_service(args.project) as service:
        review = service.approve_webhooks(args.flow, args.host, by="cli")
    if args.json:
        print_json(review.to_json())
        return 0
    if not review.urls:
        print(_("flow {flow}: no webhook steps; nothing to approve").format(flow=args.flow), file=sys.stderr)
    for url in review.urls:
        note = " (host from contact data: sent only to approved hosts)" if url in review.from_data else ""
        print(f"approved {url}{note}", file=sys.stderr)
    if review.from_data and not review.approved_hosts:
        print(_("flowcanvas: warning: no approved hosts yet; add them with --host or those webhooks will fail"),
              file=sys.stderr)
    return 0
