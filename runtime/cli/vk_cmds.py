"""``flowcanvas vk poll PROJECT [--once] [--json]``: the VK community's messages as contact events
(Bots Long Poll API). Configure the channel first: ``flowcanvas channel set PROJECT vk token=...
group_id=...`` (the community needs Long Poll API on, with message_new / message_allow /
message_deny events)."""

from __future__ import annotations

import argparse
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import gettext as _


def register(subparsers: Any) -> None:
    """Add the ``vk`` command group."""
    parser = subparsers.add_parser("vk", help=_("VK community bot: receive messages"), description=__doc__)
    sub = parser.add_subparsers(dest="vk_command", metavar="ACTION", required=True)
    add_command(sub, "poll", cmd_vk_poll, arg("--once", action="store_true", help=_("one round (no waiting), then exit")),
                help=_("long-poll the community's updates and record them as events"), json=True)


def cmd_vk_poll(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        report = service.vk_poll(once=args.once)
    if args.json:
        print_json(report)
    else:
        print(f"{report.get('updates', 0)} update(s): {report.get('events', {})}")
    return 0
