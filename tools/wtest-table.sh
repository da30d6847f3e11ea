#!/bin/sh
# wtest-table.sh RESULTS_DIR: the coverage table (area x implementation)
# from the summaries tools/wine-test.sh keeps, as Markdown.
dir=$1
# The areas in run order, from conformance/areas.h (AREA(name) lines).
areas=$(sed -n 's/^AREA(\([a-z0-9_]*\)).*/\1/p' "$(dirname "$0")/../conformance/areas.h")
field() { # summary line -> "executed failed todo skipped"
    sed -n 's/.* \([0-9]*\) tests executed (\([0-9]*\) marked as todo, \([0-9]*\) failures\{0,1\}), \([0-9]*\) skipped\./\1 \3 \2 \4/p'
}
echo "| area | ours: executed / failed / todo | Wine builtin: executed / failed / todo |"
echo "|---|---|---|"
te=0; tf=0; tt=0; we=0; wf=0; wt=0
for a in $areas; do
    row="| $a"
    for m in ours wine; do
        f="$dir/$a.$m"
        if [ -f "$f" ] && set -- $(field < "$f") && [ $# -eq 4 ]; then
            row="$row | $1 / $2 / $3"
            if [ $m = ours ]; then te=$((te+$1)); tf=$((tf+$2)); tt=$((tt+$3)); else we=$((we+$1)); wf=$((wf+$2)); wt=$((wt+$3)); fi
        elif [ -f "$f" ]; then row="$row | $(cat "$f")"
        else row="$row | not run"; fi
    done
    echo "$row |"
done
echo "| **total** | $te / $tf / $tt | $we / $wf / $wt |"
