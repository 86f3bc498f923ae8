#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/sillok/ from a clean checkout:
#     bash packaging/build.sh [--archive]
# Only the lock file decides what goes in: scripts/setup.sh installs .venv with exactly the
# versions and hashes of requirements.lock (the same Qt and SQLCipher as development,
# pyinstaller included), compiles the catalogues, then PyInstaller runs packaging/sillok.spec.
# --archive also writes dist/sillok-<version>-linux-<arch>.tar.gz to hand to interviewers.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh
.venv/bin/python -m app.i18n.build --quiet
.venv/bin/python -c "import PyInstaller" 2>/dev/null || {
    echo "build: PyInstaller is missing from .venv; is it still in requirements.lock?" >&2
    exit 1
}
rm -rf dist/sillok build/pyinstaller
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/sillok.spec
cp packaging/linux/sillok.desktop packaging/linux/install.sh dist/sillok/
version="$(dist/sillok/sillok --version | cut -d' ' -f2)"
echo "build: dist/sillok ($(du -sh dist/sillok | cut -f1)), sillok $version," \
     "in $(( $(date +%s) - start )) s" >&2
if [ "${1:-}" = "--archive" ]; then
    archive="dist/sillok-$version-linux-$(uname -m).tar.gz"
    tar -C dist -czf "$archive" sillok
    echo "build: $archive ($(du -sh "$archive" | cut -f1))" >&2
fi
