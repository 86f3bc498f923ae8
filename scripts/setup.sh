#!/usr/bin/env bash
# Idempotent set-up of a development machine (Debian): system packages, then a
# virtual environment in .venv with exactly the versions of requirements.lock.
# Called by scripts/run.sh and scripts/test.sh; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages:
#   fonts-nanum            Hangul TrueType fonts (Qt text, and reportlab PDFs later)
#   libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3
#                          what the Qt wheels load, even offscreen
#   libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
#                          Qt's xcb platform plugin, for a real window on an X desktop
#   python3-venv           to make .venv
#   age minisign           the standard tools a package must open with (interop tests)
#   poppler-utils          pdftotext/pdffonts/pdftoppm, to check the PDFs we write
#   postgresql             the Geneva repository's server database; the tests start a
#                          throwaway cluster with its initdb/pg_ctl (tests/postgres_support.py)
APT_PACKAGES=(fonts-nanum libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3
              libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
              python3-venv age minisign poppler-utils postgresql)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
stamp=".venv/.lock-sha256"
want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing Python packages from requirements.lock into .venv" >&2
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    pip=(.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps)
    # (this machine's pip.conf names local indexes that may not exist: hush that warning)
    "${pip[@]}" --require-hashes -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
    "${pip[@]}" --no-build-isolation -e . 2> >(grep -v "is ignored: it is neither" >&2)
    echo "$want" > "$stamp"
fi

# Compiled message catalogues (.mo) are built, never committed.
.venv/bin/python -m app.i18n.build --quiet
