"""Channel settings and credentials: secrets in the keyring only, clear errors without one."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select

from runtime.channels import credentials
from runtime.channels import settings as cs
from runtime.channels.base import ChannelError
from runtime.errors import FlowCanvasError, InputError
from runtime.storage.models import Setting


def test_secrets_go_to_the_keyring_and_the_rest_to_settings(project, memory_keyring) -> None:
    with project.write() as s:
        stored = cs.apply_channel_values(s, "email", {"host": "smtp.example.com", "port": "465", "security": "ssl",
                                                       "username": "mailer", "password": "pa55word",
                                                       "from_email": "news@example.com"})
        pid = credentials.project_id(s)
    assert stored == ["password"]
    assert memory_keyring.store == {(f"flowcanvas:{pid}", "email.password"): "pa55word"}
    with project.session() as s:
        everything = repr([(r.key, r.value) for r in s.scalars(select(Setting))])
        values = cs.channel_settings(s, "email")
        view = cs.channel_view(s, "email")
    assert "pa55word" not in everything
    assert values["port"] == 465 and values["security"] == "ssl" and "password" not in values
    password_field = next(f for f in view["fields"] if f["key"] == "password")
    assert password_field == {"key": "password", "label": "Password", "kind": "secret", "required": False,
                              "choices": [], "help": "", "is_set": True}
    assert view["configured"] is True


def test_each_project_has_its_own_keyring_service(tmp_path, memory_keyring) -> None:
    from runtime.storage.db import open_project

    ids = []
    for name in ("a", "b"):
        project = open_project(tmp_path / f"{name}.fcproj", create=True)
        with project.write() as s:
            cs.apply_channel_values(s, "telegram", {"token": f"token-{name}"})
            ids.append(credentials.project_id(s))
        with project.session() as s:
            assert cs.secret(s, "telegram", "token") == f"token-{name}"
        project.close()
    assert ids[0] != ids[1]


def test_bad_values_change_nothing(project) -> None:
    with project.write() as s:
        cs.apply_channel_values(s, "email", {"host": "smtp.example.com"})
    for bad, match in [({"prot": "25"}, "unknown setting"), ({"port": "abc"}, "must be a number"),
                       ({"security": "tls13"}, "must be one of")]:
        with project.write() as s, pytest.raises(InputError, match=match):
            cs.apply_channel_values(s, "email", bad)
    with project.session() as s:
        assert cs.channel_settings(s, "email")["host"] == "smtp.example.com"
    with project.write() as s, pytest.raises(InputError, match="unknown channel 'fax'"):
        cs.apply_channel_values(s, "fax", {})


def test_missing_secret_names_the_command(project) -> None:
    with project.session() as s, pytest.raises(ChannelError, match="channel set PROJECT telegram token="):
        cs.secret(s, "telegram", "token")


def test_no_keyring_backend_is_a_clear_error(project) -> None:
    keyring.set_keyring(fail.Keyring())
    with project.write() as s, pytest.raises(FlowCanvasError, match="no OS keyring is available") as info:
        cs.apply_channel_values(s, "telegram", {"token": "x"})
    assert "keyrings.alt" in str(info.value)
