"""The state of the repository's server as a search sees it (store schema 12, PostgreSQL).

A search keeps the interviews of the index (their ids, the order they came in, how many
the repository holds: app/search/by_interview.py `_KEPT`) until something they are read
from is written. An SQLite file tells when (`data_version`, `total_changes`); PostgreSQL
does not, so every search on the server read the order of all interviews again (14-28 ms
at 10,000). Here the server keeps that stamp itself:

- `search_stamps` holds a row per transaction that wrote an interview's row of
  `current_records` (ingest, import, a deletion, `rebuild-view`) or gave an interview its
  place in the index (`search_group_ids`: an indexing that adds an interview), keyed by
  its transaction id and written by the owner's triggers (SECURITY DEFINER: the intake
  officer and the readers who index as they search write it without any right to the
  table itself). A transaction's first such row adds its row (`ON CONFLICT DO NOTHING`
  for the others).
- The stamp is `sum(writers)` as the search's own snapshot sees it (REPEATABLE READ READ
  ONLY, with the reads it keeps): the number of such transactions committed before that
  snapshot, whatever order they committed in. A later snapshot sees every one an earlier
  saw, so the same number means the same transactions. `max(txid)` alone would not do:
  a writer may commit after another that started later, under a smaller id.
- The table does not grow: a transaction adding its row also takes out the rows of
  writers already committed and adds their count to its own (`writers`), one statement
  that `RETURNING` tells what it removed; rows another writer is taking (locked) are left
  to it (`SKIP LOCKED`): no writer ever waits for another here, and no row is counted
  twice or lost. Whoever commits, the sum is the number of writers. (Kept append-only
  and counted, 100,000 writers cost 17 ms a search, the order itself at 10,000
  interviews; the stamp reads a row or two, 0.07 ms: docs/benchmarks.md.)
- No lock, no counter row: a counter bumped by every writer would make them take turns,
  and deadlock an ingest waiting for the index's queue with an indexer waiting for it.

Only the owner's triggers write it; the readers read it (`GRANTS`). The file store has
nothing of it (its stamp is SQLite's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store.connection import Connection

if TYPE_CHECKING:
    from app.sync.repository.file_store import Store

SCHEMA = """
CREATE TABLE search_stamps (
    txid BIGINT NOT NULL, writers BIGINT NOT NULL, PRIMARY KEY (txid) INCLUDE (writers)
);
CREATE FUNCTION sillok_search_stamp() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    mine BIGINT := txid_current();
    earlier BIGINT;
BEGIN
    INSERT INTO public.search_stamps(txid, writers) VALUES (mine, 1) ON CONFLICT DO NOTHING;
    -- the first such statement of this transaction: the committed writers' rows folded
    -- into its own (not under REPEATABLE READ, where a row another took since would fail)
    IF FOUND AND current_setting('transaction_isolation') = 'read committed' THEN
        WITH gone AS (
            DELETE FROM public.search_stamps WHERE txid IN (SELECT txid
                FROM public.search_stamps WHERE txid <> mine FOR UPDATE SKIP LOCKED)
            RETURNING writers)
        SELECT sum(writers) INTO earlier FROM gone;
        IF earlier IS NOT NULL THEN
            UPDATE public.search_stamps SET writers = writers + earlier WHERE txid = mine;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_stamp_interview_insert AFTER INSERT ON current_records
    FOR EACH ROW WHEN (new.kind = 'interview') EXECUTE FUNCTION sillok_search_stamp();
CREATE TRIGGER search_stamp_interview_delete AFTER DELETE ON current_records
    FOR EACH ROW WHEN (old.kind = 'interview') EXECUTE FUNCTION sillok_search_stamp();
CREATE TRIGGER search_stamp_interview_update AFTER UPDATE ON current_records
    FOR EACH ROW WHEN (old.kind = 'interview' OR new.kind = 'interview')
    EXECUTE FUNCTION sillok_search_stamp();
CREATE TRIGGER search_stamp_current_truncate AFTER TRUNCATE ON current_records
    FOR EACH STATEMENT EXECUTE FUNCTION sillok_search_stamp();
CREATE TRIGGER search_stamp_groups AFTER INSERT OR UPDATE OF grp, interview_id OR DELETE
    ON search_group_ids FOR EACH ROW EXECUTE FUNCTION sillok_search_stamp();
CREATE TRIGGER search_stamp_groups_truncate AFTER TRUNCATE ON search_group_ids
    FOR EACH STATEMENT EXECUTE FUNCTION sillok_search_stamp();
INSERT INTO search_stamps(txid, writers) VALUES (txid_current(), 1);
"""
"""The table, its triggers, and the row of the transaction that makes them (never empty:
`max(txid)` then tells one database from another made since on the same connection).
What a search keeps is read from the interviews' rows of `current_records` alone (the
order's join, the count): only those stamp, each row's condition checked before any
call (an ingest writes a DELETE and an INSERT per record: a statement trigger cost 6 µs
each, +10 % on an ingest). `search_group_ids` stamps where an interview gets or loses
its place, not for the `buckets` every indexing rewrites nor for an interview already
placed (`ON CONFLICT DO NOTHING` inserts no row).
The key carries `writers` so that the stamp is read through it: under the search's
`enable_seqscan = off` a sequential scan is costed at 10^10, over `jit_above_cost`, and
PostgreSQL 15 then compiles the statement (50-100 ms for a table of one row; a search's
reads now also run without JIT, app/sync/repository/search.py)."""

GRANTS = (
    "REVOKE ALL ON search_stamps FROM PUBLIC;\n"
    "GRANT SELECT ON search_stamps TO sillok_analyst, sillok_legal, sillok_custodian;\n"
    "REVOKE ALL ON FUNCTION sillok_search_stamp() FROM PUBLIC"
)
"""The readers of testimony read the stamp (they search); nobody but the triggers writes it."""

READ = "SELECT sum(writers), max(txid), txid_current_if_assigned() FROM search_stamps"
"""The stamp, and whether this transaction wrote anything (then none: its own later
writes add no row, so what it read before them could not be told from what is after)."""


def upgrade_11_to_12(store: Store) -> str:
    """11 → 12: the stamp on the server; nothing on the SQLCipher file (SQLite's own)."""
    return SCHEMA if store.kind == "postgres" else ""


def stamp(connection: Connection) -> tuple[int, int] | None:
    """The server's state as this connection's snapshot sees it (read in the search's
    transaction, before what it keeps); None inside a transaction that has written."""
    writers, latest, mine = connection.execute(READ).fetchone()
    if mine is not None or writers is None:
        return None
    return int(writers), int(latest)
