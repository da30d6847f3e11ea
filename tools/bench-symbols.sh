#!/bin/sh
# bench-symbols.sh [FILE.dll...]: symbolization cost, one run, four
# implementations on the same addresses:
#   ours      tools/bench_symbols.exe beside our dbghelp.dll, dbghelp=n
#   builtin   the same exe with Wine's builtin dbghelp.dll, dbghelp=b
#   addr2line x86_64-w64-mingw32-addr2line -f -i -e FILE (i686-... with
#             WINE_ARCH=i686, the i686 tree, on Debian's 32-bit Wine DLLs)
#   llvm      llvm-symbolizer --obj=FILE (inlined frames on, its default)
# Default files: wined3d.dll and mshtml.dll from libwine, and the generated
# 20,000-function DLLs (tools/gen-bigdll.sh) in DWARF 4 and DWARF 5 and
# with a PDB (addr2line reads no PDB: its column is empty there).
# Writes the table to stdout and to $top_builddir/bench-symbols.txt, and the
# raw figures to $top_builddir/bench-symbols/raw.txt.
#
# Figures (see tools/bench_symbols.c for the dbghelp side):
#   first   ms to the first answer (function and file:line of one address):
#           SymLoadModuleExW + SymFromAddrW + SymGetLineFromAddrW64; for the
#           command-line tools, one process given one address on stdin
#           (process start included; Wine's start is not in dbghelp's).
#   names, lines  lookups per second over LOOKUPS (default 200,000) random
#           code addresses (uniform over .pdata function bytes, seed 1;
#           over the code sections of i386 images, which have no .pdata).  The
#           command-line tools answer name and line together, so both
#           columns get the same rate: LOOKUPS / (time for all of them -
#           time for one), that is without the load.
#   heap    MiB of busy heap blocks after the lookups minus before
#           SymInitializeW (dbghelp only); private MiB: growth of committed
#           private memory over the same span (catches VirtualAlloc too).
# Ratios are ours / other: above 1 is better for rates, below 1 is better
# for times and heap.  Each dbghelp lookup figure stops after BUDGET_MS
# (default 15000) ms; a capped rate is measured on the lookups made and
# marked `*`.
set -u
top_builddir=${top_builddir:-.}
abs_top_builddir=$(cd "$top_builddir" && pwd)
: "${WINE:=wine}"
case ${WINE_ARCH:-x86_64} in
i686) triplet=i686-w64-mingw32 pkg=libwine:i386 pedir=i386-windows ;;
*)    triplet=x86_64-w64-mingw32 pkg=libwine:amd64 pedir=x86_64-windows ;;
esac
ADDR2LINE=${ADDR2LINE:-$triplet-addr2line}
LLVM_SYMBOLIZER=${LLVM_SYMBOLIZER:-llvm-symbolizer}
LOOKUPS=${LOOKUPS:-200000}
BUDGET_MS=${BUDGET_MS:-15000}
SEED=${SEED:-1}

exe="$abs_top_builddir/tools/bench_symbols.exe"
lookup="$abs_top_builddir/tools/symlookup.exe"
for f in "$exe" "$lookup" "$abs_top_builddir/dlls/dbghelp/.libs/dbghelp.dll"; do
    [ -f "$f" ] || { echo "missing $f: run make first" >&2; exit 1; }
done
if [ $# -eq 0 ]; then
    wdir=$(dpkg -L $pkg 2>/dev/null | grep "/$pedir/wined3d\\.dll\$" | sed 's,/[^/]*$,,')
    set --
    [ -n "$wdir" ] && set -- "$wdir/wined3d.dll" "$wdir/mshtml.dll"
    set -- "$@" "$abs_top_builddir/tools/bigdll/bigdll-dwarf4.dll" \
        "$abs_top_builddir/tools/bigdll/bigdll-dwarf5.dll"
    [ -f "$abs_top_builddir/tools/bigdll/bigdll-pdb.dll" ] && set -- "$@" "$abs_top_builddir/tools/bigdll/bigdll-pdb.dll"
fi

work="$abs_top_builddir/bench-symbols"
rm -rf "$work"; mkdir -p "$work/ours"
cp -f "$exe" "$abs_top_builddir/dlls/dbghelp/.libs/dbghelp.dll" "$work/ours/"
export WINEPREFIX="${WINEPREFIX:-$abs_top_builddir/wineprefix}" WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY

winpath() {
    case $1 in /*) p=$1 ;; *) p=$(pwd)/$1 ;; esac
    printf 'Z:%s' "$p" | tr / '\\'
}
now_ns() { date +%s%N; }

wfiles=
for f in "$@"; do
    [ -f "$f" ] || { echo "missing $f" >&2; exit 1; }
    wfiles="$wfiles $(winpath "$f")"
done
raw="$work/raw.txt"
: > "$raw"

echo "bench-symbols: $LOOKUPS addresses per file, seed $SEED, dbghelp budget $BUDGET_MS ms per figure" >&2
# shellcheck disable=SC2086  # the Windows paths have no spaces
WINEDLLOVERRIDES="dbghelp=n" "$WINE" "$work/ours/bench_symbols.exe" --impl ours \
    --lookups "$LOOKUPS" --budget-ms "$BUDGET_MS" --seed "$SEED" $wfiles > "$work/ours.out"
echo "bench: impl=ours exit=$?" >> "$work/ours.out"
WINEDLLOVERRIDES="dbghelp=b" "$WINE" "$exe" --impl builtin \
    --lookups "$LOOKUPS" --budget-ms "$BUDGET_MS" --seed "$SEED" $wfiles > "$work/builtin.out"
echo "bench: impl=builtin exit=$?" >> "$work/builtin.out"
tr -d '\r' < "$work/ours.out" >> "$raw"
tr -d '\r' < "$work/builtin.out" >> "$raw"
grep -q 'impl=ours dbghelp=native .*\\ours\\dbghelp.dll' "$raw" ||
    { echo "bench-symbols: our dbghelp.dll was not the one loaded" >&2; cat "$raw" >&2; exit 1; }
grep -q 'impl=builtin dbghelp=builtin' "$raw" ||
    { echo "bench-symbols: Wine's builtin dbghelp.dll was not the one loaded" >&2; exit 1; }

# The command-line tools, on the same addresses.
cli_bench() {  # NAME FILE ADDRS COMMAND...
    name=$1 file=$2 addrs=$3; shift 3
    t0=$(now_ns); head -n 1 "$addrs" | "$@" > /dev/null 2>&1; t1=$(now_ns)
    "$@" < "$addrs" > "$work/$name.out" 2>/dev/null; t2=$(now_ns)
    n=$(wc -l < "$addrs")
    first=$(( (t1 - t0) / 1000 )) all=$(( (t2 - t1) / 1000 ))  # microseconds
    awk -v name="$name" -v file="$file" -v first="$first" -v all="$all" -v n="$n" 'BEGIN {
        steady = all - first; if (steady < 1) steady = 1
        printf "bench: impl=%s file=%s op=first ms=%.1f\n", name, file, first / 1000
        printf "bench: impl=%s file=%s op=names rate=%.0f count=%d capped=0\n", name, file, n * 1e6 / steady, n
        printf "bench: impl=%s file=%s op=lines rate=%.0f count=%d capped=0\n", name, file, n * 1e6 / steady, n
    }' >> "$raw"
}
for f in "$@"; do
    base=$(basename "$f")
    addrs="$work/$base.addrs"
    "$WINE" "$lookup" --sample "$LOOKUPS" --seed "$SEED" "$(winpath "$f")" 2>/dev/null |
        tr -d '\r' > "$addrs"
    case $base in
    *-pdb.dll) ;;   # addr2line reads no PDB
    *) cli_bench addr2line "$base" "$addrs" "$ADDR2LINE" -f -i -e "$f" ;;
    esac
    if command -v "$LLVM_SYMBOLIZER" >/dev/null 2>&1; then
        cli_bench llvm "$base" "$addrs" "$LLVM_SYMBOLIZER" --obj="$f"
    fi
done

# The table.
awk '
function val(impl, file, op, key,   k) { k = impl SUBSEP file SUBSEP op SUBSEP key; return (k in v) ? v[k] : "" }
function answered(impl, file, op,   h) { h = val(impl, file, op, "hits"); return h == "" ? "-" : h "/" val(impl, file, op, "count") }
function partial(a,   p) { if (a == "-") return 0; split(a, p, "/"); return p[1] != p[2] }
function cell(x, fmt) { return x == "" ? "-" : sprintf(fmt, x) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
/^bench: impl=/ {
    impl = ""; file = ""; op = ""
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2]; if (kv[1] == "impl") impl = kv[2]
        if (kv[1] == "file") file = kv[2]; if (kv[1] == "op") op = kv[2] }
    if (file == "") {
        if (f["dbghelp"] != "") where[impl] = f["path"]
        if (f["exit"] != "" && f["exit"] != 0) failed[impl] = f["exit"]
        delete f; next
    }
    if (!(file in seen)) { seen[file] = 1; files[++nf] = file }
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[impl, file, op, kv[1]] = kv[2] }
    delete f
}
END {
    printf "%-18s %-13s %11s %11s %11s %11s %8s %8s %8s\n", "file", "figure", "ours", "builtin",
        "addr2line", "llvm-sym", "/builtin", "/a2l", "/llvm"
    for (k = 1; k <= nf; k++) {
        file = files[k]
        o = val("ours", file, "first", "ms"); b = val("builtin", file, "first", "ms")
        a = val("addr2line", file, "first", "ms"); l = val("llvm", file, "first", "ms")
        printf "%-18s %-13s %11s %11s %11s %11s %8s %8s %8s\n", file, "first ms", cell(o, "%.1f"),
            cell(b, "%.1f"), cell(a, "%.1f"), cell(l, "%.1f"), ratio(o, b), ratio(o, a), ratio(o, l)
        for (j = 0; j <= 2; j++) {
            op = j == 0 ? "cold" : j == 1 ? "names" : "lines"
            o = val("ours", file, op, "rate"); b = val("builtin", file, op, "rate")
            a = val("addr2line", file, op, "rate"); l = val("llvm", file, op, "rate")
            oc = val("ours", file, op, "capped") == 1 ? "*" : ""
            bc = val("builtin", file, op, "capped") == 1 ? "*" : ""
            printf "%-18s %-13s %11s %11s %11s %11s %8s %8s %8s\n", "",
                (j == 0 ? "1st pass/s" : j == 1 ? "SymFromAddr/s" : "lines/s"), cell(o, "%.0f") oc, cell(b, "%.0f") bc,
                cell(a, "%.0f"), cell(l, "%.0f"), ratio(o, b), ratio(o, a), ratio(o, l)
            oh = answered("ours", file, op); bh = answered("builtin", file, op)
            if (partial(oh) || partial(bh))
                printf "%-18s %-13s %11s %11s\n", "", "  answered", oh, bh
        }
        o = val("ours", file, "heap", "bytes"); b = val("builtin", file, "heap", "bytes")
        printf "%-18s %-13s %11s %11s %11s %11s %8s\n", "", "heap MiB", cell(o == "" ? "" : o / 1048576, "%.1f"),
            cell(b == "" ? "" : b / 1048576, "%.1f"), "-", "-", ratio(o, b)
        o = val("ours", file, "heap", "private"); b = val("builtin", file, "heap", "private")
        printf "%-18s %-13s %11s %11s %11s %11s %8s\n", "", "private MiB", cell(o == "" ? "" : o / 1048576, "%.1f"),
            cell(b == "" ? "" : b / 1048576, "%.1f"), "-", "-", ratio(o, b)
        o = val("ours", file, "heap", "left"); b = val("builtin", file, "heap", "left")
        if (o + 0 > 65536 || b + 0 > 65536)
            printf "%-18s %-13s %11s %11s\n", "", "left MiB", cell(o == "" ? "" : o / 1048576, "%.2f"),
                cell(b == "" ? "" : b / 1048576, "%.2f")
    }
    print ""
    print "ratios are ours / other (rates: above 1 is better; first ms and heap: below 1 is better)."
    print "first: dbghelp = SymLoadModuleExW + SymFromAddrW + SymGetLineFromAddrW64 of one address,"
    print "  no deferred loads; addr2line/llvm-symbolizer = a process given one address (start included)."
    print "addr2line/llvm rates: all addresses through one process minus the one-address run; both"
    print "  columns show that one rate (they answer name and line together, with inlined frames)."
    print "1st pass: SymFromAddrW over the addresses the first time (ours reads large DWARF one unit at"
    print "  a time on demand: the reading not done for the first answer is paid here); SymFromAddr/s:"
    print "  the same addresses again."
    print "* = capped by the time budget: rate measured on the lookups made (count in raw.txt)."
    print "answered = lookups that returned TRUE, shown when not all did."
    print "heap = busy HeapWalk blocks after the lookups minus before; private = committed private memory, same span."
    print "left = heap still in use after SymCleanup, shown when over 64 KiB."
    for (i in where) printf "%s: %s\n", i, where[i]
    for (i in failed) printf "WARNING: the %s run exited with status %s (crash or failed call): figures missing\n", i, failed[i]
}' "$raw" | tee "$abs_top_builddir/bench-symbols.txt"
