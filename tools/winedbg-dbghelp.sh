#!/bin/sh
# winedbg-dbghelp.sh install|uninstall|status PREFIX [DLL...]
#
# Makes Wine's own debugger, winedbg, use our dbghelp.dll in one Wine prefix,
# and undoes it.  winedbg.exe is a builtin program that Wine presents as
# C:\windows\system32\winedbg.exe, so the DLL it loads first is the one in
# its "application directory", system32 (syswow64 for a 32-bit DLL in a
# 64-bit prefix), provided the load order for dbghelp says native first.
# Give both DLLs (x86_64 and i686) to cover both bitnesses: in a 64-bit
# prefix with 32-bit Wine installed, `wine winedbg` starts the 32-bit
# winedbg, which hands the session to the 64-bit one; that one debugs 32-bit
# programs too (WOW64), through the x86_64 dbghelp.dll.
#
#   install PREFIX DLL...  for each DLL (one per machine), moves the
#                       prefix's dbghelp.dll of that machine (Wine's
#                       placeholder) aside and copies DLL in its place; sets,
#                       for winedbg.exe only,
#                       HKCU\Software\Wine\AppDefaults\winedbg.exe\DllOverrides
#                       dbghelp = native,builtin
#   uninstall PREFIX    puts the original files back (the same files: they
#                       were renamed, not copied) and restores the registry
#                       as it was: the value's old data, or no value, and the
#                       two keys removed if install created them
#   status PREFIX [DLL...] tells whether it is installed where (and whether
#                       the copies equal the DLLs given)
#
# The state needed to undo lives in PREFIX/.dbghelp-override/ until
# uninstall.  WINEDLLOVERRIDES in the environment wins over the registry:
# leave dbghelp out of it when running winedbg.  Exit status: 0 done, 1
# failed, 2 usage.

usage() {
    echo "usage: $0 install|uninstall|status PREFIX [DLL]" >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1 prefix=$2
shift 2
: "${WINE:=wine}"
[ -d "$prefix/drive_c/windows/system32" ] || { echo "$prefix: not a Wine prefix" >&2; exit 1; }
prefix=$(cd "$prefix" && pwd) || exit 1
state="$prefix/.dbghelp-override"
key='HKCU\Software\Wine\AppDefaults\winedbg.exe'
okey="$key\\DllOverrides"

# Wine's reg.exe on this prefix: its output without CRs, its exit status
# (1 for a missing key or value; its messages go to stdout too).
wreg() {
    wreg_out=$(WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES= DISPLAY= "$WINE" reg "$@" 2>/dev/null)
    wreg_rc=$?
    printf '%s\n' "$wreg_out" | tr -d '\r'
    return $wreg_rc
}
key_exists() { wreg query "$1" >/dev/null; }
# The data of the dbghelp value, or nothing (and status 1) if there is none.
override_value() {
    wreg query "$okey" /v dbghelp >/dev/null || return 1
    wreg query "$okey" /v dbghelp | sed -n 's/^ *dbghelp *REG_SZ *//p'
}

# The PE machine of a DLL: 8664 (x86_64) or 014c (i386).
pe_machine() {
    off=$(od -A n -t u4 -j 60 -N 4 "$1" | tr -d ' ')
    [ -n "$off" ] || return 1
    od -A n -t x2 -j $((off + 4)) -N 2 "$1" | tr -d ' '
}

# Where the DLL goes for its machine.
target_dir() {
    case $1 in
    8664) echo "$prefix/drive_c/windows/system32" ;;
    014c)
        if [ -d "$prefix/drive_c/windows/syswow64" ]; then
            echo "$prefix/drive_c/windows/syswow64"
        else
            echo "$prefix/drive_c/windows/system32"
        fi ;;
    *) return 1 ;;
    esac
}

case $action in
install)
    [ $# -ge 1 ] || usage
    if [ -d "$state" ]; then
        echo "already installed in $prefix (uninstall first)" >&2; exit 1
    fi
    dirs=
    for dll in "$@"; do
        [ -f "$dll" ] || usage
        machine=$(pe_machine "$dll") && dir=$(target_dir "$machine") ||
            { echo "$dll: not an x86_64 or i386 PE file" >&2; exit 1; }
        case " $dirs " in *" $dir "*) echo "two DLLs for $dir" >&2; exit 1 ;; esac
        dirs="$dirs $dir"
    done
    mkdir "$state" || exit 1
    : > "$state/dirs"
    n=0
    for dll in "$@"; do
        dir=$(target_dir "$(pe_machine "$dll")")
        n=$((n + 1))
        mkdir "$state/$n" || exit 1
        echo "$n $dir" >> "$state/dirs"
        if [ -e "$dir/dbghelp.dll" ]; then
            mv "$dir/dbghelp.dll" "$state/$n/dbghelp.dll" || exit 1
        fi
        # a new file, never written through: the original may be a hard link
        cp "$dll" "$dir/dbghelp.dll" || exit 1
        echo "installed $dll as $dir/dbghelp.dll"
    done
    key_exists "$key" && echo yes > "$state/had_key" || echo no > "$state/had_key"
    key_exists "$okey" && echo yes > "$state/had_okey" || echo no > "$state/had_okey"
    if old=$(override_value); then printf '%s\n' "$old" > "$state/old_value"; fi
    wreg add "$okey" /v dbghelp /t REG_SZ /d native,builtin /f >/dev/null ||
        { echo "reg add failed" >&2; exit 1; }
    [ "$(override_value)" = native,builtin ] || { echo "the override did not stick" >&2; exit 1; }
    echo "dbghelp=native,builtin for winedbg.exe"
    ;;
uninstall)
    if [ ! -d "$state" ]; then
        echo "not installed in $prefix"; exit 0
    fi
    while read -r n dir; do
        rm -f "$dir/dbghelp.dll" || exit 1
        if [ -e "$state/$n/dbghelp.dll" ]; then
            mv "$state/$n/dbghelp.dll" "$dir/dbghelp.dll" || exit 1
        fi
        echo "restored $dir/dbghelp.dll"
    done < "$state/dirs"
    if [ -f "$state/old_value" ]; then
        wreg add "$okey" /v dbghelp /t REG_SZ /d "$(cat "$state/old_value")" /f >/dev/null
    else
        wreg delete "$okey" /v dbghelp /f >/dev/null
    fi
    [ "$(cat "$state/had_okey")" = yes ] || wreg delete "$okey" /f >/dev/null
    [ "$(cat "$state/had_key")" = yes ] || wreg delete "$key" /f >/dev/null
    rm -rf "$state"
    echo "uninstalled: the DLLs and the registry are as before"
    ;;
status)
    value=$(override_value) || value="(none)"
    if [ -d "$state" ]; then
        while read -r n dir; do
            echo "installed: $dir/dbghelp.dll"
            for dll in "$@"; do
                [ "$(target_dir "$(pe_machine "$dll")")" = "$dir" ] || continue
                if cmp -s "$dll" "$dir/dbghelp.dll"; then echo "  the installed copy equals $dll"
                else echo "  the installed copy differs from $dll"; fi
            done
        done < "$state/dirs"
        echo "winedbg.exe dbghelp override: $value"
    else
        echo "not installed; winedbg.exe dbghelp override: $value"
    fi
    case $WINEDLLOVERRIDES in
    *dbghelp*) echo "note: WINEDLLOVERRIDES=$WINEDLLOVERRIDES overrides the registry" ;;
    esac
    ;;
*) usage ;;
esac
