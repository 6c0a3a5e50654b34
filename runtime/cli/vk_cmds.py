"""``flowcanvas vk poll PROJECT [--once] [--json]``: the VK community's messages as contact events
(Bots Long Poll API). Configure the channel first: ``flowcanvas channel set PROJECT vk token=...
group_id=...`` (the community needs Long Poll API on, with message_new / message_allow /
message_deny events)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import httpx

from runtime.channels.base import ChannelError
from runtime.cli.common import opened_project, print_json, project_clock_of


def register(subparsers: Any) -> None:
    """Add the ``vk`` command group."""
    parser = subparsers.add_parser("vk", help="VK community bot: receive messages", description=__doc__)
    sub = parser.add_subparsers(dest="vk_command", metavar="ACTION", required=True)
    p = sub.add_parser("poll", help="long-poll the community's updates and record them as events")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--once", action="store_true", help="one round (no waiting), then exit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vk_poll)


def cmd_vk_poll(args: argparse.Namespace) -> int:
    from runtime.channels import settings as cs
    from runtime.channels.factory import vk_api
    from runtime.channels.vk import VkApiError
    from runtime.channels.vk_updates import VkLongPoller

    with opened_project(args.project) as project:
        clock = project_clock_of(project)

        async def go() -> dict[str, Any]:
            async with httpx.AsyncClient() as client:
                with project.write() as session:
                    api = vk_api(session, client)
                    group = cs.require(cs.channel_settings(session, "vk"), "vk", "group_id")
                poller = VkLongPoller(project, api, str(group), clock, wait=0 if args.once else 25)
                total: dict[str, Any] = {"updates": 0, "events": {}}
                try:
                    while True:
                        report = (await poller.poll_once()).to_json()
                        total["updates"] += report["updates"]
                        for name, n in report["events"].items():
                            total["events"][name] = total["events"].get(name, 0) + n
                        if args.once:
                            return {**report, "updates": total["updates"], "events": total["events"]}
                except VkApiError as exc:
                    raise ChannelError(f"vk: {exc.result.reason}") from None

        report = asyncio.run(go())
    if args.json:
        print_json(report)
    else:
        print(f"{report.get('updates', 0)} update(s): {report.get('events', {})}")
    return 0
