#!/usr/bin/env bash
# Smoke test of the built bundle: proves nothing it needs was left out.
#     bash scripts/smoke_bundle.sh [BUNDLE_DIR]      (default: dist/sillok)
# Runs the bundled executable only (never .venv's sillok), offscreen, in a temporary folder
# that is removed at the end: version; every shared library resolves; a new encrypted
# database is created, checked and refused with a wrong passphrase; a demo database (the
# questionnaire, legal catalogue and migrations inside the bundle) is made and checked;
# Korean messages and Qt's Korean catalogue load; the desktop app reaches the unlock screen
# offscreen with a Hangul font and ends cleanly (timed, median of SMOKE_RUNS runs,
# default 5); a PDF with Hangul is rendered. Prints "SMOKE OK" and the figures at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="${1:-dist/sillok}"
exe="$bundle/sillok"
runs="${SMOKE_RUNS:-5}"
[ -x "$exe" ] || { echo "smoke: no bundle at $bundle (build it: bash packaging/build.sh)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen SILLOK_LANGUAGE=en
unset SILLOK_DEBUG
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
step() { echo "smoke: $*" >&2; }

want_version="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n1)"
want_qt="$(sed -n 's/^pyside6-essentials==\([0-9.]*\).*/\1/p' requirements.lock)"

step "version"
[ "$("$exe" --version)" = "sillok $want_version" ] || fail "--version is not sillok $want_version"

step "shared libraries"
missing="$(find "$bundle" -name '*.so*' -type f -print0 | xargs -0 -n1 ldd 2>/dev/null | grep 'not found' | sort -u || true)"
[ -z "$missing" ] || fail "libraries not found: $missing"

step "encrypted database: init, check, wrong passphrase"
umask 077
printf '%s\n' "봄날 압록강 건너 correct horse battery" > "$work/pass"
printf '%s\n' "not the passphrase at all" > "$work/wrong"
db="$work/field/sillok.db"
"$exe" init --db "$db" --passphrase-file "$work/pass" >/dev/null || fail "init"
out="$("$exe" check --db "$db" --passphrase-file "$work/pass")" || fail "check: $out"
grep -q "^ok      sqlcipher" <<<"$out" || fail "check did not verify SQLCipher: $out"
set +e; "$exe" check --db "$db" --passphrase-file "$work/wrong" 2>/dev/null; code=$?; set -e
[ "$code" -eq 3 ] || fail "a wrong passphrase gave exit $code, not 3"

step "demo database (questionnaire, legal catalogue, migrations from the bundle)"
"$exe" demo --db "$work/demo/demo.db" --interviews 1 --passphrase-file "$work/pass" \
    >/dev/null 2>&1 || fail "demo"
"$exe" check --db "$work/demo/demo.db" --passphrase-file "$work/pass" >/dev/null || fail "demo check"

step "Korean messages"
ko="$(SILLOK_LANGUAGE=ko "$exe" check --db "$work/none.db" --passphrase-file "$work/pass" 2>&1 || true)"
grep -q "데이터베이스" <<<"$ko" || fail "the Korean catalogue did not load: $ko"

step "desktop app to the unlock screen, offscreen ($runs runs)"
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    marker="" code=""
    while IFS= read -r line; do
        case "$line" in
            SILLOK-SMOKE*) marker="$line $(( ($(date +%s%N) - start) / 1000000 ))";;
            exit=*) code="${line#exit=}";;
        esac
    done < <(SILLOK_SMOKE=unlock-screen SILLOK_LANGUAGE=ko "$exe" --db "$db" 2>"$work/stderr"; echo "exit=$?")
    [ -n "$marker" ] || fail "the unlock screen was not reached: $(cat "$work/stderr")"
    [ "$code" = 0 ] || fail "the app ended with exit $code: $(cat "$work/stderr")"
    ! grep -q Traceback "$work/stderr" || fail "a traceback: $(cat "$work/stderr")"
    times+=("${marker##* }")
done
echo "$marker" | grep -q "platform=offscreen qt=$want_qt " || fail "not Qt $want_qt offscreen: $marker"
echo "$marker" | grep -q "heading=Sillok 잠금 해제" || fail "unlock screen not in Korean: $marker"
echo "$marker" | grep -q "qt_ko=취소" || fail "Qt's Korean catalogue (qtbase_ko.qm) missing: $marker"
echo "$marker" | grep -Eq "font=(NanumGothic|Noto Sans KR|Noto Sans CJK KR)" || fail "no Hangul font: $marker"
for leftover in "$db-wal" "$db-shm"; do
    [ ! -e "$leftover" ] || fail "the database was not closed cleanly ($leftover left)"
done
median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"

step "PDF with Hangul: the statement of the demo interview, rendered by the bundle"
"$exe" report statement --db "$work/demo/demo.db" --passphrase-file "$work/pass" \
    --interview DEMO-0001-A --out "$work/statement.pdf" >/dev/null 2>&1 || fail "report statement"
text="$(pdftotext "$work/statement.pdf" -)"
grep -q "진술서" <<<"$text" || fail "the PDF has no Hangul text: $text"
pdffonts "$work/statement.pdf" | grep -q "yes yes" || fail "the Hangul font is not embedded"

echo "SMOKE OK bundle=$(du -sh "$bundle" | cut -f1) unlock_screen_median_ms=$median runs=${times[*]}"
