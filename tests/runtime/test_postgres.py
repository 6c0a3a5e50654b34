"""The same project code on PostgreSQL (a real temporary server from the ``pg_server`` fixture)."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from runtime.cli.main import main
from runtime.errors import ProjectError
from runtime.service import ProjectService
from runtime.storage.db import head_revision, open_project, schema_version
from runtime.storage.settings import get_setting
from runtime.storage.models import Base

pytestmark = pytest.mark.postgres


def test_migrations_build_the_model_schema_on_postgres(pg_fresh_url: str) -> None:
    project = open_project(pg_fresh_url, create=True)
    try:
        assert project.dialect == "postgresql"
        assert schema_version(project) == head_revision()
        with project.session() as s:
            assert get_setting(s, "schema_version") == head_revision()
        with project.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            indexdef = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_executions_active'")
            ).scalar()
        assert "UNIQUE" in indexdef and "WHERE" in indexdef and "'active'" in indexdef
    finally:
        project.close()


def test_service_operations_on_postgres(pg_url: str, write_flow_file, flow_doc, tmp_path) -> None:
    with ProjectService.create(pg_url) as svc:
        flow_id = svc.import_flow_file(write_flow_file(flow_doc("Welcome")))
        assert svc.publish(flow_id) == 1
        svc.create_flow(svc.get_flow(flow_id).draft.__class__(name="Empty"))
    with ProjectService.open(pg_url) as svc:
        flows = svc.list_flows()
        assert [(f.name, f.status, f.version) for f in flows] == [("Empty", "draft", None), ("Welcome", "draft", 1)]
        out = tmp_path / "out.json"
        svc.export_flow("Welcome", out)
        assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Welcome"
    with pytest.raises(ProjectError, match="already holds a FlowCanvas project"):
        ProjectService.create(pg_url)


def test_cli_on_postgres(pg_fresh_url: str, write_flow_file, flow_doc, capsys) -> None:
    assert main(["init", pg_fresh_url]) == 0
    assert main(["flow", "import", pg_fresh_url, str(write_flow_file(flow_doc("Welcome")))]) == 0
    capsys.readouterr()
    assert main(["flow", "list", pg_fresh_url, "--json"]) == 0
    flows = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in flows] == ["Welcome"]


def test_active_execution_unique_on_postgres(pg_fresh_url: str) -> None:
    from datetime import datetime

    from runtime.clock import UTC
    from runtime.storage.models import Contact, Execution, FlowRow, FlowVersion

    project = open_project(pg_fresh_url, create=True)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        with project.write() as s:
            contact = Contact(external_id="c1", created_at=now, updated_at=now)
            flow = FlowRow(name="F", draft="{}", created_at=now, updated_at=now)
            s.add_all([contact, flow])
            s.flush()
            version = FlowVersion(flow_id=flow.id, version=1, definition="{}", published_at=now)
            s.add(version)
            s.flush()
            ids = dict(flow_id=flow.id, version_id=version.id, contact_id=contact.id, entered_at=now)
            s.add_all([Execution(status="completed", **ids), Execution(status="completed", **ids),
                       Execution(status="active", **ids)])
        with pytest.raises(IntegrityError):
            with project.write() as s:
                s.add(Execution(status="active", **ids))
        with project.session() as s:
            assert s.get(Execution, 1).entered_at == now  # aware UTC back from the server
    finally:
        project.close()


def test_postgres_refusals(pg_server, pg_fresh_url: str) -> None:
    with pytest.raises(ProjectError, match="not a FlowCanvas project"):
        open_project(pg_fresh_url)
    project = open_project(pg_fresh_url, create=True)
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    project.close()
    with pytest.raises(ProjectError, match="created by a newer FlowCanvas"):
        open_project(pg_fresh_url)
    with pytest.raises(ProjectError, match="cannot connect"):
        open_project(pg_server.url("no_such_database"))
