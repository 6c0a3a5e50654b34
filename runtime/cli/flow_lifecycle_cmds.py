"""``flowcanvas flow activate|pause|resume|terminate|archive PROJECT FLOW`` and ``flow add``.

Registered on the ``flow`` command group by ``runtime.cli.flow_cmds``. ``flow add PROJECT FLOW
CONTACT_ID...`` enters contacts by hand (a manual entry): each one the flow's entry rules admit
enters; the others are reported with the reason. An unknown contact id changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import opened_service, print_json
from runtime.service import LIFECYCLE_ACTIONS as ACTIONS

_HELP = {
    "activate": "publish the draft if it changed and start the flow",
    "pause": "hold every contact where it is",
    "resume": "continue a paused flow where it stood",
    "terminate": "end the flow: every contact inside leaves, nobody enters",
    "archive": "archive the flow (contacts still inside leave)",
}


def register(flow_subparsers: Any) -> None:
    """Add the lifecycle commands and ``add`` to the ``flow`` group."""
    for action in ACTIONS:
        p = flow_subparsers.add_parser(action, help=_HELP[action])
        p.add_argument("project", metavar="PROJECT")
        p.add_argument("flow", metavar="FLOW", help="flow id or name")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.set_defaults(func=cmd_lifecycle, action=action)
    p = flow_subparsers.add_parser("add", help="enter contacts into a flow by hand")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("contacts", metavar="CONTACT_ID", nargs="+", help="external ids of the contacts")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_add)


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
