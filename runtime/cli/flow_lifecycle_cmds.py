"""``flowcanvas flow activate|pause|resume|terminate|archive PROJECT FLOW`` and ``flow add``.

Registered on the ``flow`` command group by ``runtime.cli.flow_cmds``. ``flow add PROJECT FLOW
CONTACT_ID...`` enters contacts by hand (a manual entry): each one the flow's entry rules admit
enters; the others are reported with the reason. An unknown contact id changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import opened_project, print_json, project_clock_of
from runtime.errors import FlowCanvasError, NotFoundError

ACTIONS = ("activate", "pause", "resume", "terminate", "archive")
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
    from runtime.engine import lifecycle
    from runtime.flows_repo import get_flow_row

    with opened_project(args.project) as project:
        clock = project_clock_of(project)
        with project.write() as session:
            row = get_flow_row(session, args.flow)
            previous = row.status
            outcome = lifecycle.ACTIONS[args.action](session, row, clock, actor="cli")
            result: dict[str, Any] = {"flow": row.name, "id": row.id, "previous": previous, "status": row.status}
            if args.action == "activate":
                result["published_version_id"] = outcome
                result["version_id"] = row.current_version_id
            elif args.action in ("terminate", "archive"):
                result["executions_ended"] = outcome
    if args.json:
        print_json(result)
    else:
        print(f"{result['flow']}: {previous} -> {result['status']}", file=sys.stderr)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Enter contacts by hand; prints who entered and who did not (with why)."""
    from sqlalchemy import select

    from runtime.engine.admission import Admission
    from runtime.engine.entry import published_flow
    from runtime.flows_repo import get_flow_row
    from runtime.storage.models import Contact

    entered: list[str] = []
    skipped: list[dict[str, str]] = []
    with opened_project(args.project) as project:
        clock = project_clock_of(project)
        with project.write() as session:
            row = get_flow_row(session, args.flow)
            ids = dict(session.execute(
                select(Contact.external_id, Contact.id).where(Contact.external_id.in_(args.contacts))).all())
            missing = [c for c in args.contacts if c not in ids]
            if missing:
                raise NotFoundError(f"{project.label}: no contact with id {', '.join(repr(m) for m in missing)}")
            if row.status != "active":
                raise FlowCanvasError(f"flow {row.name!r} is {row.status}: only an active flow takes contacts")
            flow_def = published_flow(session, row)
            if flow_def is None:
                raise FlowCanvasError(f"flow {row.name!r} has no published version: activate it first")
            # the batched entry path: rules judged for all of them, entries written together
            admission = Admission(session, clock, [row.id], ids.values())
            offered = []
            for external_id in dict.fromkeys(args.contacts):
                ok, why = admission.offer(row, flow_def, ids[external_id])
                if ok:
                    offered.append(external_id)
                else:
                    skipped.append({"contact": external_id, "reason": why})
            written = admission.flush()
            for external_id in offered:
                if (row.id, ids[external_id]) in written:
                    entered.append(external_id)
                else:
                    skipped.append({"contact": external_id, "reason": "already inside"})
            name = row.name
    if args.json:
        print_json({"flow": name, "entered": entered, "skipped": skipped})
    else:
        print(f"{name}: {len(entered)} entered, {len(skipped)} skipped", file=sys.stderr)
        for item in skipped:
            print(f"  {item['contact']}: {item['reason']}", file=sys.stderr)
    return 0
