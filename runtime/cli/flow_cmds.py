"""``flowcanvas flow ...``: import, preset, export, list and validate flows.

The lifecycle commands (activate, pause, resume, terminate, archive) live in
``runtime.cli.flow_lifecycle_cmds`` (the engine's), registered on the same ``flow`` parser.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from runtime.cli import flow_lifecycle_cmds, version_cmds, webhook_cmds
from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import InputError
from runtime.service import gettext as _


def register(subparsers: Any) -> None:
    """Add the ``flow`` command group."""
    flow = subparsers.add_parser("flow", help=_("import, export, list, validate and run flows"))
    flow_sub = flow.add_subparsers(dest="flow_command", metavar="FLOW_COMMAND")
    flow.set_defaults(func=lambda args: _usage(flow))

    as_json, activate = _("print the result as JSON"), arg("--activate", action="store_true",
                                                           help=_("also publish and activate it"))
    add_command(flow_sub, "import", cmd_import, arg("file", metavar="FILE"),
                arg("--name", help=_("import under this name instead of the one in the file")),
                arg("--into", metavar="FLOW",
                    help=_("replace the draft of this existing flow (id or name) instead of adding a flow; "
                           "activate (or --activate) then publishes it as a new version")), activate,
                help=_("import a flow file as a draft"), description=_("Import a flow file "
                "(validated first: a bad file changes nothing). Prints the new flow id."), json=as_json)
    add_command(flow_sub, "preset", cmd_preset,
                arg("name", metavar="NAME", help=_("preset name (abandoned_cart, welcome, reactivation, ...)")), activate,
                help=_("add a ready-made flow"), description=_("Add a preset flow as a draft."), json=as_json)
    add_command(flow_sub, "export", cmd_export, arg("file", metavar="FILE"), help=_("write a flow to a flow file"),
                flow=True)
    add_command(flow_sub, "list", cmd_list, help=_("list the project's flows"), json=_("print the flows as a JSON array"))
    p = add_command(flow_sub, "validate", cmd_validate, arg("file", metavar="FILE"),
                    help=_("check a flow file (no project needed)"),
                    description=_("Check a flow file. Exit code 1 when it has errors, 0 otherwise."), project=False,
                    json=_('print {"errors": [...], "warnings": [...]}'))
    p.add_argument("--project", metavar="PROJECT",
                   help=_("also lint against this project: keywords of its active flows, fields its contacts have"))

    flow_lifecycle_cmds.register(flow_sub)
    webhook_cmds.register(flow_sub)
    version_cmds.register(flow_sub)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _flow_report(service: Any, flow_id: int) -> dict[str, Any]:
    """What import/preset print: the new flow and the warnings worth a look (webhooks, ...)."""
    info = service.get_flow(flow_id)
    warnings = service.validate(info.draft).to_json()["warnings"]
    return {"id": info.id, "name": info.name, "status": info.status, "version": info.version, "warnings": warnings}


def _print_added(args: argparse.Namespace, report: dict[str, Any]) -> None:
    if args.json:
        print_json(report)
        return
    from runtime.service import problem_text

    for warning in report["warnings"]:
        text = warning.get("text") or warning["message"]
        print(f"flowcanvas: warning: {problem_text(text, warning.get('step'))}", file=sys.stderr)
    print(report["id"])


def cmd_import(args: argparse.Namespace) -> int:
    """Validate and import a flow file; print its id."""
    from runtime.service import ProjectService

    with ProjectService.open(args.project) as service:
        if args.into:
            if args.name:
                raise InputError(_("--into keeps the flow's name: leave out --name"))
            flow_id = service.import_flow_file_into(args.into, args.file)
            if args.activate:
                service.activate(flow_id)  # publishes the new draft as the next version
        else:
            flow_id = service.import_flow_file(args.file, name=args.name, activate=args.activate)
        report = _flow_report(service, flow_id)
    _print_added(args, report)
    return 0


def cmd_preset(args: argparse.Namespace) -> int:
    """Add a preset; print its id."""
    from runtime.service import ProjectService

    with ProjectService.open(args.project) as service:
        flow_id = service.create_flow_from_preset(args.name, activate=args.activate)
        report = _flow_report(service, flow_id)
    _print_added(args, report)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a flow's draft as a flow file."""
    from runtime.service import ProjectService

    with ProjectService.open(args.project) as service:
        service.export_flow(args.flow, args.file)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """List flows with status and counts."""
    from runtime.service import ProjectService

    with ProjectService.open(args.project) as service:
        flows = service.list_flows()
    if args.json:
        print_json([{**asdict(f), "updated_at": f.updated_at.isoformat()} for f in flows])
        return 0
    if not flows:
        print(_("no flows"))
        return 0
    header = ("ID", "NAME", "STATUS", "VERSION", "ACTIVE", "ENTERED", "TODAY")
    rows = [
        (str(f.id), f.name, f.status + ("" if f.entry_enabled else " (entry closed)"),
         str(f.version or "-"), str(f.active), str(f.entered_total), str(f.entered_today))
        for f in flows
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for r in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    return 0


def validate_file(path: str, project: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """``{"errors": [...], "warnings": [...]}`` (``ValidationReport.to_json``) for a flow file.

    A file that does not load (malformed JSON, not a flow) is reported as errors too, with the
    line and column of a JSON syntax error. With ``project``, the linter also checks the flow
    against that project (see ``runtime.flow.lint``).
    """
    from runtime.service import validate_file as validate

    report = validate(path)
    if project and not report.errors:
        from runtime.service import load_flow

        with opened_service(project) as service:
            flow = load_flow(path)
            name = flow.name if any(f.name == flow.name for f in service.list_flows()) else None
            report = service.validate_in_project(flow, name)
    problems: dict[str, list[dict[str, Any]]] = report.to_json()
    return problems


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a flow file; exit 1 when it has errors."""
    from pathlib import Path

    from runtime.service import InputError

    if not Path(args.file).is_file():
        raise InputError(_("{file}: no such file").format(file=args.file))
    result = validate_file(args.file, args.project)
    if args.json:
        print_json(result)
    else:
        from runtime.service import problem_text

        for kind in ("errors", "warnings"):
            for p in result[kind]:
                line = f"{args.file}: {kind[:-1]}: {problem_text(p.get('text') or p['message'], p.get('step'))}"
                print(line, file=sys.stderr if kind == "errors" else sys.stdout)
        if not result["errors"]:
            print(f"{args.file}: ok" + (f" ({len(result['warnings'])} warnings)" if result["warnings"] else ""))
    return 1 if result["errors"] else 0
