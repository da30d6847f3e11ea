#!/bin/sh
# compare-addr2line.sh: our dbghelp.dll (through tools/symlookup.exe under
# Wine) against mingw's addr2line on real PE files: x86_64 in the x86_64
# tree, i386 (WINE_ARCH=i686: i686-w64-mingw32-addr2line, Debian's 32-bit
# Wine DLLs) in the i686 tree.
#
#   tools/compare-addr2line.sh [options] [FILE.dll...]
#     --dll ours|builtin   which dbghelp.dll symlookup uses (default ours:
#                          dlls/dbghelp/.libs/dbghelp.dll copied beside
#                          symlookup.exe, WINEDLLOVERRIDES=dbghelp=n;
#                          builtin: Wine's, WINEDLLOVERRIDES=dbghelp=b)
#     -n N                 addresses per file (default 2000)
#     --seed S             sampling seed (default 1)
#     --names-min PCT      exit 1 when name agreement is below (default 99.5)
#     --lines-min PCT      exit 1 when file:line agreement is below (default 99.0)
#     --show K             disagreements listed per kind (default 20)
#     --ref llvm           the reference is llvm-symbolizer (its GNU output
#                          style, which is addr2line's) instead of addr2line:
#                          it reads PDBs, so the images may be PDB-built.
#                          Where the PDB (FILE's .pdb beside it, read with
#                          llvm-pdbutil dump -l) has several rows at one
#                          address, llvm-symbolizer answers the first row's
#                          line and dbghelp (ours) the last's, the one that
#                          holds the code (addr2line's rule for DWARF, and
#                          the symbol fixture's __LINE__ markers agree): such
#                          addresses are counted as agreeing and listed
#                          ("shared rows") when both lines are rows there.
# Run from the build directory (or set top_builddir).  Without files it
# takes 24 DLLs of Debian's libwine package for the tree's architecture: the 4 largest (mshtml,
# wined3d, shell32, msxml3) and 20 spread evenly over the rest by size.
#
# Addresses: symlookup --sample draws N code addresses uniformly over the
# bytes of the file's .pdata RUNTIME_FUNCTION ranges (Begin..End), read from
# the file, deterministic for a seed (i386 images have no .pdata: their
# executable sections).  Every such address is inside a real
# function, which sampling .text is not (padding, thunks, data in code), and
# it needs no DWARF pass (objdump --dwarf=info takes minutes on wined3d).
# Addresses for which addr2line knows no function (assembly, CRT code built
# without debug info) are left out of the name figure, and those for which
# it knows no line out of the line figures; both counts are printed.
#
# Reference: `addr2line -a -f -i`; with -i the entries of one address go
# from the innermost inlined function to the outermost, so the LAST entry
# names the function that physically holds the address, and its file:line
# is the location in that function (the call site of the inlined code).
# That is what SymFromAddr and SymGetLineFromAddr64 must report.
#
# Figures:
#   names  function names equal (symlookup's NAME+0xOFF without +0xOFF)
#   lines  file base name and line number equal
#   paths  full path and line equal after normalising both (\ -> /, drive
#          letter dropped, ./ and x/.. folded); DWARF here says comp_dir "."
#          so addr2line's paths are relative ("./dlls/...")
# Per-file rows, totals, the first disagreements with both answers; full
# lists in $top_builddir/compare-addr2line/<mode>/.
set -u

mode=ours n=2000 seed=1 names_min=99.5 lines_min=99.0 show=20 ref=addr2line
while [ $# -gt 0 ]; do
    case $1 in
    --dll) mode=$2; shift 2 ;;
    -n) n=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --names-min) names_min=$2; shift 2 ;;
    --lines-min) lines_min=$2; shift 2 ;;
    --show) show=$2; shift 2 ;;
    --ref) ref=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
case $mode in ours|builtin) ;; *) echo "--dll ours|builtin" >&2; exit 2 ;; esac

top_builddir=${top_builddir:-.}
abs_top_builddir=$(cd "$top_builddir" && pwd)
: "${WINE:=wine}"
case ${WINE_ARCH:-x86_64} in
i686) triplet=i686-w64-mingw32 pkg=libwine:i386 pedir=i386-windows code_section=.text ;;
*)    triplet=x86_64-w64-mingw32 pkg=libwine:amd64 pedir=x86_64-windows code_section=.pdata ;;
esac
ADDR2LINE=${ADDR2LINE:-$triplet-addr2line}
case $ref in
addr2line) ;;
llvm) ADDR2LINE=${LLVM_SYMBOLIZER:-llvm-symbolizer} ;;
*) echo "--ref addr2line|llvm" >&2; exit 2 ;;
esac
# The reference on stdin's addresses: addr2line -a -f -i -e FILE, or
# llvm-symbolizer printing the same.
run_ref() {
    if [ "$ref" = llvm ]; then "$ADDR2LINE" --output-style=GNU "$@"; else "$ADDR2LINE" "$@"; fi
}
exe="$abs_top_builddir/tools/symlookup.exe"
[ -f "$exe" ] || { echo "missing $exe: run make first" >&2; exit 99; }
command -v "$WINE" >/dev/null 2>&1 || { echo "wine not found" >&2; exit 77; }
command -v "$ADDR2LINE" >/dev/null 2>&1 || { echo "$ADDR2LINE not found" >&2; exit 77; }

if [ $# -eq 0 ]; then
    list=$(dpkg -L $pkg 2>/dev/null | grep "/$pedir/[^/]*\\.dll\$")
    [ -n "$list" ] || { echo "no $pkg $pedir DLLs found; give files" >&2; exit 77; }
    # largest first; the 4 largest, then 20 at even steps through the rest,
    # each step moving on to the next file when one has no code (.pdata),
    # as resource-only and forwarding DLLs do
    sorted=$(ls -S $list)
    total=$(printf '%s\n' "$sorted" | wc -l)
    picks=$(awk -v n="$total" 'BEGIN { for (i = 1; i <= 4 && i <= n; i++) print i
        for (k = 0; k < 20 && n > 4; k++) print 5 + int(k * (n - 5) / 19) }')
    set --
    last=0
    for i in $picks; do
        [ "$i" -le "$last" ] && i=$((last + 1))
        step=1 start=$i
        while :; do
            if [ "$i" -gt "$total" ]; then step=-1 i=$((start - 1)); fi   # past the end: look back
            [ "$i" -gt "$last" ] || break
            f=$(printf '%s\n' "$sorted" | sed -n "${i}p")
            "${OBJDUMP:-$triplet-objdump}" -h "$f" 2>/dev/null | grep -q " \\$code_section " && break
            i=$((i + step))
        done
        [ "$i" -gt "$last" ] || continue
        set -- "$@" "$f"
        last=$i
    done
fi

work="$abs_top_builddir/compare-addr2line/$mode"
rm -rf "$work"; mkdir -p "$work/run"
cp -f "$exe" "$work/run/"
export WINEPREFIX="${WINEPREFIX:-$abs_top_builddir/wineprefix}"
export WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
if [ "$mode" = ours ]; then
    cp -f "$abs_top_builddir/dlls/dbghelp/.libs/dbghelp.dll" "$work/run/" || exit 99
    export WINEDLLOVERRIDES="dbghelp=n"
else
    export WINEDLLOVERRIDES="dbghelp=b"
fi

winpath() {  # absolute unix path -> Z:\... (Wine's Z: is /)
    case $1 in /*) p=$1 ;; *) p=$(pwd)/$1 ;; esac
    printf 'Z:%s' "$p" | tr / '\\'
}

# addr2line -a -f -i output -> "addr<TAB>func<TAB>loc" with the LAST entry
# of each address (the outermost function).
A2L_LAST='
function flush() { if (addr != "") print addr "\t" fn "\t" loc }
/^0x[0-9a-f]+$/ { flush(); addr = $0; sub(/^0x0*/, "", addr); k = 0; next }
{ if (k % 2 == 0) fn = $0; else loc = $0; k++ }
END { flush() }'
# symlookup output -> the same three columns
OURS_COLS='
{ addr = $1; sub(/^0x0*/, "", addr); fn = $2; sub(/\+0x[0-9a-f]+$/, "", fn)
  loc = $3; for (i = 4; i <= NF; i++) loc = loc " " $i
  print addr "\t" fn "\t" loc }'
# Both column files side by side -> per-file counts and disagreement lists.
COMPARE='
function strip(l) { sub(/ \(discriminator [0-9]+\)$/, "", l); return l }
function fileof(l) { l = strip(l); sub(/:[^:]*$/, "", l); return l }
function lineof(l) { l = strip(l); sub(/^.*:/, "", l); return l }
function norm(p,   n, i, out, parts, k, stack) {
    gsub(/\\/, "/", p); sub(/^[A-Za-z]:/, "", p)
    n = split(p, parts, "/"); k = 0
    for (i = 1; i <= n; i++) {
        if (parts[i] == "." || (parts[i] == "" && i > 1)) continue
        if (parts[i] == ".." && k > 0 && stack[k] != ".." && stack[k] != "") { k--; continue }
        stack[++k] = parts[i]
    }
    out = ""; for (i = 1; i <= k; i++) out = out (i > 1 ? "/" : "") stack[i]
    return out
}
function base(p) { gsub(/\\/, "/", p); sub(/^.*\//, "", p); return p }
# i386 C decorations: addr2line names a symbol-table function f@8 (stdcall)
# where dbghelp undecorates the public to f
function cname(n) { sub(/^@/, "", n); sub(/@[0-9]+$/, "", n); return n }
BEGIN { FS = "\t" }
# Are l1 and l2 both rows at the row address covering a (pdb-rows.sh)?
function shared(a, l1, l2) { return system("sh \"" script_dir "/pdb-rows.sh\" --shared \"" rows "\" " a " " l1 " " l2) == 0 }
{
    total++
    if ($1 != $4) { misaligned++; next }
    rfn = $2; rloc = $3; ofn = $5; oloc = $6
    if (rfn != "??" && rfn != "") {   # (llvm-symbolizer: an empty name for code it knows no function of)
        nref++
        # (llvm-symbolizer prints an i386 public undecorated: "_f@8" as f)
        if (cname(rfn) == cname(ofn) || (llvm && "_" cname(rfn) == cname(ofn))) nok++
        else print "name\t" dll "\t0x" $1 "\t" rfn "\t" ofn > bad
    } else nonames++
    rf = fileof(rloc); rl = lineof(rloc)
    if (rf != "??" && rf != "" && rl ~ /^[0-9]+$/ && rl > 0) {
        lref++
        of = fileof(oloc); ol = lineof(oloc)
        if (base(rf) == base(of) && rl == ol) lok++
        else if (base(rf) == base(of) && rows != "" && shared($1, rl, ol)) {
            lok++; pok++
            print "shared rows\t" dll "\t0x" $1 "\t" strip(rloc) "\t" oloc > bad
        }
        else print "line\t" dll "\t0x" $1 "\t" strip(rloc) " (" rfn ")\t" oloc " (" ofn ")" > bad
        # paths: listed only when base name and line agree
        if (norm(rf) == norm(of) && rl == ol) pok++
        else if (base(rf) == base(of) && rl == ol && npath++ < 3)
            print "path\t" dll "\t0x" $1 "\t" strip(rloc) "\t" oloc > bad
    } else nolines++
}
END { printf "%s %d %d %d %d %d %d %d %d %d\n", dll, total, nref, nok, lref, lok, pok, nonames, nolines, misaligned }'

printf '%s: %d addresses per file, seed %s, %d files\n' "$mode" "$n" "$seed" $#
printf '%-22s %9s %7s %17s %17s %17s\n' file size sampled names lines paths
: > "$work/counts"; : > "$work/disagreements"
status=0
for f in "$@"; do
    dll=$(basename "$f")
    wf=$(winpath "$f")
    "$WINE" "$work/run/symlookup.exe" --sample "$n" --seed "$seed" "$wf" \
        > "$work/$dll.addrs" 2> "$work/$dll.sample.err" ||
        { echo "$dll: sampling failed: $(cat "$work/$dll.sample.err")"; status=99; continue; }
    tr -d '\r' < "$work/$dll.addrs" > "$work/$dll.addrs.tmp" && mv -f "$work/$dll.addrs.tmp" "$work/$dll.addrs"
    run_ref -a -f -i -e "$f" < "$work/$dll.addrs" | awk "$A2L_LAST" > "$work/$dll.ref"
    "$WINE" "$work/run/symlookup.exe" "$wf" < "$work/$dll.addrs" 2> "$work/$dll.err" |
        tr -d '\r' | awk "$OURS_COLS" > "$work/$dll.got"
    loaded=$(head -n 1 "$work/$dll.err" | tr -d '\r')
    case $mode:$loaded in
    "ours:dbghelp: native "*'\run\dbghelp.dll') ;;
    "builtin:dbghelp: builtin "*) ;;
    *) echo "$dll: wrong dbghelp.dll for $mode: '$loaded'"; status=99; continue ;;
    esac
    # --ref llvm: the addresses the PDB gives several rows, as
    # "ADDR LINE" (absolute, hexadecimal) for each of those rows.
    rows=
    pdb=${f%.*}.pdb
    if [ "$ref" = llvm ] && [ -f "$pdb" ] && command -v llvm-pdbutil >/dev/null 2>&1; then
        rows="$work/$dll.rows"
        OBJDUMP=${OBJDUMP:-$triplet-objdump} sh "$(dirname "$0")/pdb-rows.sh" "$f" "$pdb" > "$rows"
    fi
    paste "$work/$dll.ref" "$work/$dll.got" |
        awk -v dll="$dll" -v bad="$work/$dll.bad" -v rows="$rows" -v script_dir="$(cd "$(dirname "$0")" && pwd)" -v llvm=$([ "$ref" = llvm ] && echo 1 || echo 0) \
            "$COMPARE" > "$work/$dll.count"
    [ -f "$work/$dll.bad" ] && cat "$work/$dll.bad" >> "$work/disagreements"
    cat "$work/$dll.count" >> "$work/counts"
    size=$(wc -c < "$f")
    awk -v size="$size" '{
        printf "%-22s %8.1fM %7d %8d/%-5d%6.2f%% %8d/%-5d%6.2f%% %8d/%-5d%6.2f%%\n",
            $1, size / 1048576, $2, $4, $3, $3 ? 100 * $4 / $3 : 0,
            $6, $5, $5 ? 100 * $6 / $5 : 0, $7, $5, $5 ? 100 * $7 / $5 : 0
        if ($10) printf "  %d addresses misaligned between addr2line and symlookup\n", $10
    }' "$work/$dll.count"
done

awk -v names_min="$names_min" -v lines_min="$lines_min" -v mode="$mode" '
{ files++; total += $2; nref += $3; nok += $4; lref += $5; lok += $6; pok += $7
  nonames += $8; nolines += $9; mis += $10 }
END {
    np = nref ? 100 * nok / nref : 0; lp = lref ? 100 * lok / lref : 0
    pp = lref ? 100 * pok / lref : 0
    printf "totals (%s, %d files, %d addresses; %d without an addr2line function, %d without an addr2line line):\n",
        mode, files, total, nonames, nolines
    printf "names: %d/%d (%.2f%%)\n", nok, nref, np
    printf "lines: %d/%d (%.2f%%)\n", lok, lref, lp
    printf "paths: %d/%d (%.2f%%)\n", pok, lref, pp
    if (mis) printf "misaligned: %d\n", mis
    ok = np >= names_min && lp >= lines_min && !mis && files
    printf "%s: names >= %s%% and lines >= %s%%\n", ok ? "PASS" : "FAIL", names_min, lines_min
    exit ok ? 0 : 1
}' "$work/counts" > "$work/totals"
rc=$?
for kind in name line path; do
    # at most 3 per file so that the list shows several files
    awk -F '\t' -v kind="$kind" -v show="$show" '
        $1 == kind && per[$2]++ < 3 && shown++ < show {
            if (!hdr++) printf "first %s disagreements (file, address, addr2line | ours):\n", kind
            printf "  %s %s  %s  |  %s\n", $2, $3, $4, $5 }' "$work/disagreements"
done
cat "$work/totals"
echo "lists: $work/*.bad"
[ $status -ne 0 ] && exit $status
exit $rc
