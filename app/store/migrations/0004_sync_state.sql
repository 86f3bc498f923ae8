-- Reserved: filled in by the work on 0004_sync_state (kept in order so migrations stay gap-free).
SELECT 1;
