#!/bin/bash
# Run the test suites of both build trees (after tools/setup.sh):
#   make -C _build/x86_64 check, make -C _build/i686 check (side by side),
#   then make -C _build/x86_64 distcheck
# each under its own Wine prefix, carrying on past a failure.
# Exit status: 0 if both passed, 1 if any failed, 2 if setup was never run.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"

if [ ! -f _build/x86_64/Makefile ]; then
    echo "check: _build/x86_64 is not configured: run tools/setup.sh first" >&2
    exit 2
fi

unset DISPLAY WAYLAND_DISPLAY
export WINEDEBUG=-all

passed=()
failed=()
# The two trees are independent (each has its own Wine prefix and
# wineserver): the i686 tree's check runs beside the x86_64 tree's check and
# distcheck, its output kept in a file and shown when it is done.  Both
# Wine-bound suites spend much of their time waiting, so the two cores
# carry both.
run_tree() {
    WINEPREFIX=$TOP/_build/$1/wineprefix make -C "_build/$1" check
}
i686_log=_build/i686/check.log
i686_pid=
if [ -f _build/i686/Makefile ]; then
    echo "check: make -C _build/i686 check (in the background, output in $i686_log)"
    run_tree i686 > "$i686_log" 2>&1 &
    i686_pid=$!
else
    echo "check: _build/i686 is not configured (run tools/setup.sh)" >&2
    failed+=(i686)
fi
echo "check: make -C _build/x86_64 check"
if run_tree x86_64; then
    passed+=(x86_64)
else
    echo "check: make -C _build/x86_64 check FAILED" >&2
    failed+=(x86_64)
fi

# The release tarball must build and pass its tests too (x86_64 tree).
dist_ok=0
echo "check: make -C _build/x86_64 distcheck"
if WINEPREFIX=$TOP/_build/x86_64/wineprefix make -C _build/x86_64 distcheck >_build/x86_64/distcheck.log 2>&1; then
    dist_ok=1
    passed+=("distcheck")
    echo "check: distcheck passed"
else
    failed+=("distcheck")
    echo "check: make distcheck FAILED; the end of _build/x86_64/distcheck.log:" >&2
    tail -n 30 _build/x86_64/distcheck.log >&2
fi

if [ -n "$i686_pid" ]; then
    if wait "$i686_pid"; then i686_ok=1; else i686_ok=0; fi
    echo "check: make -C _build/i686 check, its output:"
    cat "$i686_log"
    if [ $i686_ok = 1 ]; then
        passed+=(i686)
    else
        echo "check: make -C _build/i686 check FAILED" >&2
        failed+=(i686)
    fi
fi

# The plain totals over both trees, from automake's test-suite logs; the
# conformance coverage table is in _build/x86_64/conformance-results.md.
np=0; nf=0; ns=0
for ARCH in x86_64 i686; do
    log=_build/$ARCH/test-suite.log
    [ -f "$log" ] || continue
    p=$(sed -n 's/^# PASS: *//p' "$log"); f=$(sed -n 's/^# FAIL: *//p' "$log")
    e=$(sed -n 's/^# ERROR: *//p' "$log"); k=$(sed -n 's/^# SKIP: *//p' "$log")
    np=$((np + ${p:-0})); nf=$((nf + ${f:-0} + ${e:-0})); ns=$((ns + ${k:-0}))
done
if [ $dist_ok = 1 ]; then np=$((np + 1)); else nf=$((nf + 1)); fi
for ARCH in x86_64 i686; do
    if [ -f _build/$ARCH/conformance-results.md ]; then
        echo "conformance, $ARCH tree:"
        cat _build/$ARCH/conformance-results.md
    fi
done
if [ ${#failed[@]} -eq 0 ]; then
    echo "check: all build trees passed (${passed[*]})"
    echo "$np passed, $nf failed, $ns skipped"
    exit 0
fi
echo "check: FAILED in: ${failed[*]}${passed[*]:+ (passed: ${passed[*]})}"
echo "$np passed, $nf failed, $ns skipped"
exit 1
