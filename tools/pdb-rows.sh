#!/bin/sh
# pdb-rows.sh FILE.dll FILE.pdb: the addresses where the PDB's line tables
# (llvm-pdbutil dump -l) have several rows, one "ADDR LINE" line per row
# there (ADDR absolute, hexadecimal, at the image's preferred base; the
# sections' addresses from objdump -h).  llvm-symbolizer answers the first
# row's line at such an address, dbghelp the last's (the row that holds
# the code): the comparison scripts count both lines as agreeing there.
#
# pdb-rows.sh --shared ROWS ADDR LINE1 LINE2: exit 0 when, at the last row
# address at or below ADDR (hexadecimal) of ROWS (the output above), both
# lines are rows, else 1.
if [ "$1" = --shared ]; then
    exec awk -v a="$3" -v l1="$4" -v l2="$5" '
        function hexval(h,   i, v) { v = 0; h = tolower(h); for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return v }
        BEGIN { sub(/^0x/, "", a); av = hexval(a); best = -1 }
        { v = hexval($1); if (v <= av && v >= best) { if (v > best) { best = v; h1 = h2 = 0 } if ($2 == l1) h1 = 1; if ($2 == l2) h2 = 1 } }
        END { exit !(best >= 0 && h1 && h2) }' "$2"
fi
f=$1 pdb=$2
: "${OBJDUMP:=x86_64-w64-mingw32-objdump}"
{ "$OBJDUMP" -h "$f" | awk '/^ *[0-9]+ / { print "sec", $1 + 1, $4 }'
  llvm-pdbutil dump -l "$pdb" 2>/dev/null; } | awk '
    function hexval(h,   i, c, v) { v = 0; h = tolower(h); for (i = 1; i <= length(h); i++) { c = index("0123456789abcdef", substr(h, i, 1)) - 1; v = v * 16 + c }; return v }
    $1 == "sec" { va[$2] = hexval($3); next }
    /^ *[0-9A-F][0-9A-F][0-9A-F][0-9A-F]:[0-9A-F]+-/ { split($1, p, ":"); seg = p[1] + 0; next }
    /^ *[0-9]+ [0-9A-F]+ / { for (i = 1; i + 1 <= NF; i++) if ($i ~ /^[0-9]+$/ && $(i + 1) ~ /^[0-9A-F]+$/) {
            a = sprintf("%x", va[seg] + hexval($(i + 1))); n[a]++; l[a, n[a]] = $i } }
    END { for (a in n) if (n[a] > 1) for (k = 1; k <= n[a]; k++) print a, l[a, k] }'
