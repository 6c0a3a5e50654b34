"""``flowcanvas tags list|create|rename|merge|delete|add|remove``: the tag editor on the command line.

Every command goes through :class:`runtime.service.ProjectService`, so a change is one
transaction with one tag history row per contact changed (by ``cli``, with ``--reason``).
``add`` and ``remove`` take contact ids, ``--csv FILE`` (an ``id`` column, else the first) or
``--where`` a condition in the flow condition syntax, e.g. ``'{"tag": "lead"}'`` or
``'{"field": "city", "op": "=", "value": "Москва"}'``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from runtime.cli.common import print_json
from runtime.service import InputError, ProjectService

ACTOR = "cli"


def _open(args: argparse.Namespace) -> ProjectService:
    return ProjectService.open(args.project)


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as service:
        tags = service.list_tags()
    if args.json:
        print_json(tags)
    else:
        for tag in tags:
            extra = "  ".join(part for part in (tag["color"] or "", tag["description"] or "") if part)
            print(f"{tag['name']}\t{tag['contacts']}" + (f"\t{extra}" if extra else ""))
        if not tags:
            print("no tags")
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    with _open(args) as service:
        service.create_tag(args.tag, args.color, args.description)
    return _done(args, {"tag": args.tag, "created": True}, f"created tag {args.tag!r}")


def cmd_rename(args: argparse.Namespace) -> int:
    with _open(args) as service:
        count = service.rename_tag(args.old, args.new, args.reason or "", ACTOR)
    return _done(args, {"tag": args.new, "from": args.old, "contacts": count},
                 f"renamed {args.old!r} to {args.new!r} on {count} contacts")


def cmd_merge(args: argparse.Namespace) -> int:
    with _open(args) as service:
        result = service.merge_tags(args.source, args.target, args.reason or "", ACTOR)
    return _done(args, {"tag": args.target, "from": args.source, **result},
                 f"merged {args.source!r} into {args.target!r}: {result['moved']} contacts gained it, "
                 f"{result['already']} had both; {args.target!r} is on {result['contacts']} contacts")


def cmd_delete(args: argparse.Namespace) -> int:
    with _open(args) as service:
        impact = service.tag_impact(args.tag)
        if (impact["contacts"] or impact["flows"]) and not args.yes:
            flows = f" and used by flows {', '.join(impact['flows'])}" if impact["flows"] else ""
            raise InputError(f"tag {impact['tag']!r} is on {impact['contacts']} contacts{flows}; deleting takes it "
                             "off all of them (their history keeps it): add --yes to delete")
        count = service.delete_tag(args.tag, args.reason or "", ACTOR)
    return _done(args, {"tag": args.tag, "deleted": True, "contacts": count, "flows": impact["flows"]},
                 f"deleted tag {args.tag!r} from {count} contacts")


def _selection(args: argparse.Namespace) -> dict[str, Any]:
    given = [bool(args.contacts), args.where is not None, args.csv is not None]
    if sum(given) != 1:
        raise InputError("name the contacts one way: CONTACT_ID ..., --csv FILE or --where CONDITION")
    if args.contacts:
        return {"ids": args.contacts}
    if args.csv is not None:
        return {"csv": args.csv}
    try:
        cond = json.loads(args.where)
    except json.JSONDecodeError as exc:
        raise InputError(f"--where is not JSON: {exc.msg} at column {exc.colno}") from None
    return {"where": cond}


def cmd_bulk(args: argparse.Namespace) -> int:
    with _open(args) as service:
        result = service.tag_contacts(args.tags_command, args.tag, _selection(args), args.reason or "", ACTOR)
    verb = "added" if args.tags_command == "add" else "removed"
    return _done(args, {"tag": args.tag, "action": args.tags_command, **result},
                 f"{verb} {args.tag!r}: {result['changed']} of {result['selected']} selected contacts changed")


def _done(args: argparse.Namespace, data: dict[str, Any], text: str) -> int:
    if args.json:
        print_json(data)
    else:
        print(text)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``tags`` to the CLI."""
    tags = subparsers.add_parser("tags", help="list, rename, merge, delete tags; tag many contacts at once",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = tags.add_subparsers(dest="tags_command", metavar="ACTION", required=True)

    def command(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("project", metavar="PROJECT")
        parser.set_defaults(func=func)
        return parser

    def finish(parser: argparse.ArgumentParser, reason: bool = True) -> None:
        if reason:
            parser.add_argument("--reason", help="why (kept in every changed contact's tag history)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    finish(command("list", "every tag with its contact count, colour and description", cmd_list), reason=False)
    p = command("create", "a new tag (no contacts yet)", cmd_create)
    p.add_argument("tag", metavar="TAG")
    p.add_argument("--color", help="#RRGGBB")
    p.add_argument("--description")
    finish(p, reason=False)
    p = command("rename", "rename a tag on everyone who has it", cmd_rename)
    p.add_argument("old", metavar="TAG")
    p.add_argument("new", metavar="NEW_NAME")
    finish(p)
    p = command("merge", "merge tag SOURCE into TARGET (SOURCE disappears)", cmd_merge)
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("target", metavar="TARGET")
    finish(p)
    p = command("delete", "take a tag off everyone and delete it", cmd_delete)
    p.add_argument("tag", metavar="TAG")
    p.add_argument("--yes", action="store_true", help="delete even though contacts have it or flows use it")
    finish(p)
    for name, help_text in (("add", "give contacts a tag"), ("remove", "take a tag off contacts")):
        p = command(name, help_text, cmd_bulk)
        p.add_argument("tag", metavar="TAG")
        p.add_argument("contacts", metavar="CONTACT_ID", nargs="*", help="external ids of the contacts")
        p.add_argument("--where", metavar="CONDITION", help='a condition as JSON, e.g. \'{"tag": "lead"}\'')
        p.add_argument("--csv", metavar="FILE", help="a CSV file of contact ids (an id column, else the first)")
        finish(p)
