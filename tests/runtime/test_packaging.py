"""The server-mode examples in packaging/ say what they mean: the systemd unit and the Docker
Compose file run commands this CLI accepts, restart on failure, stop with SIGTERM, keep the
database URL out of the unit, and the compose file has PostgreSQL and two workers sharing it.

``docker compose config`` validates the compose file when the Docker Compose plugin is installed;
this machine has none (and no images can be pulled), so the file is parsed and checked here."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from runtime.cli.main import build_parser

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
URL = "postgresql://flowcanvas:secret@db:5432/flowcanvas"


def _cli_args(command: str) -> list[str]:
    """The flowcanvas arguments of a shell command line, with the database URL put in."""
    command = command.replace("$$", "$")  # compose's escape for a $ the container's shell expands
    words = shlex.split(command.replace("${FLOWCANVAS_DATABASE_URL}", URL).replace("$FLOWCANVAS_DATABASE_URL", URL))
    words = words[1:] if words[0] == "exec" else words
    assert Path(words[0]).name == "flowcanvas", command
    return words[1:]


def _compose() -> dict[str, Any]:
    return yaml.safe_load((PACKAGING / "docker-compose.yml").read_text(encoding="utf-8"))


def test_systemd_unit_runs_the_engine_from_an_env_file_and_restarts_on_failure() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(PACKAGING / "flowcanvas.service", encoding="utf-8")
    service = unit["Service"]
    assert service["Restart"] == "on-failure" and service["KillSignal"] == "SIGTERM"
    assert service["EnvironmentFile"] == "/etc/flowcanvas/flowcanvas.env"
    args = build_parser().parse_args(_cli_args(service["ExecStart"]))
    assert args.command == "run" and args.project == URL and args.log == "json"
    assert not (args.once or args.until or args.seconds) and args.clock == "real"  # open-ended, wall clock
    env = (PACKAGING / "flowcanvas.env").read_text(encoding="utf-8")
    assert "FLOWCANVAS_DATABASE_URL=postgresql://" in env and "postgresql://" not in service["ExecStart"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_compose_has_postgresql_two_workers_and_the_api_with_a_health_check() -> None:
    compose = _compose()
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    workers = [name for name, s in services.items() if "command" in s and _cli_args(s["command"][0])[0] == "run"]
    assert workers == ["worker-1", "worker-2"]
    for name in workers:
        worker = services[name]
        args = build_parser().parse_args(_cli_args(worker["command"][0]))
        assert args.command == "run" and args.project == URL and args.log == "json" and args.clock == "real"
        assert worker["restart"] == "on-failure" and worker["stop_signal"] == "SIGTERM"
        assert worker["environment"]["FLOWCANVAS_DATABASE_URL"].endswith("@db:5432/flowcanvas")
        assert worker["depends_on"] == {"init": {"condition": "service_completed_successfully"}}
    api = services["api"]
    args = build_parser().parse_args(_cli_args(api["command"][0]))
    assert args.command == "serve" and args.host == "0.0.0.0" and args.port == 8787
    assert "/v1/health" in " ".join(api["healthcheck"]["test"])
    assert services["init"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert (PACKAGING.parent / services["init"]["build"]["dockerfile"]).is_file()
    assert 'ENTRYPOINT ["flowcanvas"]' in (PACKAGING / "Dockerfile").read_text(encoding="utf-8")


def test_compose_init_creates_the_schema_only_once() -> None:
    command = _compose()["services"]["init"]["command"][0]
    check, _, create = command.partition(" || ")
    assert build_parser().parse_args(_cli_args(check.split(">")[0])).command == "flow"
    assert build_parser().parse_args(_cli_args(create)).command == "init"


def test_docker_compose_config_accepts_the_file_where_compose_is_installed() -> None:
    docker = shutil.which("docker")
    has_compose = docker is not None and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    if not has_compose:  # nothing to ask; the parse checks above stand
        assert yaml.safe_load((PACKAGING / "docker-compose.yml").read_text(encoding="utf-8"))["name"] == "flowcanvas"
        return
    result = subprocess.run([docker, "compose", "-f", str(PACKAGING / "docker-compose.yml"), "config", "-q"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
