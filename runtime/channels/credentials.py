"""Channel secrets (bot tokens, API keys, SMTP passwords) in the OS keyring.

Secrets never go into the project file, logs or exported flows. Each project has its own keyring
service name, ``flowcanvas:<project id>`` (the project id is a UUID kept in the project's settings
table, so a copied project file keeps pointing at the same secrets), and each secret is stored
under the user name ``<channel>.<key>`` (e.g. ``telegram.token``).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from runtime.channels.base import ChannelError
from runtime.i18n import N_, gettext
from runtime.storage.settings import get_setting, set_setting

# keyring is imported where a secret is touched: loading it (and its backends) costs every CLI
# command a noticeable part of its start-up, and most commands never read a secret
if TYPE_CHECKING:
    import keyring.backend

PROJECT_ID_KEY = "project_id"

INSTALL_HINT = N_(  # translated where raised (the designer shows it in the channel settings)
    "no OS keyring is available to store channel credentials. Install and unlock one: on Linux "
    "GNOME Keyring or KWallet (Secret Service, plus `pip install secretstorage dbus-python`), on "
    "macOS the Keychain and on Windows the Credential Manager work out of the box; on a headless "
    "server `pip install keyrings.alt` and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring "
    "(or an encrypted keyrings.alt backend)"
)


class KeyringUnavailableError(ChannelError):
    """No usable keyring backend: tells the user what to install."""


def project_id(session: Session) -> str:
    """The project's stable id (created on first use; caller commits)."""
    value = get_setting(session, PROJECT_ID_KEY)
    if not isinstance(value, str) or not value:
        value = str(uuid.uuid4())
        set_setting(session, PROJECT_ID_KEY, value)
        session.flush()
    return value


def service_name(project: str) -> str:
    """The keyring service name of a project id."""
    return f"flowcanvas:{project}"


def keyring_available() -> bool:
    """True when the ``keyring`` package found a usable backend (not the 'fail' one)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    # The chainer with nothing in it is as good as no keyring.
    backends = getattr(backend, "backends", None)
    return backends is None or bool(backends)


def _backend() -> keyring.backend.KeyringBackend:
    import keyring
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        raise KeyringUnavailableError(gettext(INSTALL_HINT))
    return backend


def set_secret(project: str, channel: str, key: str, value: str) -> None:
    """Store one secret of a channel in the keyring, and read it back.

    Some backends accept a write and keep nothing (the null keyring, a chainer with no usable
    backend, a locked store that fails quietly); the read-back turns that into an error instead
    of a secret that is silently gone.
    """
    import keyring.errors

    backend = _backend()
    try:
        backend.set_password(service_name(project), f"{channel}.{key}", value)
        stored = backend.get_password(service_name(project), f"{channel}.{key}")
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(gettext(INSTALL_HINT)) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(f"cannot store {channel}.{key} in the keyring: {exc}") from exc
    if stored != value:
        name = type(backend).__module__ + "." + type(backend).__name__
        raise KeyringUnavailableError(
            f"{channel}.{key} was not kept: the keyring backend {name} accepted it but reading it back "
            f"gave {'nothing' if stored is None else 'a different value'}; nothing was saved. "
            f"{gettext(INSTALL_HINT)[0].upper()}{gettext(INSTALL_HINT)[1:]}"
        )


def get_secret(project: str, channel: str, key: str) -> str | None:
    """One secret of a channel, or None when it was never set."""
    import keyring.errors

    try:
        return _backend().get_password(service_name(project), f"{channel}.{key}")
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(gettext(INSTALL_HINT)) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(f"cannot read {channel}.{key} from the keyring: {exc}") from exc


def delete_secret(project: str, channel: str, key: str) -> None:
    """Forget one secret (no error when it was not set)."""
    import keyring.errors

    try:
        _backend().delete_password(service_name(project), f"{channel}.{key}")
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(gettext(INSTALL_HINT)) from exc


def require_secret(project: str, channel: str, key: str) -> str:
    """A secret that must be set, else a ChannelError naming the command that sets it."""
    value = get_secret(project, channel, key)
    if not value:
        raise ChannelError(
            f"channel {channel}: secret '{key}' is not set; run "
            f"`flowcanvas channel set PROJECT {channel} {key}=...` (stored in the OS keyring)"
        )
    return value
