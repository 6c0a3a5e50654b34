"""Fuzzing the CLI with hostile flow files, CSV rows, JSONL events and arguments.

Every run must end with exit code 0 or 2 (1 only for an import that kept its good rows and named
the bad ones), never a traceback; a failure is a message that names the place (the file, the
project, the option or the setting); and a command that fails leaves the project file exactly as
it was (hashed before and after).

The number of examples is bounded so the suite stays quick; set ``FLOWCANVAS_FUZZ_EXAMPLES`` to
run more (e.g. 2000 overnight).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.cli.main import main

EXAMPLES = int(os.environ.get("FLOWCANVAS_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FLOWCANVAS_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with two contacts and the welcome preset (a draft), copied for every example."""
    base = tmp_path_factory.mktemp("fuzz")
    path = base / "template.fcproj"
    csv = base / "c.csv"
    csv.write_text("id,email,first_name\nann,ann@example.com,Ann\nbob,bob@example.com,Bob\n", encoding="utf-8")
    for argv in (["init", path], ["contacts", "import", path, csv], ["flow", "preset", path, "welcome"]):
        assert cli([str(a) for a in argv])[0] == 0
    return path


@contextlib.contextmanager
def workdir(template: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p.fcproj"
        shutil.copyfile(template, project)
        yield project


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refuses an argument
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(project: Path, argv: list[str], places: list[str], partial_ok: bool = False) -> int:
    """Run ``argv``; assert the contract and return the exit code."""
    before = digest(project)
    code, _out, err = cli(argv)
    assert "Traceback" not in err, err
    allowed = {0, 2} | ({1} if partial_ok else set())
    assert code in allowed, (argv, code, err)
    if code == 2:
        assert err.strip(), argv
        lines = err.strip().splitlines()
        message = next((line for line in lines if "error:" in line), lines[0])  # argparse prints usage first
        assert any(place in message for place in places), (message, places)
        assert digest(project) == before, f"{argv} failed but changed the project"
    if code == 1:
        assert any(place in err for place in places), err
    return code


# ---------------------------------------------------------------------------------------------
# hostile values

HOSTILE_TEXT = st.sampled_from([
    "", " ", "\n", "a\u202eb", "\u200b", "x" * 5000, "{{ 9**(9**9) }}", '{{ ("a"*4*10**9)|length }}',
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ contact.first_name * 1000000 }}", "{% if %}", "P99999999999999D", "PT1H", "-P1D", "P1M",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00Z", "not a date",
    "\x00", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "NaN", "1e308", "Infinity",
]) | st.text(max_size=40)

HOSTILE_NUMBER = st.sampled_from([0, -1, 1e308, -1e308, 2**64, -(2**70), 0.5, 100, 101, 10**12]) | st.integers() | \
    st.floats(allow_nan=False, allow_infinity=False)

LEAF = HOSTILE_TEXT | HOSTILE_NUMBER | st.none() | st.booleans()
HOSTILE_JSON = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=4), max_leaves=12)


def deep(n: int, leaf: str = '{"tag": "vip"}', key: str = "not") -> str:
    return ('{"%s": ' % key) * n + leaf + "}" * n


BASE_FLOW: dict[str, Any] = {
    "format": "flowcanvas/1",
    "name": "Fuzzed",
    "trigger": {"type": "event", "event": "go"},
    "goal": {"event": "purchase", "within": "P7D"},
    "steps": [
        {"id": "wait", "type": "wait", "config": {"duration": "PT1H"}},
        {"id": "email", "type": "send_email", "config": {"subject": "Hi", "body": "Hi {{ contact.first_name }}"}},
        {"id": "split", "type": "ab_split", "config": {"groups": [{"name": "a", "share": 50}, {"name": "b", "share": 50}]}},
        {"id": "check", "type": "condition", "config": {"if": {"field": "total", "op": ">", "value": 3}}},
        {"id": "hook", "type": "webhook", "config": {"url": "https://crm.example.com/in"}},
    ],
    "edges": [{"from": "wait", "to": "email"}, {"from": "email", "to": "split"}, {"from": "split", "port": "a", "to": "check"},
              {"from": "split", "port": "b", "to": "hook"}],
}

# places in the base flow a mutation may replace (a path of keys and indexes)
PATHS = [
    ("name",), ("description",), ("trigger", "event"), ("trigger",), ("goal", "within"),
    ("steps", 0, "config", "duration"), ("steps", 0, "id"), ("steps", 1, "config", "body"),
    ("steps", 1, "config", "subject"), ("steps", 2, "config", "groups", 0, "share"), ("steps", 2, "config", "groups"),
    ("steps", 3, "config", "if"), ("steps", 3, "config", "if", "value"), ("steps", 4, "config", "url"),
    ("steps", 1, "type"), ("edges", 0, "to"), ("edges",), ("format",),
]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    """Replace the value at ``path`` (nothing when an earlier mutation removed the way there)."""
    for key in path[:-1]:
        try:
            doc = doc[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(doc, dict) or (isinstance(doc, list) and isinstance(path[-1], int) and path[-1] < len(doc)):
        doc[path[-1]] = value


@st.composite
def flow_texts(draw: st.DrawFn) -> str:
    doc = json.loads(json.dumps(BASE_FLOW))
    for _ in range(draw(st.integers(1, 3))):
        _set(doc, draw(st.sampled_from(PATHS)), draw(HOSTILE_JSON))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    corruption = draw(st.sampled_from(["none", "nan", "dup", "deep", "truncate", "bom", "infinity"]))
    if corruption == "nan":
        text = text.replace('"share": 50', '"share": NaN', 1)
    elif corruption == "infinity":
        text = text.replace('"value": 3', '"value": -Infinity', 1)
    elif corruption == "dup":
        text = text.replace('"name": ', '"name": "x", "name": ', 1)
    elif corruption == "deep":
        text = text.replace('{"field": "total", "op": ">", "value": 3}', deep(draw(st.integers(50, 3000))), 1)
    elif corruption == "truncate":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif corruption == "bom":
        text = "\ufeff" + text
    return text


@FUZZ
@given(text=flow_texts())
def test_fuzzed_flow_files(template_project: Path, text: str) -> None:
    with workdir(template_project) as project:
        path = project.with_name("flow.json")
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check(project, ["flow", "import", str(project), str(path)], [str(path), str(project)])
        check(project, ["flow", "import", str(project), str(path), "--activate", "--name", "Other"],
              [str(path), str(project), "Other"])


CSV_HEADER = ["id", "email", "phone", "first_name", "timezone", "birthday", "tags", "total_orders"]


@FUZZ
@given(rows=st.lists(st.lists(HOSTILE_TEXT, min_size=len(CSV_HEADER), max_size=len(CSV_HEADER)), min_size=1, max_size=5),
       header=st.sampled_from([CSV_HEADER, CSV_HEADER[:2], ["email", "email"], ["", "id"]]))
def test_fuzzed_csv_rows(template_project: Path, rows: list[list[str]], header: list[str]) -> None:
    import csv

    with workdir(template_project) as project:
        path = project.with_name("contacts.csv")
        with path.open("w", encoding="utf-8", newline="", errors="replace") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row[: len(header)])
        check(project, ["contacts", "import", str(project), str(path)], [str(path), str(project)], partial_ok=True)


@st.composite
def event_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["object", "raw", "deep", "nan", "dup"]))
    if kind == "raw":
        return draw(st.text(max_size=60)).replace("\n", " ")
    if kind == "deep":
        return '{"contact": "ann", "name": "x", "props": %s}' % deep(draw(st.integers(60, 3000)), "1", "a")
    if kind == "nan":
        return '{"contact": "ann", "name": "x", "props": {"total": NaN}}'
    if kind == "dup":
        return '{"contact": "ann", "name": "x", "name": "y"}'
    item = {
        "contact": draw(st.sampled_from(["ann", "bob", "nobody", ""]) | HOSTILE_TEXT),
        "name": draw(st.sampled_from(["purchase", "go"]) | HOSTILE_TEXT),
        "props": draw(st.none() | st.dictionaries(st.text(max_size=6), HOSTILE_JSON, max_size=3) | HOSTILE_JSON),
        "at": draw(st.none() | HOSTILE_TEXT),
    }
    return json.dumps(item)


@FUZZ
@given(lines=st.lists(event_lines(), min_size=1, max_size=6))
def test_fuzzed_jsonl_events(template_project: Path, lines: list[str]) -> None:
    with workdir(template_project) as project:
        path = project.with_name("events.jsonl")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        check(project, ["events", "import", str(project), str(path)], [str(path), str(project)], partial_ok=True)


ARG = st.sampled_from(["-5", "nan", "inf", "0", "1e308", "100000000", "9999-12-31", "0001-01-01T00:00:00+14:00",
                       "2027-01-01T00:00:00Z", "", "Welcome", "ann", "{}", "{\"a\": NaN}", "[1]", "x=1", "3600"]) | \
    st.text(max_size=20).filter(lambda s: not s.startswith("-"))


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(argv with {p} for the project, places a failure message may name)."""
    a, b = draw(ARG), draw(ARG)
    options = [
        (["run", "{p}", "--clock", "virtual", "--for", a], ["--for", "{p}"]),
        (["run", "{p}", "--clock", "virtual", "--until", a], ["--until", "{p}"]),
        (["simulate", "{p}", "Welcome", "--contact", a, "--days", b], ["--days", "--contact", "{p}", a, "Welcome"]),
        (["rehearse", "{p}", a, "--days", b], ["--days", "{p}", a]),
        (["event", "{p}", "ann", "purchase", "--props", a], ["--props", "{p}", "ann"]),
        (["event", "{p}", a, "purchase", "--at", b], ["--at", "{p}", a, "event"]),
        (["channel", "policy", "{p}", f"concurrency={a}"], ["concurrency", "{p}"]),
        (["channel", "policy", "{p}", f"give_up_after_hours={a}"], ["give_up_after_hours", "{p}"]),
        (["channel", "policy", "{p}", f"{a}={b}"], ["channel policy", "{p}", a, "argument"]),
        (["channel", "set", "{p}", "email", f"port={a}"], ["port", "{p}", "email"]),
        (["flow", "activate", "{p}", a], ["{p}", a, "flow"]),
        (["stats", "{p}", a], ["{p}", a, "flow"]),
        (["outbox", "{p}", "--limit", a], ["--limit", "{p}"]),
    ]
    return draw(st.sampled_from(options))


@FUZZ
@given(command=command_lines())
def test_fuzzed_command_arguments(template_project: Path, command: tuple[list[str], list[str]]) -> None:
    argv, places = command
    with workdir(template_project) as project:
        check(project, [a.replace("{p}", str(project)) for a in argv],
              [p.replace("{p}", str(project)) for p in places if p] + ["argument"])
