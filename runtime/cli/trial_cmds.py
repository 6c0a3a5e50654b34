"""``flowcanvas send-test``: one step's message to the operator's own address (runtime.rehearsal.try_send)."""

from __future__ import annotations

import argparse
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import gettext as _


def cmd_send_test(args: argparse.Namespace) -> int:
    """Send a step's message, rendered for a sample contact, to the channel's 'Send tests to' address."""
    with opened_service(args.project) as service:
        result = service.send_me_a_test(args.flow, args.step, contact=args.contact)
    if args.json:
        print_json(result)
    elif result["status"] == "sent":
        print(_("sent by {v0} to {v1}").format(v0=result['channel'], v1=result['to']))
    else:
        print(_("not sent by {v0} to {v1}: {v2}").format(v0=result['channel'], v1=result['to'], v2=result['error']))
    return 0 if result["status"] == "sent" else 1


def register(subparsers: Any) -> None:
    """Add ``send-test`` to the CLI."""
    add_command(subparsers, "send-test", cmd_send_test, arg("step", metavar="STEP", help=_("the send step's id")),
                arg("--contact", metavar="CONTACT_ID", help=_("render for this contact instead of the sample one")),
                help=_("send one step's message to your own address through the real channel"),
                description=_("Render a send step's message (the flow's draft) for a sample contact, or --contact, and "
                              "send it through the channel to your own address: the channel setting test_to "
                              "(flowcanvas channel set PROJECT email test_to=me@shop.example). Nothing enters the "
                              "outbox."), flow=True, json=_("print JSON"))
