"""``flowcanvas contacts push-subscribe PROJECT ID FILE.json``: store a browser's Web Push subscription."""

from __future__ import annotations

import argparse
from pathlib import Path

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import InputError, NotFoundError
from runtime.service import gettext as _


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(_("{path}: cannot read: {v0}").format(path=path, v0=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None


def cmd_push_subscribe(args: argparse.Namespace) -> int:
    text = _read(args.file)
    with opened_service(args.project) as service:
        try:
            new = service.add_push_subscription(args.contact, text)
        except NotFoundError:
            raise NotFoundError(_("contact {contact!r} not found in project {label}").format(contact=args.contact,
                    label=service.label)) from None
        except InputError as exc:
            raise InputError(f"{args.file}: {exc}") from None
        count = service.contact_details(args.contact).push_subscriptions
    if args.json:
        print_json({"contact": args.contact, "new": new, "subscriptions": count})
    else:
        what = "added" if new else "updated"
        print(_("{what} the push subscription of contact {contact} from {name} ({count} subscription(s))").format(what=what,
                contact=args.contact, name=Path(args.file).name, count=count))
    return 0


def register_contacts(contacts_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``contacts push-subscribe``."""
    add_command(contacts_sub, "push-subscribe", cmd_push_subscribe,
                arg("contact", metavar="ID", help=_("the contact's external id")), arg("file", metavar="FILE.json"),
                help=_("store a browser's Web Push subscription for a contact"),
                description=_("FILE.json is the browser's PushSubscription as JSON (subscription.toJSON()): "
                              '{"endpoint": "https://...", "keys": {"p256dh": "...", "auth": "..."}}. The same endpoint '
                              "replaces the stored one; a push service answering 404/410 later removes it."),
                json=_('print {"contact", "new", "subscriptions"}'))
