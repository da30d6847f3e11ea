#!/bin/sh
# seeds.sh BUILDDIR SRCDIR OUTDIR: seed inputs for the fuzz targets, made
# from what the build tree has built, one folder per target:
#   image    the fixture DLLs and the crash samples' images, small DLLs
#            built from tools/fuzz/tiny.c, and all of them laid out as
#            mapped in memory
#   symbols  the same images
#   pdb      the PDBs of the fixtures (clang's) and of the test program
#            (GNU ld's), and the same cut to a few sizes
#   unwind   their unwind data (.xdata, .pdata, .eh_frame sections)
#   undname  the names of the undecoration tests, behind 2 bytes of flags
#   dump     a small hand-made minidump, and the dumps this tree's tests
#            wrote (tools/dump-readers/)
# plus the kept regression inputs of tools/fuzz/corpus/TARGET/.
b=$1 src=$2 out=$3
mkdir -p "$out/image" "$out/symbols" "$out/pdb" "$out/unwind" "$out/undname" "$out/dump" || exit 1
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
n=0
for f in "$b"/conformance/fixtures/.libs/*.pdb "$b"/conformance/fixtures/.libs/symdir/*.pdb "$b"/conformance/*.pdb; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp -f "$f" "$out/pdb/seed$n.pdb"
    # Its last byte picks the bitness (bit 0) and reading by units (bit
    # 1), fuzz_pdb.c: the other three ways too.
    for k in 1 2 3; do
        { head -c -1 "$f"; printf "\\00$k"; } > "$out/pdb/seed$n-$k.pdb"
    done
done
# Small DLLs with DWARF and no C runtime (tools/fuzz/tiny.c), both
# machines, DWARF 4 and 5, -O0 and -O2.
for cc in x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc; do
    command -v $cc >/dev/null 2>&1 || continue
    for v in 4 5; do
        for o in 0 2; do
            f="$out/image/tiny-${cc%%-*}-d$v-o$o.dll"
            $cc -shared -nostdlib -gdwarf-$v -O$o -Wl,--entry=0 -o "$f" "$src/tools/fuzz/tiny.c" 2>/dev/null &&
                cp -f "$f" "$out/symbols/"
        done
    done
done
# The same images laid out as mapped (tools/fuzz/imagelayout.c), for the
# targets' memory-image readings.
if ${CC_FOR_BUILD:-cc} -O1 -o "$out/imagelayout" "$src/tools/fuzz/imagelayout.c" 2>/dev/null; then
    for f in "$out"/image/*; do
        [ -f "$f" ] || continue
        m="$out/image/mem-$(basename "$f")"
        "$out/imagelayout" "$f" "$m" 2>/dev/null && cp -f "$m" "$out/symbols/" || rm -f "$m"
    done
    rm -f "$out/imagelayout"
fi
grep -ho '"[?_][^" ]*"' "$src/dlls/dbghelp/tests/undname_tests.c" | tr -d '"' |
    awk -v dir="$out/undname" '{ f = sprintf("%s/seed%04d", dir, NR); printf "\000\000%s", $0 > f; close(f) }'
# The hand-made dump: header, a directory of three streams (system info,
# a memory list of two ranges, a Memory64 list of one), their data.
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))\\$(printf %03o $((($1 >> 16) & 255)))\\$(printf %03o $((($1 >> 24) & 255)))"; }
le64() { le32 "$1"; le32 0; }
{
    le32 0x504d444d; le32 42899; le32 3; le32 32; le32 0; le32 0; le64 0
    le32 7; le32 56; le32 68
    le32 5; le32 36; le32 124
    le32 9; le32 32; le32 160
    i=0; while [ $i -lt 14 ]; do le32 $i; i=$((i + 1)); done
    le32 2; le64 0x1000; le32 4; le32 192; le64 0x2000; le32 8; le32 196
    le64 1; le64 204; le64 0x3000; le64 16
    i=0; while [ $i -lt 7 ]; do le32 $((0x11223344 + i)); i=$((i + 1)); done
} > "$out/dump/seed-handmade.dmp"
for f in "$b"/tools/dump-readers/*.dmp; do
    [ -f "$f" ] && cp -f "$f" "$out/dump/"
done
for t in image symbols pdb unwind undname dump; do
    for f in "$src"/tools/fuzz/corpus/$t/*; do
        [ -f "$f" ] && cp -f "$f" "$out/$t/"
    done
done
exit 0
