"""``flowcanvas contacts push-subscribe PROJECT ID FILE.json``: store a browser's Web Push subscription."""

from __future__ import annotations

import argparse
from pathlib import Path

from runtime.cli.common import opened_project, print_json, project_clock_of
from runtime.contacts.lookup import get_contact
from runtime.contacts.phones import FieldError
from runtime.contacts.push import add_push_subscription
from runtime.contacts.textfile import read_utf8
from runtime.errors import InputError, NotFoundError


def cmd_push_subscribe(args: argparse.Namespace) -> int:
    text = read_utf8(args.file)
    with opened_project(args.project) as project:
        clock = project_clock_of(project)
        with project.write() as session:
            try:
                contact = get_contact(session, args.contact)
            except NotFoundError:
                raise NotFoundError(f"contact {args.contact!r} not found in project {project.label}") from None
            try:
                new = add_push_subscription(session, contact.id, text, clock.now())
            except FieldError as exc:
                raise InputError(f"{args.file}: {exc}") from None
            count = len(contact.push_subscriptions or [])
    if args.json:
        print_json({"contact": args.contact, "new": new, "subscriptions": count})
    else:
        what = "added" if new else "updated"
        print(f"{what} the push subscription of contact {args.contact} from {Path(args.file).name} "
              f"({count} subscription(s))")
    return 0


def register_contacts(contacts_sub: argparse._SubParsersAction) -> None:
    """Add ``contacts push-subscribe``."""
    push = contacts_sub.add_parser(
        "push-subscribe", help="store a browser's Web Push subscription for a contact",
        description="FILE.json is the browser's PushSubscription as JSON (subscription.toJSON()): "
        '{"endpoint": "https://...", "keys": {"p256dh": "...", "auth": "..."}}. The same endpoint '
        "replaces the stored one; a push service answering 404/410 later removes it.",
    )
    push.add_argument("project", metavar="PROJECT")
    push.add_argument("contact", metavar="ID", help="the contact's external id")
    push.add_argument("file", metavar="FILE.json")
    push.add_argument("--json", action="store_true", help='print {"contact", "new", "subscriptions"}')
    push.set_defaults(func=cmd_push_subscribe)
