"""Email over SMTP (aiosmtplib): STARTTLS or implicit TLS, login, HTML + text parts,
List-Unsubscribe (RFC 2369) with one-click unsubscribe (RFC 8058).

SMTP has no idempotency keys: the Message-ID is derived from the outbox idempotency key (so
copies of one message are recognisable in mail logs), but servers do not deduplicate on it, so
this adapter does not claim to honour idempotency.
"""

from __future__ import annotations

import hashlib
import html
import re
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr

import aiosmtplib

from runtime.channels.base import (
    AUTH,
    INVALID,
    ChannelError,
    Message,
    Permanent,
    Recipient,
    SendResult,
    Sent,
    Transient,
)
from runtime.inbound.tracking import add_tracking, unsubscribe_url


@dataclass(frozen=True)
class SmtpConfig:
    """Connection and sender settings of the email channel."""

    host: str
    port: int = 587
    security: str = "starttls"  # starttls, ssl, none
    username: str | None = None
    password: str | None = None
    from_email: str = ""
    from_name: str | None = None
    reply_to: str | None = None
    unsubscribe_url: str | None = None  # "{key}" and "{contact}" are replaced
    unsubscribe_mailto: str | None = None
    timeout: float = 30.0
    tls_context: ssl.SSLContext | None = None
    message_id_domain: str = "flowcanvas.local"
    # the inbound API (runtime.inbound): signed one-click unsubscribe and, with ``track``, open and
    # click tracking through ``public_url``, signed with the project's link key
    public_url: str | None = None
    link_key: bytes | None = None
    track: bool = False


_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"(?i)<br\s*/?>|</p>|</div>|</h[1-6]>|</li>")


def html_to_text(body: str) -> str:
    """A readable plain-text version of an HTML body (for the text/plain part)."""
    text = _BREAKS.sub("\n", body)
    text = html.unescape(_TAGS.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _looks_like_html(body: str) -> bool:
    return bool(re.search(r"<[a-zA-Z][^>]*>", body))


def message_id(idempotency_key: str, domain: str) -> str:
    """A Message-ID stable for one idempotency key."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


class SmtpAdapter:
    """Sends the email channel's messages through one SMTP server."""

    channel = "email"
    honours_idempotency = False

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def address(self, recipient: Recipient) -> str | None:
        return recipient.email or None

    def build(self, message: Message) -> EmailMessage:
        """The MIME message for an outbox row: text part plus HTML part when the body is HTML."""
        cfg = self.config
        content = message.content
        to = self.address(message.recipient)
        mail = EmailMessage()
        from_name = content.get("from_name") or cfg.from_name
        mail["From"] = formataddr((from_name, cfg.from_email)) if from_name else cfg.from_email
        mail["To"] = to
        mail["Subject"] = content.get("subject") or ""
        mail["Message-ID"] = message_id(message.idempotency_key, cfg.message_id_domain)
        if cfg.reply_to:
            mail["Reply-To"] = cfg.reply_to
        unsubscribe = []
        if cfg.unsubscribe_mailto:
            unsubscribe.append(f"<mailto:{cfg.unsubscribe_mailto}?subject=unsubscribe>")
        one_click = None
        if cfg.unsubscribe_url:
            one_click = cfg.unsubscribe_url.replace("{key}", message.idempotency_key).replace(
                "{contact}", message.recipient.external_id
            )
        elif cfg.public_url and cfg.link_key:
            one_click = unsubscribe_url(cfg.public_url, cfg.link_key, message.outbox_id)
        if one_click:
            unsubscribe.append(f"<{one_click}>")
        if unsubscribe:
            mail["List-Unsubscribe"] = ", ".join(unsubscribe)
            if one_click:
                # RFC 8058 one-click: mailbox providers POST to the URL without visiting it
                mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body = content.get("body") or ""
        text_body = content.get("text_body")
        if cfg.track and cfg.public_url and cfg.link_key and _looks_like_html(body):
            body = add_tracking(body, cfg.public_url, cfg.link_key, message.outbox_id)
        if _looks_like_html(body):
            mail.set_content(text_body or html_to_text(body))
            mail.add_alternative(body, subtype="html")
        else:
            mail.set_content(text_body or body)
        return mail

    def _tls(self) -> tuple[bool, bool]:
        """(use_tls, start_tls) for the configured security."""
        security = self.config.security
        return security == "ssl", security == "starttls"

    async def send(self, message: Message) -> SendResult:
        to = self.address(message.recipient)
        if not to:
            return Permanent("contact has no email address", "no_address")
        cfg = self.config
        mail = self.build(message)
        use_tls, start_tls = self._tls()
        try:
            _, reply = await aiosmtplib.send(
                mail,
                sender=cfg.from_email,
                recipients=[to],
                hostname=cfg.host,
                port=cfg.port,
                username=cfg.username or None,
                password=cfg.password or None,
                timeout=cfg.timeout,
                tls_context=cfg.tls_context,
                use_tls=use_tls,
                start_tls=start_tls,
            )
        except aiosmtplib.SMTPAuthenticationError as exc:
            return Permanent(f"SMTP {cfg.host}: login refused ({exc.code} {exc.message})", AUTH)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [err.code for err in exc.recipients]
            detail = "; ".join(f"{err.code} {err.message}" for err in exc.recipients)
            if codes and all(400 <= c < 500 for c in codes):
                return Transient(f"SMTP {cfg.host}: recipient deferred: {detail}")
            return Permanent(f"SMTP {cfg.host}: recipient {to} refused: {detail}", INVALID)
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPTimeoutError, aiosmtplib.SMTPServerDisconnected) as exc:
            return Transient(f"SMTP {cfg.host}:{cfg.port} unreachable: {exc}")
        except aiosmtplib.SMTPResponseException as exc:
            reason = f"SMTP {cfg.host}: {exc.code} {exc.message}"
            return Transient(reason) if 400 <= exc.code < 500 else Permanent(reason, INVALID)
        except aiosmtplib.SMTPException as exc:
            return Transient(f"SMTP {cfg.host}:{cfg.port}: {exc}")
        except OSError as exc:
            return Transient(f"SMTP {cfg.host}:{cfg.port} unreachable: {exc}")
        return Sent(mail["Message-ID"] or reply)

    async def test_connection(self) -> str:
        """Connect, negotiate TLS and log in (when a user name is set), then quit."""
        cfg = self.config
        use_tls, start_tls = self._tls()
        client = aiosmtplib.SMTP(
            hostname=cfg.host, port=cfg.port, timeout=cfg.timeout, tls_context=cfg.tls_context,
            use_tls=use_tls, start_tls=start_tls,
        )
        try:
            await client.connect()
            if cfg.username:
                await client.login(cfg.username, cfg.password or "")
            await client.quit()
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise ChannelError(f"email: SMTP {cfg.host} refused the login for {cfg.username}: {exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"email: cannot connect to SMTP {cfg.host}:{cfg.port}: {exc}") from exc
        who = f" as {cfg.username}" if cfg.username else ""
        return f"SMTP {cfg.host}:{cfg.port} ({cfg.security}) accepted the connection{who}"
