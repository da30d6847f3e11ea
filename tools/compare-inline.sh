#!/bin/sh
# compare-inline.sh [-n N] [--seed S] FILE.dll...: the whole inline chain
# of sampled code addresses, ours (tools/symlookup.exe --inline through our
# dbghelp.dll under Wine) against llvm-symbolizer's (`--output-style=GNU
# -a -f -i`, which reads DWARF or the image's PDB): for every address the
# frames from the innermost inlined call out to the function holding it,
# must name the same functions, and the frame holding the address must
# have the same file base name and line.  The lines of the inlined frames
# are counted, not required: llvm-symbolizer 14 does not give them the
# line the PDB's binary annotations give (llvm-pdbutil's decoding of the
# same annotations, which ours follows; mostly one line more, at times
# another), while the symbol fixture's inlined code records its lines
# with __LINE__ at run time and the line area finds ours equal to them.  Addresses llvm-symbolizer knows no function for are left out.
# Prints per-file counts and the first disagreements; exit 1 when a chain
# differs.  Run from a
# build directory (or set top_builddir).
set -u
n=1000 seed=1
while [ $# -gt 0 ]; do
    case $1 in
    -n) n=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) break ;;
    esac
done
top_builddir=${top_builddir:-.}
abs_top_builddir=$(cd "$top_builddir" && pwd)
: "${WINE:=wine}"
LLVM_SYMBOLIZER=${LLVM_SYMBOLIZER:-llvm-symbolizer}
script_dir=$(cd "$(dirname "$0")" && pwd)
case ${WINE_ARCH:-x86_64} in
i686) OBJDUMP=${OBJDUMP:-i686-w64-mingw32-objdump} ;;
*)    OBJDUMP=${OBJDUMP:-x86_64-w64-mingw32-objdump} ;;
esac
exe=$abs_top_builddir/tools/symlookup.exe
[ -f "$exe" ] || { echo "missing $exe: run make first" >&2; exit 99; }
work=$abs_top_builddir/compare-inline
rm -rf "$work"; mkdir -p "$work/run"
cp -f "$exe" "$abs_top_builddir/dlls/dbghelp/.libs/dbghelp.dll" "$work/run/" || exit 99
export WINEPREFIX="${WINEPREFIX:-$abs_top_builddir/wineprefix}" WINEDEBUG=-all WINEDLLOVERRIDES=dbghelp=n
unset DISPLAY WAYLAND_DISPLAY
winpath() { case $1 in /*) p=$1 ;; *) p=$(pwd)/$1 ;; esac; printf 'Z:%s' "$p" | tr / '\\'; }
# "addr<TAB>frame;frame;..." with frame = name@file-base:line, from the
# addr2line -a -f -i form both print.
CHAINS='
function flush() { if (addr != "") print addr "\t" chain }
/^0x[0-9a-f]+$/ { flush(); addr = $0; sub(/^0x0*/, "", addr); chain = ""; k = 0; next }
{ if (k % 2 == 0) fn = $0
  else { loc = $0; sub(/ \(discriminator [0-9]+\)$/, "", loc); gsub(/\\/, "/", loc); sub(/^.*\//, "", loc)
         chain = chain (chain == "" ? "" : ";") fn "@" loc }
  k++ }
END { flush() }'
status=0 all=0 all_inl=0 all_eq=0
for f in "$@"; do
    b=$(basename "$f")
    wf=$(winpath "$f")
    "$WINE" "$work/run/symlookup.exe" --sample "$n" --seed "$seed" "$wf" 2>/dev/null | tr -d '\r' > "$work/$b.addrs"
    "$WINE" "$work/run/symlookup.exe" --inline "$wf" < "$work/$b.addrs" 2> "$work/$b.err" | tr -d '\r' |
        awk "$CHAINS" > "$work/$b.ours"
    case $(head -n 1 "$work/$b.err" | tr -d '\r') in
    "dbghelp: native "*'\run\dbghelp.dll') ;;
    *) echo "$b: our dbghelp.dll was not loaded"; status=99; continue ;;
    esac
    "$LLVM_SYMBOLIZER" --output-style=GNU -a -f -i -e "$f" < "$work/$b.addrs" | awk "$CHAINS" > "$work/$b.ref"
    # Rows sharing an address: llvm-symbolizer takes the first, dbghelp the
    # last (tools/pdb-rows.sh).
    rows=
    if [ -f "${f%.*}.pdb" ] && command -v llvm-pdbutil >/dev/null 2>&1; then
        rows=$work/$b.rows
        OBJDUMP=$OBJDUMP sh "$script_dir/pdb-rows.sh" "$f" "${f%.*}.pdb" > "$rows"
    fi
    paste "$work/$b.ref" "$work/$b.ours" | awk -F '\t' -v file="$b" -v bad="$work/$b.bad" -v rows="$rows" -v script_dir="$script_dir" '
        # the function names of a chain; ours i386 publics keep their C
        # decoration, which llvm-symbolizer drops ("_f@8" is f)
        function fname(f) { sub(/@[^@]*$/, "", f); return f }
        function undecorated(n) { sub(/^[_@]/, "", n); sub(/@[0-9]+$/, "", n); return n }
        function same_names(r, o,   nr, no, i, rf, of, a, b) { nr = split(r, rf, ";"); no = split(o, of, ";")
            if (nr != no) return 0
            for (i = 1; i <= nr; i++) { a = fname(rf[i]); b = fname(of[i]); if (a != b && a != undecorated(b)) return 0 }
            return 1 }
        function lineof(f) { sub(/^.*:/, "", f); return f + 0 }
        function locof(f) { sub(/^.*@/, "", f); return f }
        $2 ~ /^\?\?@/ || $2 ~ /^@/ { next }   # no function known to llvm-symbolizer
        { total++; nr = split($2, rf, ";"); no = split($4, of, ";"); if (nr > 1) ninl++
          if ($1 != $3) { mis++; next }
          if (!same_names($2, $4)) { print "0x" $1 "\n  llvm: " $2 "\n  ours: " $4 > bad; next }
          eq++
          # the frame holding the address: its line (the call site)
          if (locof(rf[nr]) == locof(of[no]) ||
              (rows != "" && system("sh \"" script_dir "/pdb-rows.sh\" --shared \"" rows "\" " $1 " " lineof(rf[nr]) " " lineof(of[no])) == 0))
              outer++
          else print "0x" $1 " (outer line)\n  llvm: " $2 "\n  ours: " $4 > bad
          for (i = 1; i < nr; i++) { inner++; if (rf[i] == of[i]) ieq++; else if (lineof(rf[i]) == lineof(of[i]) + 1) ione++ } }
        END { printf "%-24s %6d addresses, %5d with inlined frames: name chains %d/%d, lines of the outer frame %d/%d, of inlined frames %d/%d (%d one more in llvm-symbolizer)%s\n",
                  file, total, ninl, eq, total, outer, eq, ieq, inner, ione, mis ? ", misaligned " mis : ""
              print total + 0, ninl + 0, eq + 0, outer + 0 > (bad ".n") }'
    read t i e o < "$work/$b.bad.n"
    all=$((all + t)) all_inl=$((all_inl + i)) all_eq=$((all_eq + e))
    if [ "$e" -ne "$t" ] || [ "$o" -ne "$e" ]; then status=1; head -n 12 "$work/$b.bad"; fi
done
echo "inline chains: $all_eq of $all addresses with the same functions ($all_inl with inlined frames)"
exit $status
