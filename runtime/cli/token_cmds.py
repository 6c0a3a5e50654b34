"""``flowcanvas token create|list|revoke|hmac PROJECT``: API tokens of the inbound HTTP API.

```
flowcanvas token create PROJECT [--name N] [--json]   prints a new token once ({"token": ...})
flowcanvas token list PROJECT [--json]                names, prefixes, created/last used, revoked
flowcanvas token revoke PROJECT TOKEN [--json]        by id, name or the token's first characters
flowcanvas token hmac PROJECT [--off] [--json]        require signed requests: prints the secret once
```
Tokens are stored as SHA-256 digests: a lost token cannot be shown again, only revoked.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runtime.cli.common import add_command, arg, opened_service, print_json
from runtime.service import gettext as _


def register(subparsers: Any) -> None:
    """Add the ``token`` command group."""
    parser = subparsers.add_parser("token", help=_("API tokens of the inbound HTTP API"),
                                   description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    add_command(sub, "create", cmd_create, arg("--name", default="api", help=_("what the token is for (shown in lists)")),
                help=_("create a token and print it once"), json=True)
    add_command(sub, "list", cmd_list, help=_("list tokens (never the tokens themselves)"), json=True)
    add_command(sub, "revoke", cmd_revoke, arg("token", metavar="TOKEN", help=_("its id, name, or first characters")),
                help=_("revoke a token"), json=True)
    add_command(sub, "hmac", cmd_hmac, arg("--off", action="store_true",
                                           help=_("stop requiring signatures and forget the secret")),
                help=_("require HMAC-signed request bodies (prints the secret once)"), json=True)


def cmd_create(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        created = service.create_api_token(args.name)
    if args.json:
        print_json(created)
    else:
        print(created["token"])
        print(_("token {v0!r} (id {v1}) created; it is shown only now").format(v0=created['name'], v1=created['id']),
                file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        tokens = service.api_tokens()
    if args.json:
        print_json(tokens)
        return 0
    for info in tokens:
        state = "revoked" if info["revoked"] else "active"
        print(_("{v0:>4}  {v1}...  {v2:<20} {state:<8} created {v3}  last used {v4}").format(v0=info['id'], v1=info['prefix'],
                v2=info['name'], state=state, v3=info['created_at'], v4=info['last_used_at'] or 'never'))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        info = service.revoke_api_token(args.token)
    if args.json:
        print_json(info)
    else:
        print(f"token {info['name']!r} (id {info['id']}) revoked")
    return 0


def cmd_hmac(args: argparse.Namespace) -> int:
    with opened_service(args.project) as service:
        secret = service.set_inbound_hmac(not args.off)
    if args.json:
        print_json({"hmac_secret": secret, "required": secret is not None})
    elif secret:
        print(secret)
        print(_("signed requests are now required (X-FlowCanvas-Signature); the secret is shown only now"), file=sys.stderr)
    else:
        print(_("signed requests are no longer required"), file=sys.stderr)
    return 0
