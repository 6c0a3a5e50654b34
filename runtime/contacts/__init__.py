"""Contacts, tags and events: the people flows reach and what they do.

- ``normalize`` / ``phones``: field validation (E.164 phones, emails, IANA zones, birthdays);
- ``importer``: CSV import (``import_contacts_csv``), ``events``: events and JSONL import;
- ``tags``: permanent tags with a logged history; ``lookup``: find and describe a contact;
- ``demo``: sample data for ``flowcanvas init --demo``; ``bulk``: fast executemany writes.

May import: ``runtime.storage``, ``runtime.clock``, ``runtime.errors``. Never the engine,
channels, reports or the service.
"""
