#!/bin/sh
# api-status.sh: our dbghelp.dll and imagehlp.dll export lists against
# Microsoft's (mingw-w64's import libraries list every export of the
# Windows DLLs) and Wine's builtin DLLs on this machine (a Wine stub is an
# export with a "__wine_stub_NAME" string in the DLL).  Prints the counts
# and what is missing; with --check, exits 1 when a name Wine's builtin
# implements is not exported by ours.
#   tools/api-status.sh [--check] [SRCDIR]
check=0
[ "$1" = --check ] && { check=1; shift; }
srcdir=${1:-${srcdir:-.}}
: "${NM:=x86_64-w64-mingw32-nm}"
: "${MINGW_CC:=x86_64-w64-mingw32-gcc}"
: "${WINE_DLLS:=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
rc=0

def_names() { sed -n '/^EXPORTS/,$p' "$1" | sed -e '1d' -e 's/;.*//' -e 's/=.*//' -e 's/[[:space:]]//g' -e '/^$/d' | sort -u; }
# Functions defined in a missing.c: exported, failing with ERROR_CALL_NOT_IMPLEMENTED.
stubs() { cat "$@" 2>/dev/null | tr '\n' ' ' | grep -o 'WINAPI [A-Za-z0-9_]*([^;{]*)[[:space:]]*{' | sed -e 's/^WINAPI //' -e 's/(.*//' | sort -u; }
list() { tr '\n' ' ' < "$1" | sed 's/ $//'; }
count() { if [ -f "$1" ]; then wc -l < "$1" | tr -d " "; else echo 0; fi; }

stubs "$srcdir/dlls/dbghelp/missing.c" > "$tmp/stubs-dbghelp"
stubs "$srcdir/dlls/imagehlp/missing.c" > "$tmp/stubs-imagehlp"
for dll in dbghelp imagehlp; do
    def_names "$srcdir/dlls/$dll/$dll.def" > "$tmp/ours"
    # A forwarder works when dbghelp's function does.
    cat "$tmp/stubs-dbghelp" "$tmp/stubs-$dll" | sort -u > "$tmp/ours-stubs"
    comm -12 "$tmp/ours" "$tmp/ours-stubs" > "$tmp/ours-notimpl"
    lib=$("$MINGW_CC" -print-file-name=lib$dll.a 2>/dev/null)
    if [ -f "$lib" ]; then
        "$NM" "$lib" 2>/dev/null | sed -n 's/.* T //p' | sort -u > "$tmp/ms"
    else
        : > "$tmp/ms"
    fi
    comm -23 "$tmp/ms" "$tmp/ours" > "$tmp/ms-missing"
    echo "$dll.dll: ours exports $(count "$tmp/ours") names, $(count "$tmp/ours-notimpl") of them failing with ERROR_CALL_NOT_IMPLEMENTED"
    echo "  Microsoft's $dll.dll: $(count "$tmp/ms") names; not exported by ours: $(count "$tmp/ms-missing")"
    [ -s "$tmp/ms-missing" ] && echo "    $(list "$tmp/ms-missing")"
    [ -s "$tmp/ours-notimpl" ] && echo "  exported, not implemented: $(list "$tmp/ours-notimpl")"
    wine="$WINE_DLLS/$dll.dll"
    if [ -f "$wine" ] && command -v objdump >/dev/null 2>&1; then
        objdump -p "$wine" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
            sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\][[:space:]]*//p' | sort -u > "$tmp/wine"
        strings -a "$wine" | sed -n 's/^__wine_stub_//p' | sort -u > "$tmp/wine-stubs"
        comm -23 "$tmp/wine" "$tmp/wine-stubs" > "$tmp/wine-impl"
        comm -23 "$tmp/wine-impl" "$tmp/ours" > "$tmp/wine-missing"
        comm -12 "$tmp/wine-impl" "$tmp/ours-notimpl" > "$tmp/wine-notimpl"
        echo "  Wine's builtin $dll.dll: $(count "$tmp/wine") names, $(count "$tmp/wine-impl") not stubs; of those, not exported by ours: $(count "$tmp/wine-missing"), exported but not implemented: $(count "$tmp/wine-notimpl")"
        [ -s "$tmp/wine-missing" ] && { echo "    missing: $(list "$tmp/wine-missing")"; rc=1; }
        [ -s "$tmp/wine-notimpl" ] && echo "    not implemented: $(list "$tmp/wine-notimpl")"
    else
        echo "  (no Wine builtin $dll.dll at $WINE_DLLS to compare with)"
    fi
done
[ $check -eq 1 ] && exit $rc
exit 0
