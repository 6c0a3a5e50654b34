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

from runtime.cli.common import opened_service, print_json


def register(flow_subparsers: Any) -> None:
    """Add ``diff`` to the ``flow`` group."""
    p = flow_subparsers.add_parser("diff", help="what changed between two versions of a flow",
                                   description="Compare two versions of a flow (a number or 'draft').")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("old", metavar="V1", help="version number or 'draft'")
    p.add_argument("new", metavar="V2", help="version number or 'draft'")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_diff)
    p = flow_subparsers.add_parser("impact", help="what publishing the draft does to contacts inside")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_impact)
    p = flow_subparsers.add_parser("publish", help="publish the draft as a new version")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("flow", metavar="FLOW", help="flow id or name")
    p.add_argument("--migrate", action="store_true",
                   help="move waiting contacts to the new version where their step still exists")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_publish)


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
        print(f"versions {args.old} and {args.new} do the same thing")
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
        print(f"{result['migratable']} of {result['contacts_inside']} contacts inside can move to the new version "
              "(flow publish --migrate)")
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
