-- Reserved: filled in by the work on 0005_search_index (kept in order so migrations stay gap-free).
SELECT 1;
