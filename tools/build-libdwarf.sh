#!/bin/bash
# Build a static libdwarf for a mingw-w64 host from Debian's "dwarfutils"
# source package and install it (headers, libdwarf.a, libdwarf.pc) into PREFIX.
#
#   usage: tools/build-libdwarf.sh HOST PREFIX
#          HOST   = x86_64-w64-mingw32 | i686-w64-mingw32
#          PREFIX = install prefix (created if needed)
#
# Environment:
#   DEPS_DIR          cache dir; the source is kept in $DEPS_DIR/src and the
#                     build trees in $DEPS_DIR/build  (default: $PWD/_deps)
#   LIBDWARF_FORCE=1  rebuild even if PREFIX already holds a matching build
#
# Only the libdwarf library is built: no libelf, no zlib (Debian has no mingw
# zlib), no dwarfdump/dwarfgen.  A stamp file PREFIX/.libdwarf-stamp records
# the source version and host; a later run finding it (and the installed
# files) does nothing.  Fetching the source needs root only the first time
# (it may enable deb-src entries and run apt-get update).
set -euo pipefail

me=build-libdwarf
die() { echo "$me: ERROR: $*" >&2; exit 1; }
say() { echo "$me: $*"; }

[ $# -eq 2 ] || die "usage: $0 HOST PREFIX (HOST = x86_64-w64-mingw32 or i686-w64-mingw32)"
HOST=$1
PREFIX=$2
case "$HOST" in
    x86_64-w64-mingw32|i686-w64-mingw32) ;;
    *) die "unsupported HOST '$HOST' (expected x86_64-w64-mingw32 or i686-w64-mingw32)" ;;
esac
[ -n "$PREFIX" ] || die "empty PREFIX"

DEPS_DIR=${DEPS_DIR:-$PWD/_deps}
mkdir -p "$DEPS_DIR" "$PREFIX" || die "cannot create $DEPS_DIR or $PREFIX"
DEPS_DIR=$(cd "$DEPS_DIR" && pwd)
PREFIX=$(cd "$PREFIX" && pwd)
SRC_CACHE=$DEPS_DIR/src
VERSION_FILE=$SRC_CACHE/dwarfutils.version   # "<debian version> <source dir name>"
STAMP=$PREFIX/.libdwarf-stamp
EXPECTED_UPSTREAM=20210528                    # Debian 12 (bookworm)

# Is PREFIX already complete for the version in the source cache (if any)?
installed_ok() {
    [ -f "$STAMP" ] && [ -f "$PREFIX/lib/libdwarf.a" ] &&
        [ -f "$PREFIX/include/libdwarf.h" ] && [ -f "$PREFIX/include/dwarf.h" ] &&
        [ -f "$PREFIX/lib/pkgconfig/libdwarf.pc" ] || return 1
    local want
    want="host=$HOST"
    if [ -f "$VERSION_FILE" ]; then
        want="dwarfutils=$(cut -d' ' -f1 "$VERSION_FILE") $want"
        [ "$(cat "$STAMP")" = "$want" ] || return 1
    else
        grep -q " $want\$" "$STAMP" || return 1
    fi
}

if [ "${LIBDWARF_FORCE:-0}" != 1 ] && installed_ok; then
    say "libdwarf for $HOST already installed in $PREFIX ($(cut -d' ' -f1 "$STAMP")), nothing to do"
    exit 0
fi

# Serialise concurrent runs sharing the cache.
exec 9>"$DEPS_DIR/.build-libdwarf.lock"
flock 9 || die "cannot lock $DEPS_DIR/.build-libdwarf.lock"
if [ "${LIBDWARF_FORCE:-0}" != 1 ] && installed_ok; then
    say "libdwarf for $HOST already installed in $PREFIX (built concurrently), nothing to do"
    exit 0
fi

# ---------------------------------------------------------------- tools ----
need_tool() { # tool hint
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found; install $2 (or run tools/setup.sh as root)"
}
case "$HOST" in
    x86_64-*) gccpkg=gcc-mingw-w64-x86-64; binpkg=binutils-mingw-w64-x86-64 ;;
    i686-*)   gccpkg=gcc-mingw-w64-i686;   binpkg=binutils-mingw-w64-i686 ;;
esac
need_tool "$HOST-gcc" "$gccpkg (package mingw-w64)"
need_tool "$HOST-ar" "$binpkg"
need_tool "$HOST-ranlib" "$binpkg"
need_tool make make
need_tool gcc "gcc (native compiler, used by configure for build-machine checks)"

# -------------------------------------------------------- fetch source ----
# Make sure apt knows about deb-src entries for the configured Debian mirror.
enable_deb_src() {
    local f changed=0 tmp
    [ "$(id -u)" = 0 ] || die "no 'deb-src' entries for apt and not root: cannot fetch the dwarfutils source (rerun as root, or unpack 'apt-get source dwarfutils' into $SRC_CACHE)"
    # deb822 files: add deb-src to the Types: line of Debian stanzas.
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        tmp=$(mktemp)
        awk '
            function flush(   i, isdeb) {
                isdeb = 0
                for (i = 1; i <= n; i++)
                    if (tolower(buf[i]) ~ /^uris:/ && buf[i] ~ /debian/) isdeb = 1
                for (i = 1; i <= n; i++) {
                    if (isdeb && tolower(buf[i]) ~ /^types:/ && buf[i] !~ /deb-src/ && buf[i] ~ /[ \t]deb([ \t]|$)/)
                        buf[i] = buf[i] " deb-src"
                    print buf[i]
                }
                n = 0
            }
            /^[ \t]*$/ { flush(); print; next }
            { buf[++n] = $0 }
            END { flush() }
        ' "$f" >"$tmp"
        if ! cmp -s "$f" "$tmp"; then
            cat "$tmp" >"$f"; changed=1
            say "enabled deb-src in $f"
        fi
        rm -f "$tmp"
    done
    # Classic one-line files: add a deb-src twin for each Debian "deb" line.
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        tmp=$(mktemp)
        awk '
            { lines[++n] = $0 }
            $1 == "deb-src" { have[substr($0, index($0, "deb-src") + 7)] = 1 }
            END {
                for (i = 1; i <= n; i++) {
                    l = lines[i]
                    if (l ~ /^[ \t]*deb[ \t]/ && l ~ /debian/) {
                        rest = substr(l, index(l, "deb") + 3)
                        if (!(rest in have)) { add[++m] = "deb-src" rest; have[rest] = 1 }
                    }
                }
                for (i = 1; i <= n; i++) print lines[i]
                if (m) print "# deb-src added by tools/build-libdwarf.sh"
                for (i = 1; i <= m; i++) print add[i]
            }
        ' "$f" >"$tmp"
        if ! cmp -s "$f" "$tmp"; then
            cat "$tmp" >"$f"; changed=1
            say "enabled deb-src in $f"
        fi
        rm -f "$tmp"
    done
    [ $changed = 1 ] || say "deb-src entries already present"
    say "running apt-get update"
    apt-get update -q >/dev/null 2>"$DEPS_DIR/apt-update.log" ||
        say "warning: apt-get update returned non-zero (see $DEPS_DIR/apt-update.log); trying anyway"
}

fetch_source() {
    need_tool apt-get apt
    need_tool dpkg-source "dpkg-dev"
    if ! apt-get source -qq --print-uris dwarfutils >/dev/null 2>&1; then
        enable_deb_src
        apt-get source -qq --print-uris dwarfutils >/dev/null 2>&1 ||
            die "apt cannot find the 'dwarfutils' source package even with deb-src enabled (check /etc/apt/sources.list* and network access to the Debian mirror)"
    fi
    mkdir -p "$SRC_CACHE"
    local tmp dsc ver dir
    tmp=$(mktemp -d "$SRC_CACHE/.fetch.XXXXXX")
    say "fetching source with 'apt-get source dwarfutils' into $SRC_CACHE"
    # Downloads run as root here: tell apt not to drop to the _apt user
    # (it could not write into this directory).
    if ! (cd "$tmp" && apt-get source -q -o APT::Sandbox::User=root dwarfutils) \
            >"$DEPS_DIR/apt-source.log" 2>&1; then
        tail -n 15 "$DEPS_DIR/apt-source.log" >&2
        rm -rf "$tmp"
        die "'apt-get source dwarfutils' failed (log: $DEPS_DIR/apt-source.log)"
    fi
    dsc=$(ls "$tmp"/dwarfutils_*.dsc 2>/dev/null | head -n1)
    [ -n "$dsc" ] || { rm -rf "$tmp"; die "no dwarfutils .dsc after apt-get source"; }
    ver=$(sed -n 's/^Version: *//p' "$dsc" | head -n1)
    dir=$(cd "$tmp" && ls -d dwarfutils-*/ 2>/dev/null | head -n1)
    dir=${dir%/}
    [ -n "$ver" ] && [ -n "$dir" ] && [ -f "$tmp/$dir/configure" ] ||
        { rm -rf "$tmp"; die "unpacked dwarfutils source looks wrong (no configure script)"; }
    rm -rf "${SRC_CACHE:?}/$dir"
    mv "$tmp/$dir" "$SRC_CACHE/$dir"
    mv "$tmp"/dwarfutils_* "$SRC_CACHE/" 2>/dev/null || true
    rm -rf "$tmp"
    echo "$ver $dir" >"$VERSION_FILE"
    say "dwarfutils $ver unpacked in $SRC_CACHE/$dir"
}

if [ ! -f "$VERSION_FILE" ] ||
   [ ! -f "$SRC_CACHE/$(cut -d' ' -f2 "$VERSION_FILE")/configure" ]; then
    fetch_source
fi
DEBVER=$(cut -d' ' -f1 "$VERSION_FILE")
SRCDIR=$SRC_CACHE/$(cut -d' ' -f2 "$VERSION_FILE")
UPSTREAM=${DEBVER#*:}; UPSTREAM=${UPSTREAM%-*}
[ "$UPSTREAM" = "$EXPECTED_UPSTREAM" ] ||
    say "warning: dwarfutils upstream version is $UPSTREAM, this project was written against $EXPECTED_UPSTREAM"

# ---------------------------------------------------------------- build ----
BUILDDIR=$DEPS_DIR/build/libdwarf-$HOST
LOG=$BUILDDIR/build.log
rm -rf "$BUILDDIR"
mkdir -p "$BUILDDIR"
: >"$LOG"
fail() { # message
    echo "---- last lines of $LOG ----" >&2
    tail -n 25 "$LOG" >&2
    die "$*"
}

say "configuring libdwarf $UPSTREAM for $HOST (log: $LOG)"
# ac_cv_header_zlib_h=no: never pick up a zlib (none exists for mingw in Debian
# and libdwarf only needs it for compressed sections, which PE files lack).
(cd "$BUILDDIR" && "$SRCDIR/configure" \
    --host="$HOST" --build="$(gcc -dumpmachine)" \
    --prefix="$PREFIX" \
    --disable-libelf --enable-static --disable-shared \
    --disable-dependency-tracking --disable-dwarfgen --disable-dwarfexample \
    ac_cv_header_zlib_h=no) >>"$LOG" 2>&1 ||
    fail "configure failed for $HOST (see $BUILDDIR/config.log)"

# Never try to regenerate autotools files from the unpacked source.
noregen=(ACLOCAL=true AUTOMAKE=true AUTOCONF=true AUTOHEADER=true)
say "building libdwarf.a for $HOST"
make -C "$BUILDDIR/libdwarf" -j2 "${noregen[@]}" libdwarf.la >>"$LOG" 2>&1 ||
    fail "make libdwarf failed for $HOST"
make -C "$BUILDDIR/libdwarf" "${noregen[@]}" \
    install-libLTLIBRARIES install-includeHEADERS >>"$LOG" 2>&1 ||
    fail "installing libdwarf into $PREFIX failed"
rm -f "$PREFIX/lib/libdwarf.la"     # static only; keep libtool away from it
[ -f "$PREFIX/lib/libdwarf.a" ] && [ -f "$PREFIX/include/libdwarf.h" ] ||
    fail "libdwarf.a or libdwarf.h missing from $PREFIX after install"

# Upstream 20210528 installs no pkg-config file: write one.
mkdir -p "$PREFIX/lib/pkgconfig"
cat >"$PREFIX/lib/pkgconfig/libdwarf.pc" <<EOF
prefix=$PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: libdwarf
Description: DWARF debugging information reader (static, $HOST, no libelf, no zlib)
Version: $UPSTREAM
Libs: -L\${libdir} -ldwarf
Libs.private:
Cflags: -I\${includedir}
EOF

echo "dwarfutils=$DEBVER host=$HOST" >"$STAMP"
say "installed libdwarf $UPSTREAM (Debian $DEBVER) for $HOST into $PREFIX"
