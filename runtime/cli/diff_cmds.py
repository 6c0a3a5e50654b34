"""``flowcanvas flow diff PROJECT FLOW V1 V2``: what changed between two versions of a flow.

Registered on the ``flow`` command group by ``runtime.cli.flow_cmds``. A version is a published
version number or ``draft``. Prints added, removed and changed steps (each config change field
by field), edge and flow-level changes; ``--json`` prints the same as one object.
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
    for step in result["added"]:
        print(f"+ {step['id']} ({step['type']})")
    for step in result["removed"]:
        print(f"- {step['id']} ({step['type']})")
    for step in result["changed"]:
        print(f"~ {step['id']} ({step['type']})")
        for change in step["changes"]:
            print(f"    {change['field']}: {_short(change['old'])} -> {_short(change['new'])}")
    for edge in result["edges_added"]:
        print(f"+ edge {edge['from']}.{edge['port']} -> {edge['to']}")
    for edge in result["edges_removed"]:
        print(f"- edge {edge['from']}.{edge['port']} -> {edge['to']}")
    for change in result["flow"]:
        print(f"~ flow {change['field']}: {_short(change['old'])} -> {_short(change['new'])}")
    return 0
