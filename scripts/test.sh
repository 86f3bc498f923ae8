#!/usr/bin/env bash
# The whole test suite: lint, types, then every test (real SQLCipher, offscreen Qt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check app ui tests benchmarks
.venv/bin/ruff format --check app ui tests benchmarks
.venv/bin/mypy
# One pytest worker per core (pytest-xdist; SILLOK_TEST_WORKERS=0 runs in one process): the
# suite is mostly real processes, real key derivation and real files, so it scales.
# The repository suite runs on SQLCipher and on a throwaway PostgreSQL cluster the tests
# start themselves (tests/postgres_support.py); here a missing PostgreSQL is a failure,
# never a silent skip.
export SILLOK_REQUIRE_POSTGRES=1
exec .venv/bin/pytest -n "${SILLOK_TEST_WORKERS:-auto}" --dist worksteal "$@"
