#!/usr/bin/env bash
# Launch Sillok on the default encrypted database in the user data folder
# (first run asks for a new passphrase). Extra arguments go to `sillok`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/sillok "$@"
