#!/bin/sh
# seeds.sh BUILDDIR SRCDIR OUTDIR: seed inputs for the fuzz targets, made
# from what the build tree has built, one folder per target:
#   image    the fixture DLLs and the crash samples' images
#   symbols  the same images
#   unwind   their unwind data (.xdata, .pdata, .eh_frame sections)
#   undname  the names of the undecoration tests, behind 2 bytes of flags
# plus the kept regression inputs of tools/fuzz/corpus/TARGET/.
b=$1 src=$2 out=$3
mkdir -p "$out/image" "$out/symbols" "$out/unwind" "$out/undname" || exit 1
: "${OBJDUMP:=x86_64-w64-mingw32-objdump}"
OBJCOPY=${OBJCOPY:-$(echo "$OBJDUMP" | sed 's/objdump$/objcopy/')}
n=0
for f in "$b"/conformance/fixtures/.libs/*.dll "$b"/tools/samples/crash-*/*.dll "$b"/tools/samples/crash-*/*.exe; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp -f "$f" "$out/image/seed$n.bin"
    cp -f "$f" "$out/symbols/seed$n.bin"
    for s in .xdata .pdata .eh_frame; do
        "$OBJCOPY" -O binary --only-section=$s "$f" "$out/unwind/seed$n$s" 2>/dev/null
        [ -s "$out/unwind/seed$n$s" ] || rm -f "$out/unwind/seed$n$s"
    done
done
grep -ho '"[?_][^" ]*"' "$src/dlls/dbghelp/tests/undname_tests.c" | tr -d '"' |
    awk -v dir="$out/undname" '{ f = sprintf("%s/seed%04d", dir, NR); printf "\000\000%s", $0 > f; close(f) }'
for t in image symbols unwind undname; do
    for f in "$src"/tools/fuzz/corpus/$t/*; do
        [ -f "$f" ] && cp -f "$f" "$out/$t/"
    done
done
exit 0
