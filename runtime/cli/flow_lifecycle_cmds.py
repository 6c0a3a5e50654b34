"""``flowcanvas flow activate|pause|resume|terminate|archive PROJECT FLOW`` and ``flow add``.

Registered on the ``flow`` command group by ``runtime.cli.flow_cmds``. ``flow add PROJECT FLOW
CONTACT_ID...`` enters contacts by hand (a manual entry): each one the flow's entry rules admit
enters; the others are reported with the reason. An unknown contact id changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import LIFECYCLE_ACTIONS as ACTIONS
from runtime.service import gettext as _

_HELP = {
    "activate": "publish the draft if it changed and start the flow",
    "pause": "hold every contact where it is",
    "resume": "continue a paused flow where it stood",
    "terminate": "end the flow: every contact inside leaves, nobody enters",
    "archive": "archive the flow (contacts still inside leave)",
}


def register(flow_subparsers: Any) -> None:
    """Add the lifecycle commands and ``add`` to the ``flow`` group."""
    as_json = _("print the result as JSON")
    for action in ACTIONS:
        add_command(flow_subparsers, action, cmd_lifecycle, help=_HELP[action], flow=True,
                    json=as_json).set_defaults(action=action)
    add_command(flow_subparsers, "add", cmd_add,
                arg("contacts", metavar="CONTACT_ID", nargs="+", help=_("external ids of the contacts")),
                help=_("enter contacts into a flow by hand"), flow=True, json=as_json)


def cmd_lifecycle(args: argparse.Namespace) -> int:
    """Move a flow to another state."""
    with opened_service(args.project) as service:
        result = service.change_status(args.flow, args.action, actor="cli")
    if args.json:
        print_json(result)
    else:
        print(f"{result['flow']}: {result['previous']} -> {result['status']}", file=sys.stderr)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Enter contacts by hand; prints who entered and who did not (with why)."""
    with opened_service(args.project) as service:
        result = service.enter_contacts(args.flow, args.contacts)
    if args.json:
        print_json(result)
    else:
        print(f"{result['flow']}: {len(result['entered'])} entered, {len(result['skipped'])} skipped", file=sys.stderr)
        for item in result["skipped"]:
            print(f"  {item['contact']}: {item['reason']}", file=sys.stderr)
    return 0
