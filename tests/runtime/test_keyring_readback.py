"""A secret is never silently dropped: a keyring that keeps nothing is an error naming what to install."""

from __future__ import annotations

import hashlib
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import null

from runtime.cli.main import main


class ForgetfulKeyring(KeyringBackend):
    """Accepts every secret and keeps none (a locked store that fails quietly)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


@pytest.fixture
def proj(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "p.fcproj"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("backend", [ForgetfulKeyring, null.Keyring], ids=["forgetful", "null"])
def test_a_secret_that_is_not_kept_fails_loudly(proj: Path, capsys, backend: type) -> None:
    keyring.set_keyring(backend())
    before = hashlib.sha256(proj.read_bytes()).hexdigest()
    code = main(["channel", "set", str(proj), "telegram", "token=123:abc"])
    out, err = capsys.readouterr()
    assert code == 2 and "secret in the OS keyring" not in out
    assert "pip install keyrings.alt" in err and "secretstorage" in err
    if backend is ForgetfulKeyring:
        assert "telegram.token was not kept" in err and "reading it back gave nothing" in err
    assert hashlib.sha256(proj.read_bytes()).hexdigest() == before


def test_a_working_keyring_keeps_the_secret(proj: Path, capsys, memory_keyring) -> None:
    assert main(["channel", "set", str(proj), "telegram", "token=123:abc"]) == 0
    assert "123:abc" in memory_keyring.store.values()
