"""``flowcanvas send-test``: one step's message to the operator's own address (runtime.rehearsal.try_send)."""

from __future__ import annotations

import argparse
from typing import Any

from runtime.cli.common import opened_service, print_json


def cmd_send_test(args: argparse.Namespace) -> int:
    """Send a step's message, rendered for a sample contact, to the channel's 'Send tests to' address."""
    with opened_service(args.project) as service:
        result = service.send_me_a_test(args.flow, args.step, contact=args.contact)
    if args.json:
        print_json(result)
    elif result["status"] == "sent":
        print(f"sent by {result['channel']} to {result['to']}")
    else:
        print(f"not sent by {result['channel']} to {result['to']}: {result['error']}")
    return 0 if result["status"] == "sent" else 1


def register(subparsers: Any) -> None:
    """Add ``send-test`` to the CLI."""
    p = subparsers.add_parser(
        "send-test", help="send one step's message to your own address through the real channel",
        description="Render a send step's message (the flow's draft) for a sample contact, or --contact, and send "
                    "it through the channel to your own address: the channel setting test_to "
                    "(flowcanvas channel set PROJECT email test_to=me@shop.example). Nothing enters the outbox.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("step", metavar="STEP", help="the send step's id")
    p.add_argument("--contact", metavar="CONTACT_ID", help="render for this contact instead of the sample one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_send_test)
