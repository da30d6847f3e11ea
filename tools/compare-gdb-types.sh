#!/bin/sh
# compare-gdb-types.sh [--sample N] FILE...: the structs, unions and
# classes our dbghelp.dll reports (tools/typedump.exe under Wine, our DLL
# forced) against gdb's reading of the same DWARF in the same PE file
# (`ptype /o`): for each type, its size and, in order, each data member's
# offset in bits, size and bitfield width.  gdb lists a class's vtable
# pointer (`_vptr.X`) among its members, Microsoft's model does not (it is
# the class's VTABLE child): gdb's is left out.
#
# With --sample N, N types spread evenly over each file's list are
# compared (gdb takes a while per type on large DLLs).  Prints one line per
# file and the disagreements, and "types: A of T agree" at the end; exit
# status 0 when every type agrees, 1 otherwise, 77 when gdb or Wine is
# missing.
#   top_builddir (the build tree), WINE (wine or wine64 for the tree)
top_builddir=${top_builddir:-.}
abs_top_builddir=$(cd "$top_builddir" && pwd) || exit 99
sample=0
if [ "$1" = --sample ]; then sample=$2; shift 2; fi
command -v gdb >/dev/null 2>&1 || { echo "SKIP: no gdb"; exit 77; }
: "${WINE:=wine}"
command -v "$WINE" >/dev/null 2>&1 || { echo "SKIP: no wine"; exit 77; }
export WINEPREFIX="${WINEPREFIX:-$abs_top_builddir/wineprefix}" WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
work="$abs_top_builddir/compare-gdb-types"
mkdir -p "$work" || exit 99
# our DLL beside a private copy of the tool
cp -f "$abs_top_builddir/tools/typedump.exe" "$abs_top_builddir/dlls/dbghelp/.libs/dbghelp.dll" "$work/" || exit 99
WINE_ARCH=${WINE_ARCH:-x86_64}
[ "$WINE_ARCH" = i686 ] && [ -x /usr/lib/wine/wine ] && WINE=/usr/lib/wine/wine

total=0 agree=0
for file in "$@"; do
    name=$(basename "$file")
    ours="$work/$name.ours" theirs="$work/$name.gdb"
    WINEDLLOVERRIDES=dbghelp=n "$WINE" "$work/typedump.exe" "$(winepath -w "$file" 2>/dev/null || echo "$file")" \
        2>/dev/null | tr -d '\r' > "$ours.all"
    # the types to compare: all, or a sample; not a name two definitions
    # share (which one gdb means by it is unknown)
    grep '^ambiguous ' "$ours.all" | cut -d' ' -f2- > "$work/$name.ambiguous"
    awk 'NR == FNR { amb[$0] = 1; next } /^ambiguous / { next } /^udt / { drop = ($3 in amb) } !drop' \
        "$work/$name.ambiguous" "$ours.all" > "$ours.unique"
    mv -f "$ours.unique" "$ours.all"
    n=$(grep -c '^udt ' "$ours.all")
    if [ "$sample" -gt 0 ] && [ "$n" -gt "$sample" ]; then
        grep '^udt ' "$ours.all" | awk -v n="$n" -v k="$sample" 'BEGIN { step = n / k } { if (NR - 1 >= next_pick) { print; next_pick += step } }'
    else
        grep '^udt ' "$ours.all"
    fi > "$work/$name.pick"
    # our blocks for the picked names
    awk 'NR == FNR { if ($3 !~ /^</) want[$3] = 1; next }
         /^udt / { keep = ($3 in want); if (keep) print "udt", $3, $4, $5; next } keep' \
        "$work/$name.pick" "$ours.all" > "$ours"
    # gdb's answers, one `ptype /o` per type, separated by markers (through
    # gdb's Python, so that a name gdb cannot parse ends only its own answer;
    # MSVC's <unnamed-tag> names nothing gdb knows)
    awk '$3 !~ /^</ { q = $3; gsub(/\047/, "", q)
          printf "python\nprint(\"@@@ %s\")\ntry:\n    gdb.execute(\"ptype /o %s\047%s\047\")\nexcept gdb.error:\n    pass\nend\n",
                 q, ($2 == "class" ? "" : $2 " "), q }' "$work/$name.pick" > "$work/$name.gdbcmd"
    awk '$3 ~ /^</ { skipped++ } END { if (skipped) print skipped + 0 }' "$work/$name.pick" > "$work/$name.skipped"
    gdb -batch -nx -x "$work/$name.gdbcmd" "$file" 2>/dev/null | awk '
        /^@@@ / { if (cur != "") flush(); cur = $2; depth = 0; size = ""; nm = 0; next }
        function flush() { printf "udt %s size %s\n", cur, size; for (i = 1; i <= nm; i++) print m[i] }
        cur == "" { next }
        {
            line = $0
            # the member part after the /* offset | size */ column
            body = line; sub(/^\/\*[^*]*\*\/ */, "", body)
            # (a union member has its size only: offset 0)
            if (depth == 1 && (line ~ /^\/\* +[0-9]+(: *[0-9]+)? +\| +[0-9]+ \*\// ||
                               line ~ /^\/\* +[0-9]+ \*\//)) {
                hdr = line; sub(/^\/\* +/, "", hdr); sub(/ *\*\/.*/, "", hdr)
                if (hdr !~ /\|/) hdr = "0|" hdr
                split(hdr, a, "|"); off = a[1]; sz = a[2] + 0
                bit = 0; if (off ~ /:/) { split(off, b, ":"); off = b[1]; bit = b[2] }
                offbits = (off + 0) * 8 + bit
                if (body !~ /_vptr[.$]/) {
                    width = ""
                    if (body ~ /: *[0-9]+;[^;]*$/) { w = body; sub(/;[^;]*$/, "", w); sub(/.*: */, "", w); width = " " w }
                    m[++nm] = "member " offbits " " sz width
                }
            }
            if (line ~ /total size \(bytes\):/ && depth == 1) { s = line; sub(/.*: */, "", s); sub(/ .*/, "", s); size = s }
            o = gsub(/\{/, "{", body); c = gsub(/\}/, "}", body)
            depth += o - c
        }
        END { if (cur != "") flush() }' > "$theirs"
    # compare block by block
    result=$(awk '
        FNR == 1 { fileno++ }
        /^udt / { key = $2; if (fileno == 1) { order[++n] = key; blk1[key] = $0 } else blk2[key] = $0; cur = key; next }
        { if (fileno == 1) blk1[cur] = blk1[cur] "\n" $0; else blk2[cur] = blk2[cur] "\n" $0 }
        END {
            ok = 0
            for (i = 1; i <= n; i++) {
                k = order[i]
                # a name gdb does not find (a type local to a function)
                if (blk2[k] ~ /size $/ || !(k in blk2)) { unknown++; continue }
                if (blk1[k] == blk2[k]) ok++
                else if (bad++ < 10) printf "  differs: %s\n    ours: %s\n    gdb:  %s\n", k, blk1[k], (k in blk2 ? blk2[k] : "(none)")
            }
            printf "%d %d %d\n", ok, n - unknown, unknown + 0
        }' "$ours" "$theirs")
    counts=$(printf '%s\n' "$result" | tail -n 1)
    a=${counts%% *} rest=${counts#* } t=${rest%% *} u=${rest#* }
    printf '%s\n' "$result" | sed '$d' | sed 's/^/  /' | head -n 60
    echo "$name: $a of $t types agree with gdb ($u that gdb does not find by name, $(wc -l < "$work/$name.ambiguous") names of several definitions left out)"
    total=$((total + t)); agree=$((agree + a))
done
echo "types: $agree of $total agree"
[ "$agree" -eq "$total" ] && [ "$total" -gt 0 ]
