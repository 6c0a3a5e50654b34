"""The ``flowcanvas`` command line: one argparse tree, one module per command group.

Each command module exposes ``register(subparsers)`` and sets ``func`` on its parsers; a
command returns an exit code or None. A :class:`FlowCanvasError` becomes a message on stderr
and a non-zero exit; any other exception becomes one line too (see ``runtime.cli.failures``),
exit 2, and ``--debug`` shows its traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from runtime.service import FlowCanvasError
from runtime.service.failures import describe_failure, one_line

# Command groups, in the order `flowcanvas --help` lists them.
COMMAND_MODULES = (
    "runtime.cli.project_cmds",
    "runtime.cli.contacts_cmds",
    "runtime.cli.flow_cmds",
    "runtime.cli.run_cmds",
    "runtime.cli.trial_cmds",
    "runtime.cli.channel_cmds",
    "runtime.cli.report_cmds",
    "runtime.cli.tags_cmds",
    "runtime.cli.serve_cmds",
    "runtime.cli.token_cmds",
    "runtime.cli.vk_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="flowcanvas",
        description="Design and run automated multichannel flows. Without a command, opens the designer.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        result = args.func(args)
    except FlowCanvasError as exc:
        print(f"flowcanvas: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`flowcanvas ... | head`): not our error. Point stdout at devnull
        # so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the one guard: users see a line, not a traceback
        if args.debug:
            raise
        print(f"flowcanvas: error: {one_line(describe_failure(exc, args))}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
