"""FlowCanvas entry point: no arguments opens the designer; ``main.py <command>`` is the CLI;
``main.py --smoke`` checks an installed copy offscreen (:mod:`designer.smoke`)."""

from __future__ import annotations

import sys


def run() -> int:
    """Dispatch to the designer or the CLI."""
    args = sys.argv[1:]
    if args and args[0] == "--smoke":
        from designer.smoke import main as smoke_main

        return smoke_main(args)
    if not args or args[0] in ("--project", "-p") or args[0].endswith((".fcproj", ".db")):
        from designer.app import main as designer_main

        return designer_main(args)
    from runtime.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(run())
