"""Tags, as :class:`runtime.service.ProjectService` methods (the tag editor and ``flowcanvas tags``).

Every change is one write transaction: a rename, merge, delete or bulk add/remove over thousands
of contacts commits whole or not at all, with one tag history row per contact changed, saying
who (``actor``) and why (``reason``). Contacts to act on are given as a *selection* dict:

- ``{"ids": ["c0001", ...]}``: external ids (unknown ones are an error, nothing changes);
- ``{"csv": "path/to/file.csv"}``: the ``id`` column (else the first column) of a CSV file;
- ``{"where": {...}}``: a condition in the flow condition syntax;
- ``{"filter": {...}}``: a contacts-browser filter (see :class:`runtime.contacts.selection.ContactFilter`);
- ``{"flow": FLOW, "step": STEP}``: the contacts standing at a step now (a step's count).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.service.browsing import BrowseService

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SELECTION_KINDS = ("ids", "csv", "where", "filter", "flow")


class TagService(BrowseService):
    """Tag catalogue and bulk tag methods of ProjectService (see the module docstring); a browser
    filter is one way to choose contacts, hence the base."""

    # -- reading ---------------------------------------------------------------------------------

    def list_tags(self) -> list[dict[str, Any]]:
        """Every tag by name: ``{"name", "contacts", "color", "description"}``."""
        from runtime.contacts.tags import list_tags

        with self.project.session() as session:
            return list_tags(session)

    def tag_impact(self, name: str) -> dict[str, Any]:
        """What deleting or renaming tag ``name`` touches: ``{"tag", "contacts", "flows"}``."""
        from runtime.contacts.tags import flows_using_tag, get_tag, tag_count

        with self.project.session() as session:
            row = get_tag(session, name)
            return {"tag": row.name, "contacts": tag_count(session, row.name),
                    "flows": flows_using_tag(session, row.name)}

    def select_contacts(self, selection: dict[str, Any]) -> list[int]:
        """Internal ids of the contacts a selection names (see the module docstring)."""
        with self.project.session() as session:
            return self._selected(session, selection)

    def count_selection(self, selection: dict[str, Any]) -> int:
        """How many contacts a selection names (for the confirmation before a bulk change)."""
        return len(self.select_contacts(selection))

    def preview_tag_change(self, action: str, tag: str, selection: dict[str, Any]) -> dict[str, int]:
        """What :meth:`tag_contacts` would do, for its confirmation: ``{"selected", "changing"}``."""
        from runtime.contacts.tags import changing_ids

        with self.project.session() as session:
            ids = self._selected(session, selection)
            return {"selected": len(ids), "changing": len(changing_ids(session, action, tag, ids))}

    def _selected(self, session: Session, selection: dict[str, Any]) -> list[int]:
        from runtime.contacts import selection as sel
        from runtime.contacts.textfile import read_utf8
        from runtime.engine.segments import matching_ids
        from runtime.errors import InputError
        from runtime.storage import flows_repo

        kinds = [kind for kind in SELECTION_KINDS if kind in selection]
        if len(kinds) != 1:
            raise InputError(f"choose contacts one way: {' / '.join(SELECTION_KINDS)}")
        kind = kinds[0]
        if kind == "ids":
            return sel.ids_for_external(session, [str(x) for x in selection["ids"]])
        if kind == "csv":
            path = str(selection["csv"])
            return sel.ids_for_external(session, sel.ids_from_csv_text(read_utf8(Path(path)), path))
        if kind == "where":
            return matching_ids(session, selection["where"], self.clock.now())
        if kind == "filter":
            return sel.filtered_ids(session, sel.ContactFilter.from_dict(selection["filter"]), self.matcher())
        flow_id = flows_repo.get_flow_row(session, selection["flow"]).id
        return sel.ids_at_step(session, flow_id, str(selection.get("step") or ""))

    # -- changing --------------------------------------------------------------------------------

    def _tag_change(self, what: str, detail: dict[str, Any]) -> None:
        self._changed("project", tags=what, **detail)

    def create_tag(self, name: str, color: str | None = None, description: str | None = None) -> None:
        """A new tag with no contacts yet (InputError when the name is taken)."""
        from runtime.contacts.tags import create_tag

        with self.project.write() as session:
            create_tag(session, name, color, description)
        self._tag_change("created", {"tag": name.strip()})

    def describe_tag(self, name: str, color: str | None = None, description: str | None = None) -> None:
        """Set a tag's colour (#RRGGBB) and description ("" clears; None keeps)."""
        from runtime.contacts.tags import describe_tag

        with self.project.write() as session:
            describe_tag(session, name, color, description)
        self._tag_change("described", {"tag": name.strip()})

    def rename_tag(self, old: str, new: str, reason: str = "", actor: str = "user") -> int:
        """Rename a tag on every contact that has it; the number of contacts."""
        from runtime.contacts.tags import rename_tag

        with self.project.write() as session:
            count = rename_tag(session, old, new, actor, reason or None, self.clock.now())
        self._tag_change("renamed", {"tag": new.strip(), "from": old.strip(), "contacts": count})
        return count

    def merge_tags(self, source: str, target: str, reason: str = "", actor: str = "user") -> dict[str, int]:
        """Merge tag ``source`` into ``target``: ``{"moved", "already", "contacts"}``."""
        from runtime.contacts.tags import merge_tags

        with self.project.write() as session:
            result = merge_tags(session, source, target, actor, reason or None, self.clock.now())
        self._tag_change("merged", {"tag": target.strip(), "from": source.strip(), **result})
        return result

    def delete_tag(self, name: str, reason: str = "", actor: str = "user") -> int:
        """Take a tag off everyone and delete it; the number of contacts that had it."""
        from runtime.contacts.tags import delete_tag

        with self.project.write() as session:
            count = delete_tag(session, name, actor, reason or None, self.clock.now())
        self._tag_change("deleted", {"tag": name.strip(), "contacts": count})
        return count

    def tag_contacts(self, action: str, tag: str, selection: dict[str, Any], reason: str = "",
                     actor: str = "user") -> dict[str, int]:
        """Add or remove ``tag`` on the selected contacts in one transaction.

        Returns ``{"selected", "changed"}``: contacts selected, and those whose tags changed (each
        of those gets one history row).
        """
        from runtime.contacts.tags import bulk_change

        with self.project.write() as session:
            ids = self._selected(session, selection)
            changed = bulk_change(session, action, tag, ids, actor, reason or None, self.clock.now())
        self._tag_change(action, {"tag": tag.strip(), "contacts": changed})
        return {"selected": len(ids), "changed": changed}
