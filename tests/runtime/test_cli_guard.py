"""Every CLI failure is one line naming the place and what to do, exit 2; ``--debug`` shows the traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from runtime.cli.main import main
from tests.runtime.cli_helpers import digest, project_with_contacts, run


@pytest.fixture
def proj(tmp_path: Path, capsys) -> Path:
    path = project_with_contacts(tmp_path, capsys, "id,email\nann,ann@example.com\n")
    assert run(capsys, "flow", "preset", path, "welcome")[0] == 0
    return path


@contextmanager
def write_locked(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the project's write lock (BEGIN IMMEDIATE) while inside."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.communicate("done\n", timeout=30)


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_read_only_project_says_so_and_changes_nothing(proj: Path, capsys) -> None:
    before = digest(proj)
    os.chmod(proj, 0o444)
    try:
        code, _, err = run(capsys, "event", proj, "ann", "signup")
    finally:
        os.chmod(proj, 0o644)
    assert code == 2
    assert one_line(err) == (f"flowcanvas: error: {proj}: the project file is read-only; make it writable "
                             f"(chmod u+w '{proj}') or work on a copy of it")
    assert digest(proj) == before


def test_a_locked_project_names_the_process_holding_it(proj: Path, capsys, monkeypatch) -> None:
    import runtime.storage.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    with write_locked(proj) as holder:
        code, _, err = run(capsys, "event", proj, "ann", "signup")
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"flowcanvas: error: {proj}: the project is busy (held by pid {holder.pid} (")
    assert "BEGIN IMMEDIATE" in line and line.endswith("wait until that command finishes (or stop it) and run this one again")


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(proj: Path, capsys, monkeypatch) -> None:
    from runtime.service import ProjectService

    def boom(self, include_archived: bool = True):  # noqa: ANN001, ANN202
        raise ValueError("something nobody expected")

    monkeypatch.setattr(ProjectService, "list_flows", boom)
    code, _, err = run(capsys, "flow", "list", proj)
    assert code == 2
    assert one_line(err) == (f"flowcanvas: error: {proj}: unexpected error in `flowcanvas flow` (ValueError: something "
                             "nobody expected); run again with --debug to see the traceback and report it")
    with pytest.raises(ValueError, match="nobody expected"):
        main(["--debug", "flow", "list", str(proj)])


@pytest.mark.parametrize(("setting", "message"), [
    ("concurrency=0", "policy setting concurrency must be a whole number >= 1 and <= 1000, got '0'"),
    ("give_up_after_hours=-1", "policy setting give_up_after_hours must be a number > 0 and <= 8760, got '-1'"),
    ("backoff_base_seconds=nan", "must be a number > 0 and <= 86400, got 'nan'"),
    ("batch=2.5", "policy setting batch must be a whole number >= 1 and <= 10000, got '2.5'"),
    ("cap.per_day=100000", "frequency cap all.per_day must be a whole number from 0 to 10000"),
])
def test_policy_settings_are_checked_against_their_ranges(proj: Path, capsys, setting: str, message: str) -> None:
    before = digest(proj)
    code, _, err = run(capsys, "channel", "policy", proj, setting)
    assert code == 2 and message in one_line(err)
    assert digest(proj) == before


def test_channel_numbers_are_checked_against_their_ranges(proj: Path, capsys) -> None:
    code, _, err = run(capsys, "channel", "set", proj, "email", "host=smtp.example.com", "port=0")
    assert code == 2 and "channel email: port must be a whole number >= 1 and <= 65535, got '0'" in one_line(err)
    code, _, err = run(capsys, "channel", "set", proj, "email", "rate_per_second=inf")
    assert code == 2 and "rate_per_second must be a number > 0 and <= 10000, got 'inf'" in one_line(err)


def test_a_zero_concurrency_stored_before_the_check_falls_back_to_the_default(proj: Path) -> None:
    from runtime.channels import settings as cs
    from runtime.storage.db import open_project
    from runtime.storage.settings import set_setting

    project = open_project(proj)
    try:
        with project.write() as session:
            set_setting(session, "dispatch", {"concurrency": 0, "give_up_after_hours": -1})
        with project.session() as session:
            tuning = cs.dispatch_settings(session)
    finally:
        project.close()
    assert tuning["concurrency"] == cs.DEFAULT_DISPATCH["concurrency"]
    assert tuning["give_up_after_hours"] == cs.DEFAULT_DISPATCH["give_up_after_hours"]


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "{p}", "--for", "-5"], "argument --for: '-5' is out of range: must be > 0"),
    (["run", "{p}", "--for", "nan"], "argument --for: 'nan' is out of range"),
    (["simulate", "{p}", "Welcome", "--contact", "ann", "--days", "100000000"],
     "argument --days: 100000000 is out of range: must be from 1 to 3650"),
    (["rehearse", "{p}", "Welcome", "--days", "0"], "argument --days: 0 is out of range"),
    (["run", "{p}", "--clock", "virtual", "--until", "9999-12-31"], "--until: 9999-12-31 is beyond the year 9000"),
    (["run", "{p}", "--clock", "virtual", "--until", "0001-01-01T00:00:00+14:00"], "out of range (years 1900 to 9000)"),
    (["stats", "{p}", "9" * 25], f"no flow named '{'9' * 25}'"),
])
def test_out_of_range_arguments_are_refused(proj: Path, capsys, argv: list[str], message: str) -> None:
    before = digest(proj)
    with pytest.raises(SystemExit) as exited:
        code = main([a.format(p=proj) for a in argv])
        raise SystemExit(code)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and message in err and "Traceback" not in err
    assert digest(proj) == before


def test_a_far_virtual_clock_jump_needs_yes(proj: Path, capsys) -> None:
    assert run(capsys, "run", proj, "--clock", "virtual", "--once")[0] == 0
    before = digest(proj)
    code, _, err = run(capsys, "run", proj, "--clock", "virtual", "--until", "2100-01-01T00:00:00Z")
    assert code == 2
    line = one_line(err)
    assert "this moves the project's virtual clock" in line and "to 2100-01-01, and it never moves back" in line
    assert "run again with --yes to confirm" in line
    assert digest(proj) == before
    code, out, err = run(capsys, "run", proj, "--clock", "virtual", "--until", "2100-01-01T00:00:00Z", "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["now"].startswith("2100-01-01")


def test_a_locked_project_names_the_runner_holding_its_lease(proj: Path, capsys, monkeypatch) -> None:
    """A project a runner (`flowcanvas run`, the designer) is advancing says who runs it, from the lease."""
    import runtime.storage.db as db
    from runtime.engine.lease import CLI_RUN, acquire_lease
    from runtime.storage.db import open_project

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    project = open_project(proj)
    try:
        with acquire_lease(project, CLI_RUN):
            with write_locked(proj):
                code, _, err = run(capsys, "event", proj, "ann", "signup")
    finally:
        project.close()
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"flowcanvas: error: {proj}: the project is busy (running in `flowcanvas run` on host ")
    assert f"(pid {os.getpid()}) since " in line
