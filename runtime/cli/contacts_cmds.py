"""CLI commands for contacts and events.

``contacts import``, ``contacts show``, ``event`` and ``events import``. Imports exit with 0
when every row was imported, 1 when some rows were rejected (the good ones are imported), and
2 when the input as a whole is unusable (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli import push_cmds
from runtime.cli.common import add_command, arg, opened_service, parse_props_arg, print_json, step_words
from runtime.service import ContactDetails, InputError, NotFoundError, ProjectService, parse_time
from runtime.service import gettext as _

IMPORT_HELP = """\
Import contacts from a UTF-8 CSV file with a header line, separated by commas (or by
semicolons or tabs if the header is).

Columns: id (required: the contact's external id), email, phone, telegram_chat_id, whatsapp,
first_name, last_name, timezone (IANA, e.g. Europe/Moscow), birthday (YYYY-MM-DD),
tags (';'-separated), push_subscription (the browser's Web Push subscription JSON), and email_status,
sms_status, telegram_status, whatsapp_status, push_status (subscribed / unsubscribed / blocked).
Any other column becomes an attribute: whole numbers and decimals without leading zeros (5, -2, 1.5) are stored as numbers,
everything else (007, 01234, 1,5, text) as text.

Phones are stored in E.164; numbers written without + use --region, else the project's
default_region setting, else they are rejected. Contacts that exist (same id) are updated:
non-empty cells overwrite, empty cells keep the stored value, attributes are merged, tags are
only added. Bad rows are reported by line number (the header is line 1).

Exit code: 0 all rows imported, 1 some rows rejected (the rest imported), 2 unusable file
(not UTF-8, empty, no id column): nothing imported."""


def _report_rejected(source: str, errors: list[Any]) -> None:
    for error in errors:
        print(f"{source}: line {error.line}: {error.reason}", file=sys.stderr)


def _mapping(items: list[str] | None) -> dict[str, str] | None:
    """``--map "имя=first_name"`` options as {column: field}; InputError for a malformed one."""
    if not items:
        return None
    out: dict[str, str] = {}
    for item in items:
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError(_('--map {item!r}: write it as COLUMN=FIELD, e.g. --map "имя=first_name"').format(item=item))
        out[source.strip()] = target.strip()
    return out


def cmd_contacts_import(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        result = service.import_contacts_csv(args.file, region=args.region, mapping=_mapping(args.map))
    if args.json:
        print_json(result.to_json())
    else:
        _report_rejected(args.file, result.errors)
        print(f"created {result.created}, updated {result.updated}, rejected {len(result.errors)}")
    return int(result.exit_code)


def _not_found(service: ProjectService, external_id: str) -> NotFoundError:
    return NotFoundError(_("contact {external_id!r} not found in project {label}").format(external_id=external_id,
            label=service.label))


def _print_contact(details: ContactDetails) -> None:
    name = details.name
    print(f"contact {details.id}" + (f" ({name})" if name else ""))
    for key in ("email", "phone", "telegram_chat_id", "whatsapp", "timezone", "birthday", "last_activity_at"):
        if getattr(details, key):
            print(f"  {key}: {getattr(details, key)}")
    print("  channels: " + ", ".join(f"{k} {v}" for k, v in details.channels.items()))
    print("  tags: " + (", ".join(details.tags) or "-"))
    for key, value in details.attributes.items():
        print(f"  attribute {key}: {value}")
    for change in details.tag_history:
        print(f"  tag {change.action} {change.tag} at {change.at} by {change.by}: {change.reason or ''}")
    for execution in details.executions:
        ended = f", {execution.exit_reason}" if execution.exit_reason else ""
        print(f"  flow {execution.flow}: {execution.status} since {execution.entered_at}{ended}")
    for step in details.recent_steps:
        port = f" -> {step.port}" if step.port else ""
        print(f"  step {step.flow} › {step_words(step.step_name, step.step)} {step.outcome}{port} at {step.at}")


def cmd_contacts_search(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        hits = service.find_contacts(args.query, max(1, args.limit))
    if args.json:
        print_json(hits)
    else:
        for hit in hits:
            print("\t".join([hit["id"], hit["name"], hit["email"] or "", hit["phone"] or ""]))
        if not hits:
            print(_("no contact matches {query!r}").format(query=args.query), file=sys.stderr)
    return 0


def cmd_contacts_show(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        try:
            details = service.contact_details(args.contact)
        except NotFoundError:
            raise _not_found(service, args.contact) from None
    if args.json:
        print_json(details.to_json())
    else:
        _print_contact(details)
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    props = parse_props_arg(args.props)
    at = None
    if args.at is not None:
        try:
            at = parse_time(args.at)
        except ValueError as exc:
            raise InputError(f"--at: {exc}") from None
    with opened_service(args.project) as service:
        try:
            data = service.record_event(args.contact, args.name, props, at, create_contact=args.create_contact)
        except NotFoundError:
            raise _not_found(service, args.contact) from None
        future = data["future"]
    if args.json:
        print_json(data)
    else:
        later = " (in the future: acted on when the project's clock reaches it)" if future else ""
        new = " (created from the event's props)" if data.get("created_contact") else ""
        print(_("recorded event {v0} #{v1} for contact {v2}{new} at {v3}{later}").format(v0=data['name'], v1=data['id'],
                v2=data['contact'], new=new, v3=data['occurred_at'], later=later))
    return 0


def cmd_events_import(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        result = service.import_events_jsonl(args.file, create_contacts=args.create_contacts)
    if args.json:
        print_json(result.to_json())
    else:
        _report_rejected(args.file, result.errors)
        created = f", created {result.created} contact(s)" if result.created else ""
        print(f"imported {result.imported}{created}, rejected {len(result.errors)}")
    return int(result.exit_code)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``contacts``, ``event`` and ``events`` to the CLI."""
    contacts = subparsers.add_parser("contacts", help=_("import and inspect contacts"))
    contacts_sub = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)

    contact_id = arg("contact", metavar="CONTACT_ID", help=_("the contact's external id"))
    add_command(contacts_sub, "import", cmd_contacts_import, arg("file", metavar="FILE.csv"),
                arg("--map", action="append", metavar="COLUMN=FIELD",
                    help=_('rename a column first, e.g. --map "имя=first_name" (repeat for more)')),
                arg("--region", help=_("phone region for numbers without + (RU, CN, ...); default: the project's")),
                help=_("import contacts from a CSV file"), description=IMPORT_HELP,
                json=_('print {"created", "updated", "rejected": [{"line", "reason"}]}'),
                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_command(contacts_sub, "search", cmd_contacts_search,
                arg("query", metavar="QUERY", help=_('e.g. "светлана", "СВЕТ", an email or a phone')),
                arg("--limit", type=int, default=50, help=_("at most this many (default 50)")),
                help=_("find contacts by id, email, phone or name (any case, any script)"),
                json=_('print [{"id", "name", "email", "phone", "telegram_chat_id"}]'))
    add_command(contacts_sub, "show", cmd_contacts_show, contact_id,
                help=_("one contact: fields, tags, channels, flows, recent steps"), json=_("print one JSON document"))
    push_cmds.register_contacts(contacts_sub)

    from runtime.cli.report_cmds import register_contacts

    register_contacts(contacts_sub)  # contacts export

    add_command(subparsers, "event", cmd_event, contact_id,
                arg("name", metavar="NAME", help=_("event name: purchase, cart_add, page_view, ...")),
                arg("--props", metavar="JSON", help=_('event properties as a JSON object: \'{"total": 1990}\'')),
                arg("--at", metavar="ISO8601", help=_("when it happened (default: the project's now)")),
                arg("--create-contact", action="store_true",
                    help=_("create an unknown contact from the event's props (email, phone, first_name, ... "
                           "normalised as on import; tags; the rest as attributes)")),
                help=_("record an event for a contact"),
                description=_("Record that a contact did something. Without --at the event is stamped with the "
                "project's clock (its virtual now when it runs on a virtual clock). A later --at is kept and acted "
                "on when the clock reaches it. Times without an offset are UTC."),
                json=_("print the recorded event as JSON"))

    events = subparsers.add_parser("events", help=_("import events"))
    events_sub = events.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    add_command(events_sub, "import", cmd_events_import, arg("file", metavar="FILE.jsonl"),
                arg("--create-contacts", action="store_true",
                    help=_("create unknown contacts from each line's props (as event --create-contact)")),
                help=_("import events from a JSONL file"),
                description=_('One JSON object per line: {"contact": ID, "name": NAME, "props": {...}, "at": ISO8601} '
                "(props and at optional; at defaults to the project's now). Bad lines are reported by number and "
                "skipped; the rest are imported in one transaction. Exit code 0/1/2 as for contacts import."),
                json=_('print {"imported", "created_contacts", "rejected": [{"line", "reason"}]}'))
