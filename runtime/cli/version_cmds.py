"""Versions of a flow: ``flow diff``, ``flow impact`` and ``flow publish``.

Registered on the ``flow`` command group by ``runtime.cli.flow_cmds``.

- ``flow diff PROJECT FLOW V1 V2``: what changed between two versions (a number or ``draft``):
  added, removed and changed steps (each config change field by field), edge and flow-level
  changes; ``--json`` prints the same as one object.
- ``flow impact PROJECT FLOW``: what publishing the draft does to contacts already inside.
- ``flow publish PROJECT FLOW [--migrate]``: publish the draft; ``--migrate`` moves waiting
  contacts onto the new version where their step still exists.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import gettext as _


def register(flow_subparsers: Any) -> None:
    """Add ``diff`` to the ``flow`` group."""
    as_json = _("print the result as JSON")
    add_command(flow_subparsers, "diff", cmd_diff, arg("old", metavar="V1", help=_("version number or 'draft'")),
                arg("new", metavar="V2", help=_("version number or 'draft'")),
                help=_("what changed between two versions of a flow"),
                description=_("Compare two versions of a flow (a number or 'draft')."), flow=True, json=as_json)
    add_command(flow_subparsers, "impact", cmd_impact, help=_("what publishing the draft does to contacts inside"),
                flow=True, json=as_json)
    add_command(flow_subparsers, "publish", cmd_publish,
                arg("--migrate", action="store_true",
                    help=_("move waiting contacts to the new version where their step still exists")),
                help=_("publish the draft as a new version"), flow=True, json=as_json)


def _short(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the difference between two versions."""
    with opened_service(args.project) as service:
        result = service.diff_versions(args.flow, args.old, args.new)
    if args.json:
        print_json(result)
        return 0
    if result["same"]:
        print(_("versions {old} and {new} do the same thing").format(old=args.old, new=args.new))
        return 0
    for sign, key in (("+", "added"), ("-", "removed"), ("~", "changed")):
        for step in result[key]:
            print(f"{sign} {step['id']} ({step['type']})")
            for change in step.get("changes", []):
                print(f"    {change['field']}: {_short(change['old'])} -> {_short(change['new'])}")
    for sign, key in (("+", "edges_added"), ("-", "edges_removed")):
        for edge in result[key]:
            print(f"{sign} edge {edge['from']}.{edge['port']} -> {edge['to']}")
    for change in result["flow"]:
        print(f"~ flow {change['field']}: {_short(change['old'])} -> {_short(change['new'])}")
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    """Print the impact of publishing the draft."""
    with opened_service(args.project) as service:
        result = service.publish_impact(args.flow)
    if args.json:
        print_json(result)
        return 0
    for line in result["summary"] or ["nobody is inside: the new version applies to everyone who enters"]:
        print(line)
    if result["migratable"]:
        print(_("{v0} of {v1} contacts inside can move to the new version (flow publish --migrate)")
                .format(v0=result['migratable'], v1=result['contacts_inside']))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish the draft; with --migrate, move waiting contacts onto it."""
    with opened_service(args.project) as service:
        result = (service.publish_migrating(args.flow) if args.migrate
                  else {"version": service.publish(args.flow), "migrated": 0})
    if args.json:
        print_json(result)
    else:
        print(f"published version {result['version']}" + (f"; moved {result['migrated']} waiting contacts to it"
                                                           if args.migrate else ""))
    return 0
