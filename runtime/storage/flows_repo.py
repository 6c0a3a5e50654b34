"""Flows in a project database: drafts, immutable published versions, names and status.

A flow row keeps its editable draft as canonical flow-file text (``runtime.flow.io.dumps_flow``),
so what is stored, exported and diffed is the same bytes. Publishing validates the draft and
adds version N+1; a published version is never updated, so executions that started on it keep
running the definition they started with.

Functions take an open session and never commit: the caller owns the transaction
(``Project.write()``), which keeps each user action one transaction.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from runtime.clock import Clock
from runtime.errors import FlowValidationError, InputError, NotFoundError
from runtime.flow.model import Flow
from runtime.flow.states import FlowStatus
from runtime.storage.models import FlowRow, FlowVersion

STATUSES = tuple(FlowStatus)
MAX_NAME = 200


def _label(session: Session) -> str:
    """The project's path or URL (``Project.session()`` puts it in ``session.info``)."""
    return str(session.info.get("project", "the project"))


# ---------------------------------------------------------------------------------------------
# Reading


def get_flow_row(session: Session, flow_ref: int | str) -> FlowRow:
    """The flow with id or name ``flow_ref``.

    A string is looked up as a name first (exact, then ignoring case when that is unambiguous),
    then as an id when it is all digits. Raises :class:`NotFoundError` naming the project.
    """
    if isinstance(flow_ref, int):
        row = session.get(FlowRow, flow_ref) if -(2**63) <= flow_ref < 2**63 else None
        if row is None:
            raise NotFoundError(f"no flow with id {flow_ref} in {_label(session)}")
        return row
    ref = str(flow_ref)
    row = session.scalars(select(FlowRow).where(FlowRow.name == ref)).first()
    if row is not None:
        return row
    folded = session.scalars(select(FlowRow).where(func.lower(FlowRow.name) == ref.lower())).all()
    if len(folded) == 1:
        return folded[0]
    if ref.isdigit() and len(ref) < 19:  # a longer number is no id (ids fit 64 bits)
        row = session.get(FlowRow, int(ref))
        if row is not None:
            return row
    raise NotFoundError(f"no flow named {ref!r} in {_label(session)}")


def list_flows(session: Session, include_archived: bool = True) -> list[FlowRow]:
    """Every flow, by name (case-insensitive)."""
    query = select(FlowRow).order_by(func.lower(FlowRow.name), FlowRow.id)
    if not include_archived:
        query = query.where(FlowRow.status != FlowStatus.ARCHIVED)
    return list(session.scalars(query))


def draft_flow(row: FlowRow) -> Flow:
    """The draft definition of a flow row."""
    from runtime.flow.io import loads_flow

    return loads_flow(row.draft, source=f"flow {row.name!r}")


def latest_version(session: Session, flow_id: int) -> FlowVersion | None:
    """The most recently published version of a flow, or None."""
    return session.scalars(
        select(FlowVersion).where(FlowVersion.flow_id == flow_id).order_by(FlowVersion.version.desc()).limit(1)
    ).first()


def current_version(session: Session, row: FlowRow) -> FlowVersion | None:
    """The version new entries use (the one last published), or None."""
    if row.current_version_id is None:
        return None
    return session.get(FlowVersion, row.current_version_id)


def load_version(session: Session, version_id: int) -> Flow:
    """The definition of a published version (NotFoundError when there is none)."""
    from runtime.flow.io import loads_flow

    version = session.get(FlowVersion, version_id)
    if version is None:
        raise NotFoundError(f"no flow version with id {version_id} in {_label(session)}")
    return loads_flow(version.definition, source=f"flow {version.flow_id} version {version.version}")


# ---------------------------------------------------------------------------------------------
# Names


def _check_name(session: Session, name: str, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("a flow needs a name")
    if len(name) > MAX_NAME:
        raise InputError(f"flow name {name[:40]!r}... is longer than {MAX_NAME} characters")
    query = select(FlowRow.id).where(FlowRow.name == name)
    if exclude_id is not None:
        query = query.where(FlowRow.id != exclude_id)
    existing = session.scalars(query).first()
    if existing is not None:
        raise InputError(f"a flow named {name!r} already exists in {_label(session)} (id {existing})")
    return name


def unique_name(session: Session, name: str, suffix: str = "") -> str:
    """``name`` if no flow uses it, else ``"name (2)"``, ``"name (3)"``, ... (or with ``suffix``).

    With ``suffix="copy"`` the candidates are ``"name (copy)"``, ``"name (copy 2)"``, ...
    """
    name = (name or "").strip() or "Untitled flow"
    taken = set(session.scalars(select(FlowRow.name)))
    if suffix:
        candidate, n = f"{name} ({suffix})", 2
        while candidate in taken:
            candidate, n = f"{name} ({suffix} {n})", n + 1
        return candidate
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


# ---------------------------------------------------------------------------------------------
# Writing drafts


def create_flow(session: Session, flow: Flow, clock: Clock) -> FlowRow:
    """Store ``flow`` as a new draft flow (InputError when its name is empty or taken)."""
    from runtime.flow.io import dumps_flow

    name = _check_name(session, flow.name)
    flow = flow.copy()
    flow.name = name
    now = clock.now()
    row = FlowRow(
        name=name,
        status=FlowStatus.DRAFT,
        entry_enabled=True,
        draft=dumps_flow(flow),
        current_version_id=None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def save_draft(session: Session, row: FlowRow, flow: Flow, clock: Clock) -> None:
    """Replace a flow's draft; a different ``flow.name`` renames the flow (name must be free)."""
    from runtime.flow.io import dumps_flow

    name = _check_name(session, flow.name, exclude_id=row.id)
    flow = flow.copy()
    flow.name = name
    row.name = name
    row.draft = dumps_flow(flow)
    row.updated_at = clock.now()
    session.flush()


def rename_flow(session: Session, row: FlowRow, new_name: str, clock: Clock) -> None:
    """Rename a flow; the name inside its draft follows."""
    flow = draft_flow(row)
    flow.name = new_name
    save_draft(session, row, flow, clock)


def duplicate_flow(session: Session, row: FlowRow, clock: Clock, new_name: str | None = None) -> FlowRow:
    """A new draft flow with a copy of ``row``'s draft (named "X (copy)" unless given a name)."""
    flow = draft_flow(row)
    flow.name = new_name if new_name else unique_name(session, row.name, suffix="copy")
    return create_flow(session, flow, clock)


# ---------------------------------------------------------------------------------------------
# Validation and publishing


def check_flow(flow: Flow, where: str) -> object:
    """Validate ``flow``; raise :class:`FlowValidationError` listing every error with its step id.

    Returns the :class:`ValidationReport` (warnings only) when there are no errors.
    """
    from runtime.flow.validate import validate_flow

    report = validate_flow(flow)
    if report.errors:
        raise FlowValidationError(format_problems(where, report.errors), report.errors)
    return report


def format_problems(where: str, problems: Sequence[object]) -> str:
    """``where: N errors`` followed by one line per problem, naming its step."""
    count = len(problems)
    lines = [f"{where}: {count} error{'s' if count != 1 else ''}"]
    for problem in problems:
        text = str(getattr(problem, "text", None) or getattr(problem, "message", problem))
        lines.append(f"  - {problem_text(text, getattr(problem, 'step_id', None))}")
    return "\n".join(lines)


def problem_text(message: str, step_id: str | None) -> str:
    """``message``, prefixed with ``step 'id':`` unless it already names the step by its id."""
    if step_id and f"{step_id!r}" not in message:
        return f"step {step_id!r}: {message}"
    return message


def draft_changed(session: Session, row: FlowRow) -> bool:
    """True when the flow has no published version or its draft differs from the current one."""
    if row.current_version_id is None:
        return True
    current = session.execute(
        select(FlowVersion.definition).where(FlowVersion.id == row.current_version_id)
    ).scalar_one_or_none()
    return current != row.draft


def publish(session: Session, row: FlowRow, clock: Clock) -> FlowVersion:
    """Validate the draft and store it as version N+1, which becomes the current version.

    Raises :class:`FlowValidationError` (nothing written) when the draft has errors, and
    InputError when the draft is the live version unchanged (no empty versions).
    """
    if not draft_changed(session, row):
        live = session.get(FlowVersion, row.current_version_id)
        raise InputError(f"flow {row.name!r}: nothing to publish: the draft is the same as the live version "
                         f"v{live.version if live else '?'}")
    flow = draft_flow(row)
    check_flow(flow, f"flow {row.name!r}")
    latest = latest_version(session, row.id)
    version = FlowVersion(
        flow_id=row.id,
        version=(latest.version + 1) if latest else 1,
        definition=row.draft,
        published_at=clock.now(),
    )
    session.add(version)
    session.flush()
    row.current_version_id = version.id
    session.flush()
    return version


def set_status(session: Session, row: FlowRow, status: str, clock: Clock) -> None:
    """Set a flow's status (the engine's lifecycle functions decide which moves are allowed)."""
    if status not in STATUSES:
        raise InputError(f"unknown flow status {status!r} (expected one of {', '.join(STATUSES)})")
    row.status = status
    row.updated_at = clock.now()
    if status == FlowStatus.ACTIVE and row.activated_at is None:
        row.activated_at = clock.now()
    session.flush()


def set_entry_enabled(session: Session, row: FlowRow, enabled: bool, clock: Clock) -> None:
    """Open or close a flow's entry (contacts already in it carry on)."""
    row.entry_enabled = bool(enabled)
    row.updated_at = clock.now()
    session.flush()


# ---------------------------------------------------------------------------------------------
# Flow files


def read_flow_file(path: str | Path) -> Flow:
    """Read a flow file (InputError naming the file when it is missing, unreadable or malformed)."""
    from runtime.flow.io import load_flow

    return load_flow(path)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and rename (never half-written)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # mkstemp makes the file private; an exported flow is meant to be shared.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_exportable(text: str, name: str) -> None:
    """Refuse to export a draft that is not RFC 8259 JSON (NaN stored before input was checked)."""
    import json

    from runtime import strict_json

    try:
        strict_json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"flow {name!r} cannot be exported: {exc.msg}; fix that value in the designer") from None
