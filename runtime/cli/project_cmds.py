"""``flowcanvas init PROJECT [--demo]``: create a project file (or a schema in a database URL)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.arg_types import bounded_int
from runtime.cli.common import print_json
from runtime.service import InputError
from runtime.service import gettext as _
from runtime.service.project import DEMO_HISTORY_DAYS


def register(subparsers: Any) -> None:
    """Add the ``init`` command."""
    parser = subparsers.add_parser(
        "init",
        help=_("create a project file"),
        description=_("Create a new project file (refuses to overwrite one). It starts in sandbox mode: messages "
        "land in the outbox and nothing is really sent until you switch sandbox off (--live, or later "
        "'flowcanvas channel policy PROJECT sandbox=false'). With --demo it gets sample contacts, events and "
        "every preset flow."),
    )
    parser.add_argument("project", metavar="PROJECT", help=_("path of the new project file, or a database URL"))
    parser.add_argument("--demo", action="store_true", help=_("add sample contacts, events and preset flows"))
    parser.add_argument("--history-days", type=bounded_int(0, 366, unit=" days"), default=DEMO_HISTORY_DAYS, metavar="N",
                        help=_("with --demo: the flows ran through the last N days of demo customers, so the canvas has counts "
                               "at once (default {DEMO_HISTORY_DAYS}; 0 for none)").format(DEMO_HISTORY_DAYS=DEMO_HISTORY_DAYS))
    parser.add_argument("--live", action="store_true",
                        help=_("start live instead of in sandbox: messages really go out once channels are set up "
                               "(not with --demo)"))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    """Create the project and report what it holds."""
    from runtime.service import FlowStatus, ProjectService

    if args.demo and args.live:
        raise InputError(_("--live cannot be used with --demo: the demo's contacts are made up, so it stays in sandbox"))
    history = args.history_days if args.demo else 0
    with ProjectService.create(args.project, demo=args.demo, history_days=history) as service:
        if not args.demo and not args.live:
            service.set_sandbox(True)  # nothing leaves the machine until the user says so
        flows = service.list_flows()
        report: dict[str, Any] = {
            "project": service.label,
            "demo": bool(args.demo),
            "history_days": history,
            "sandbox": bool(service.get_setting("sandbox", False)),
            "flows": [f.name for f in flows],
            "active": [f.name for f in flows if f.status == FlowStatus.ACTIVE],
            "contacts": service.contact_count(),
        }
    if args.json:
        print_json(report)
    else:
        if args.demo:
            line = _("created {project} with {flows} flows and {contacts} contacts").format(
                project=report["project"], flows=len(report["flows"]), contacts=report["contacts"])
        else:
            line = _("created {project}").format(project=report["project"])
        if history:
            line += _("; the flows ran through the last {days} days").format(days=history)
        print(line)
        print(_mode_line(report["project"], report["sandbox"]))
        if report["active"]:
            print(_("active: {v0}; run it with live demo customers: flowcanvas run {v1} --live-demo")
                    .format(v0=', '.join(report['active']), v1=report['project']))
    if args.demo and not report["contacts"]:
        print(_("flowcanvas: note: demo contacts are not available in this build"), file=sys.stderr)
    return 0


def _mode_line(project: str, sandbox: bool) -> str:
    """Which mode the new project is in, and how to leave it."""
    if sandbox:
        return str(_("mode: sandbox (messages land in the outbox, nothing is sent); to go live: "
                     "flowcanvas channel policy {project} sandbox=false").format(project=project))
    return str(_("mode: LIVE (messages are really sent once channels are set up)"))
