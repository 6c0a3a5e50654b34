"""Message delivery: channel adapters (email, SMS, Telegram, WhatsApp, web push, webhooks), the
outbox dispatcher, delivery policy (quiet hours, frequency caps), smart_send ranking, channel
settings and keyring credentials. See :mod:`runtime.channels.base` for the adapter interface and
:mod:`runtime.channels.dispatcher` for the delivery guarantees."""
