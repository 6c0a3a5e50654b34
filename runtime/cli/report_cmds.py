"""CLI: ``report`` (the daily table, per-step analytics, goals and A/B) and ``contacts export``.

Phone numbers and emails are masked unless ``--unmask``, which is recorded in the project's
audit log. CSV and JSON go to stdout when ``--out`` is omitted; XLSX needs ``--out``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from runtime.cli.common import opened_service
from runtime.service import InputError

REPORT_HELP = """\
The project report (or of --flow F, repeatable) over local days of the reporting zone:
the daily table (new contacts, active, inactive per channel, milestone tags, purchases by new
contacts and in total, messages sent per channel against daily limits), per-step analytics
(reached, sent, delivered, opened, clicked, replied, failed, skipped by reason) with a per-day
breakdown, drop-off between consecutive steps, goal conversion per flow version, and A/B groups
with a two-proportion z-test and the probability to beat the control.

--zone, --milestones and --limit change the project's report settings (kept for next time)."""


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment
        return "cli"


def _emit(text: str | None, out: str | None, what: str) -> None:
    if text is not None:
        sys.stdout.write(text)
    elif out:
        print(f"wrote {what} to {out}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    from runtime.service import parse_report_day, parse_report_limits

    start, end = parse_report_day(args.date_from, "--from date"), parse_report_day(args.date_to, "--to date")
    limits = parse_report_limits(args.limit) if args.limit else None
    milestones = [t.strip() for t in args.milestones.split(",")] if args.milestones is not None else None
    with opened_service(args.project) as svc:
        if args.zone or limits is not None or milestones is not None:
            svc.save_report_settings(zone=args.zone, milestones=milestones, limits=limits)
        text = svc.export_report(args.format, args.out, args.flow or None, start, end,
                                 unmask=args.unmask, actor=_actor())
    _emit(text, args.out, "the report")
    return 0


def cmd_contacts_export(args: argparse.Namespace) -> int:
    from runtime.service import parse_report_day

    if args.step and not args.flow:
        raise InputError("--step needs --flow (step ids are per flow)")
    start, end = parse_report_day(args.date_from, "--from date"), parse_report_day(args.date_to, "--to date")
    with opened_service(args.project) as svc:
        text, count = svc.export_contacts(args.format, args.out, args.flow, args.step, args.tag, start, end,
                                          unmask=args.unmask, actor=_actor())
    _emit(text, args.out, f"{count} contacts")
    return 0


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day (reporting zone)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (default: today)")
    p.add_argument("--out", metavar="FILE", help="write here (csv/json: stdout when omitted)")
    p.add_argument("--unmask", action="store_true", help="full phone numbers and emails (recorded in the audit log)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report``; ``contacts export`` is added through :func:`register_contacts`."""
    p = subparsers.add_parser("report", help="daily report, per-step analytics, goals and A/B (csv, xlsx, json)",
                              description=REPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project")
    p.add_argument("--flow", action="append", metavar="FLOW", help="only this flow (id or name); repeatable")
    p.add_argument("--format", choices=("csv", "xlsx", "json"), default="json")
    p.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    _range_args(p)
    p.add_argument("--zone", metavar="TZ", help="set the reporting zone (IANA name) and rebuild the daily figures")
    p.add_argument("--milestones", metavar="TAG,TAG", help="set the milestone tags of the daily table")
    p.add_argument("--limit", action="append", metavar="CHANNEL=N", help="set a channel's daily limit; repeatable")
    p.set_defaults(func=cmd_report)


def register_contacts(contacts_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``contacts export`` under the ``contacts`` command."""
    p = contacts_sub.add_parser("export", help="the contacts behind a count, as csv or xlsx (masked)")
    p.add_argument("project")
    p.add_argument("--flow", metavar="FLOW", help="contacts who entered this flow (id or name)")
    p.add_argument("--step", metavar="STEP", help="with --flow: contacts who reached this step")
    p.add_argument("--tag", metavar="TAG", help="contacts with this tag")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    _range_args(p)
    p.set_defaults(func=cmd_contacts_export)
