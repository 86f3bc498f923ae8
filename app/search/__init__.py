"""Full-text search and corroboration across all testimony, inside the encrypted database.

- `search(database, text, filters, exact=..., limit=...)`: hits with snippets and targets
  (app/search/engine.py), Korean-aware keys (korean.py), variant-aware queries (query.py),
  filters (filters.py), the index kept up to date by triggers and `index.refresh`.
- `corroboration.candidates` / `corroboration.contradictions` and the audited
  `CorroborationDecisions` service (decisions.py).

See docs/search.md.
"""

from __future__ import annotations

from app.search.engine import Group, Hit, Results, search
from app.search.filters import SearchFilters, parse_date
from app.search.index import rebuild, refresh
from app.search.query import Query, parse_query

__all__ = [
    "Group",
    "Hit",
    "Query",
    "Results",
    "SearchFilters",
    "parse_date",
    "parse_query",
    "rebuild",
    "refresh",
    "search",
]
