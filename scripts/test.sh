#!/usr/bin/env bash
# The whole test suite: lint, types, then every test (real SQLCipher, offscreen Qt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check app ui tests benchmarks
.venv/bin/ruff format --check app ui tests benchmarks
.venv/bin/mypy
exec .venv/bin/pytest "$@"
