"""The table of analysts' decisions on corroborations and contradictions (store schema
version 6; corroboration_decisions.py reads and writes it).

All of its SQL is here, in one place: the store's SCHEMA (store.py) and the upgrade from
version 5 (store.UPGRADES) both take it from this module, so renumbering the upgrade is
one line in store.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.sync.repository.file_store import Store

SCHEMA = """
-- Analysts' decisions on candidate corroborations and contradictions
-- (corroboration_decisions.py). Never updated nor deleted: the latest on a key holds.
-- `statements`: JSON object, incident id -> the version the decision was made on.
CREATE TABLE corroboration_decisions (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    verdict    TEXT NOT NULL,
    statements TEXT NOT NULL,
    reasons    TEXT NOT NULL,
    analyst    TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX corroboration_decisions_by_key ON corroboration_decisions(key);
"""
"""The table, in the repository's portable SQL (dialect.py): the store's schema and its
upgrade from version 5 (store.py) both take it from here."""

_SERVER = (
    "CREATE TRIGGER corroboration_decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
    "ON corroboration_decisions FOR EACH STATEMENT EXECUTE FUNCTION sillok_append_only();\n"
)
"""What an upgraded server adds (a new server gets it with the other append-only tables,
server_roles.py; the grants are given again after every upgrade)."""


def upgrade(store: Store) -> str:
    """The SQL of the upgrade from schema version 5 to 6 for this store."""
    return SCHEMA + (_SERVER if store.kind == "postgres" else "")
