#!/bin/sh
# run.sh BUILDDIR SRCDIR SECONDS: `make fuzz`.  Builds each target of
# tools/fuzz/ with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs it for SECONDS from the seeds of
# seeds.sh (its corpus grows in BUILDDIR/fuzz/TARGET/corpus).  FUZZ_TARGETS
# picks some (default: all).  Prints the
# executions and coverage of each; a crash, leak, timeout or out-of-memory
# leaves its input in BUILDDIR/fuzz/TARGET/ and makes the run fail: minimise
# it (TARGET -minimize_crash=1 -runs=100000 FILE) and keep it in
# tools/fuzz/corpus/TARGET/, which `make check` replays.
b=$1 src=$2 secs=${3:-60}
: "${FUZZ_CC:=clang}"
command -v "$FUZZ_CC" >/dev/null 2>&1 || { echo "fuzz: $FUZZ_CC not found (tools/setup.sh installs clang)" >&2; exit 1; }
core=$src/dlls/dbghelp
work=$(cd "$b" && pwd)/fuzz
mkdir -p "$work" || exit 1
sh "$src/tools/fuzz/seeds.sh" "$b" "$src" "$work/seeds" || exit 1
# libdwarf for the symbols target: the same 0.11.1 source as the DLLs',
# built with clang and instrumented like the targets, so that libFuzzer
# sees its coverage and ASan/UBSan its bugs.  The source cache is the one
# of the native build (configure's --with-native-libdwarf, in _deps/).
[ -f "$NATIVE_LIBDWARF/lib/libdwarf.a" ] || { echo "fuzz: no native libdwarf in '$NATIVE_LIBDWARF' (tools/setup.sh)" >&2; exit 1; }
fuzz_dwarf=$work/libdwarf
DEPS_DIR=$(dirname "$NATIVE_LIBDWARF") CC=$FUZZ_CC \
    CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
    bash "$src/tools/build-libdwarf.sh" native "$fuzz_dwarf" >"$work/libdwarf.log" 2>&1 ||
    { tail -n 20 "$work/libdwarf.log" >&2; echo "fuzz: building the instrumented libdwarf failed" >&2; exit 1; }
rc=0
for t in ${FUZZ_TARGETS:-image symbols pdb unwind undname dump}; do
    case $t in
    image) extra="$core/pe.c $core/msf.c $core/arena.c $core/coff.c $core/symtab.c" max=1048576 ;;
    symbols) extra="$core/pe.c $core/arena.c $core/coff.c $core/symtab.c $core/dwarf.c $core/dwtypes.c $core/types.c -I$fuzz_dwarf/include $fuzz_dwarf/lib/libdwarf.a"
             max=1048576 ;;
    pdb) extra="$core/pdb.c $core/pdbtypes.c $core/types.c $core/msf.c $core/pe.c $core/arena.c $core/symtab.c" max=1048576 ;;
    unwind) extra="$core/unwind.c" max=65536 ;;
    undname) extra="$core/undname.c $core/undname_itanium.c" max=514 ;;
    dump) extra="$core/mdmp.c $core/arena.c $core/pe.c" max=262144 ;;
    esac
    mkdir -p "$work/$t/corpus"
    # shellcheck disable=SC2086
    "$FUZZ_CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I"$core" \
        "$src/tools/fuzz/fuzz_$t.c" $extra -o "$work/$t/fuzz_$t" || { rc=1; continue; }
    (cd "$work/$t" && ASAN_OPTIONS=detect_leaks=1 ./fuzz_$t -max_total_time="$secs" -max_len=$max \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 corpus "$work/seeds/$t" > log.txt 2>&1)
    st=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log.txt")
    cov=$(grep -o 'cov: [0-9]*' "$work/$t/log.txt" | tail -n 1)
    echo "fuzz: $t: ${runs:-?} executions in $secs s, ${cov:-cov: ?}, exit $st"
    if [ $st -ne 0 ]; then
        rc=1
        grep -E 'ERROR|SUMMARY|runtime error' "$work/$t/log.txt" | head -n 5
    fi
done
exit $rc
