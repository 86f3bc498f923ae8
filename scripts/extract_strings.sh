#!/usr/bin/env bash
# Extract every `_()` / `N_()` string from app/ and ui/ into translations/messages.pot,
# then bring the Korean and English catalogues up to date (or create them).
# Deterministic: no wrapping, sorted, no source locations, fixed creation date, so files
# change only when the strings do, and branches that add strings merge cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
# An optional argument writes only the template, to that path (the staleness test uses it).
POT="${1:-translations/messages.pot}"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n1)"

"$PYBABEL" -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 \
    --no-default-keywords --no-wrap --sort-output --no-location \
    --project=Sillok --version="$VERSION" --copyright-holder="Sillok team" \
    -o "$POT" .
# Fixed creation date and no year: the template changes only when its strings change.
sed -i -e 's/^"POT-Creation-Date: .*\\n"$/"POT-Creation-Date: 2000-01-01 00:00+0000\\n"/' \
    -e 's/^# Copyright (C) [0-9]* /# Copyright (C) /' \
    -e 's/^\(# FIRST AUTHOR <EMAIL@ADDRESS>\), [0-9]*\.$/\1./' "$POT"

if [ "$#" -gt 0 ]; then
    exit 0
fi

for lang in ko en; do
    if [ -f "translations/$lang/LC_MESSAGES/messages.po" ]; then
        action=update
        extra=(--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date)
    else
        action=init
        extra=()
    fi
    "$PYBABEL" -q "$action" -D messages -i "$POT" -d translations -l "$lang" \
        --no-wrap "${extra[@]}"
done
