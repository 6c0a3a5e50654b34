"""Message delivery: channel adapters (email, SMS, Telegram, WhatsApp, web push, webhooks), the
outbox dispatcher, delivery policy (quiet hours, frequency caps), smart_send ranking, channel
settings and keyring credentials. See :mod:`runtime.channels.base` for the adapter interface and
:mod:`runtime.channels.dispatcher` for the delivery guarantees.

May import: ``runtime.storage``, ``runtime.contacts``, ``runtime.flow``, ``runtime.clock``,
``runtime.errors``, ``runtime.templates``; the engine only through ``runtime.engine.executions``
(resuming a token once its message is sent or failed). Never reports or the service.
"""
