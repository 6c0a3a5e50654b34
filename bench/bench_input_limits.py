"""What the input limits cost: bounded template renders and RFC 8259 parsing, against the unbounded ones.

Prints one JSON document: per-call medians (microseconds) of each pair, measured in the same run,
and their ratio. The templates are those a marketer writes (filters, a loop over cart items); the
JSON line is one line of an events file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from runtime import strict_json
from runtime.templates import render_template

TEMPLATES = {
    "filters": 'Hi {{ contact.first_name|title }}, {{ event.basket|length }} items, total {{ "%.2f"|format(event.total) }}',
    "loop": ('Hi {{ contact.first_name|title }}: {% for i in event.basket %}{{ i.name }} x{{ i.qty }}'
             '{% if not loop.last %}, {% endif %}{% endfor %}. Total {{ "%.2f"|format(event.total) }}'),
}
CONTEXT = {"contact": {"first_name": "ann"},
           "event": {"basket": [{"name": "shoes", "qty": 1}, {"name": "socks", "qty": 3}], "total": 42.5}}
EVENT_LINE = json.dumps({"contact": "c00042", "name": "purchase",
                         "props": {"sku": "A1", "total": 12.5, "items": [1, 2, 3]}, "at": "2026-11-02T10:00:00Z"})


def per_call_us(func: Callable[[], Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        func()
    return (time.perf_counter() - start) / calls * 1e6


def pair(plain: Callable[[], Any], bounded: Callable[[], Any], calls: int, repeat: int) -> dict[str, float]:
    rounds = []
    for _ in range(repeat):
        a, b = per_call_us(plain, calls), per_call_us(bounded, calls)
        rounds.append((a, b, b / a))
    return {"plain_us": round(statistics.median(r[0] for r in rounds), 2),
            "bounded_us": round(statistics.median(r[1] for r in rounds), 2),
            "ratio": round(statistics.median(r[2] for r in rounds), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = SandboxedEnvironment(undefined=jinja2.ChainableUndefined)
    out: dict[str, Any] = {"calls": args.calls, "repeat": args.repeat}
    for name, text in TEMPLATES.items():
        template = env.from_string(text)
        assert template.render(CONTEXT) == render_template(text, CONTEXT)
        out[f"render_{name}"] = pair(lambda t=template: t.render(CONTEXT),
                                     lambda t=text: render_template(t, CONTEXT), args.calls, args.repeat)
    out["events_jsonl_line"] = pair(lambda: json.loads(EVENT_LINE), lambda: strict_json.loads(EVENT_LINE),
                                    args.calls * 5, args.repeat)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
