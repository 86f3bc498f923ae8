#!/usr/bin/env bash
# Run the README's test command N times in a row (default 10) while another process keeps
# every core busy, as a laptop with a virus scan or an indexer running would: a flaky test
# is a failing test. Prints one line per run (exit code, wall seconds) and a summary; exits
# non-zero if any run failed.
#
#   scripts/suite_under_load.sh [N] [pytest arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
shift || true

scripts/setup.sh
cores="$(nproc)"
load=()
for _ in $(seq "$cores"); do
    # A pure CPU spinner per core, at normal priority, in its own process.
    .venv/bin/python -c "while True: pass" &
    load+=("$!")
done
trap 'kill "${load[@]}" 2>/dev/null || true' EXIT
echo "load: ${#load[@]} busy processes on ${cores} cores (pids ${load[*]})"

failed=0
for run in $(seq "$runs"); do
    log="$(mktemp -t sillok-suite-XXXXXX.log)"
    start="$(date +%s)"
    if scripts/test.sh -q -p no:cacheprovider "$@" >"$log" 2>&1; then code=0; else code=$?; fi
    seconds=$(( $(date +%s) - start ))
    summary="$(grep -E '(passed|failed|error)' "$log" | tail -n 1)"
    echo "run ${run}/${runs}: exit ${code}, ${seconds} s, ${summary}"
    if [ "$code" -ne 0 ]; then
        failed=$(( failed + 1 ))
        echo "  log kept: ${log}"
    else
        rm -f "$log"
    fi
done
echo "${runs} runs, ${failed} failed"
[ "$failed" -eq 0 ]
