#!/bin/bash
# Build a static libdwarf 0.11.1 from Debian 13's "dwarfutils" source package
# and install it (headers, libdwarf.a, libdwarf.pc) into PREFIX.  One source
# serves the two mingw hosts (the DLLs) and the build machine (the sanitizer
# tests and the fuzz targets).
#
#   usage: tools/build-libdwarf.sh HOST PREFIX
#          HOST   = x86_64-w64-mingw32 | i686-w64-mingw32 | native
#          PREFIX = install prefix (created if needed)
#
# Environment:
#   DEPS_DIR          cache dir; the source is kept in $DEPS_DIR/src and the
#                     build trees in $DEPS_DIR/build  (default: $PWD/_deps)
#   LIBDWARF_FORCE=1  rebuild even if PREFIX already holds a matching build
#   CC, CFLAGS        native only: the compiler and flags (the fuzz targets
#                     build an instrumented copy with clang this way)
#
# The source: a deb-src entry for the trixie suite is added beside the
# machine's own (sources only; nothing is installed from trixie), and
# `apt-get source --download-only dwarfutils/trixie` fetches the upstream
# tarball.  Its SHA-256 is checked against the signed Sources index (apt
# checks it too), and it is unpacked as is: Debian's patches only concern
# the packaging.  Mirrors that lag behind may hold the tarball but not the
# .dsc of the current Debian revision; the tarball is all we need.
#
# Only the library is built (CMake; no dwarfdump, no zlib/zstd: PE files
# have no compressed sections).  A stamp file PREFIX/.libdwarf-stamp records
# the version, host and flags; a later run finding it does nothing.
set -euo pipefail

me=build-libdwarf
die() { echo "$me: ERROR: $*" >&2; exit 1; }
say() { echo "$me: $*"; }

[ $# -eq 2 ] || die "usage: $0 HOST PREFIX (HOST = x86_64-w64-mingw32, i686-w64-mingw32 or native)"
HOST=$1
PREFIX=$2
case "$HOST" in
    x86_64-w64-mingw32|i686-w64-mingw32|native) ;;
    *) die "unsupported HOST '$HOST' (expected x86_64-w64-mingw32, i686-w64-mingw32 or native)" ;;
esac
[ -n "$PREFIX" ] || die "empty PREFIX"

VERSION=0.11.1                 # upstream version, Debian 13 (trixie)
SUITE=trixie
DEPS_DIR=${DEPS_DIR:-$PWD/_deps}
mkdir -p "$DEPS_DIR" "$PREFIX" || die "cannot create $DEPS_DIR or $PREFIX"
DEPS_DIR=$(cd "$DEPS_DIR" && pwd)
PREFIX=$(cd "$PREFIX" && pwd)
SRC_CACHE=$DEPS_DIR/src
TARBALL=$SRC_CACHE/dwarfutils_$VERSION.orig.tar.gz
SRCDIR=$SRC_CACHE/libdwarf-code-$VERSION
STAMP=$PREFIX/.libdwarf-stamp
if [ "$HOST" = native ]; then
    : "${CC:=gcc}"
    unset CXXFLAGS LDFLAGS
    : "${CFLAGS:=-O2 -g}"
    WANT="libdwarf=$VERSION host=native cc=$CC cflags=$CFLAGS"
else
    WANT="libdwarf=$VERSION host=$HOST"
    unset CC CFLAGS CXXFLAGS LDFLAGS   # CMake would take them for the mingw compiler
fi

installed_ok() {
    [ -f "$STAMP" ] && [ -f "$PREFIX/lib/libdwarf.a" ] &&
        [ -f "$PREFIX/include/libdwarf.h" ] && [ -f "$PREFIX/include/dwarf.h" ] &&
        [ -f "$PREFIX/lib/pkgconfig/libdwarf.pc" ] && [ "$(cat "$STAMP")" = "$WANT" ]
}

if [ "${LIBDWARF_FORCE:-0}" != 1 ] && installed_ok; then
    say "libdwarf $VERSION for $HOST already installed in $PREFIX, nothing to do"
    exit 0
fi

# Serialise concurrent runs sharing the cache.
exec 9>"$DEPS_DIR/.build-libdwarf.lock"
flock 9 || die "cannot lock $DEPS_DIR/.build-libdwarf.lock"
if [ "${LIBDWARF_FORCE:-0}" != 1 ] && installed_ok; then
    say "libdwarf $VERSION for $HOST already installed in $PREFIX (built concurrently), nothing to do"
    exit 0
fi

# ---------------------------------------------------------------- tools ----
need_tool() { # tool hint
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found; install $2 (or run tools/setup.sh as root)"
}
case "$HOST" in
    x86_64-*) need_tool "$HOST-gcc" "gcc-mingw-w64-x86-64 (package mingw-w64)"
              need_tool "$HOST-g++" "g++-mingw-w64-x86-64 (package mingw-w64)" ;;
    i686-*)   need_tool "$HOST-gcc" "gcc-mingw-w64-i686 (package mingw-w64)"
              need_tool "$HOST-g++" "g++-mingw-w64-i686 (package mingw-w64)" ;;
    native)   need_tool "${CC%% *}" "a C compiler" ;;
esac
need_tool cmake cmake
need_tool make make
need_tool sha256sum coreutils

# -------------------------------------------------------- fetch source ----
# The SHA-256 of the tarball as the signed Sources index of SUITE gives it.
# (apt-cache fails while no deb-src entry exists: that is an empty answer,
# not an error, so the pipeline's status is not the function's.)
index_sha256() {
    { apt-cache showsrc "dwarfutils" 2>/dev/null || true; } | awk -v f="dwarfutils_$VERSION.orig.tar.gz" '
        /^Checksums-Sha256:/ { in_sha = 1; next }
        /^[^ ]/ { in_sha = 0 }
        in_sha && $3 == f { print $1; exit }' || true
}

add_suite_src() {
    local f=/etc/apt/sources.list.d/dbghelp-$SUITE-src.sources
    [ "$(id -u)" = 0 ] || die "apt knows no dwarfutils $VERSION source and this is not root: rerun tools/setup.sh as root, or put $(basename "$TARBALL") into $SRC_CACHE"
    say "adding a deb-src entry for $SUITE ($f; sources only)"
    cat >"$f" <<EOF
# Added by tools/build-libdwarf.sh: Debian $SUITE's sources, for the
# dwarfutils (libdwarf $VERSION) source package.  No binary packages.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    say "running apt-get update"
    apt-get update -q >"$DEPS_DIR/apt-update.log" 2>&1 ||
        say "warning: apt-get update returned non-zero (see $DEPS_DIR/apt-update.log); trying anyway"
}

fetch_source() {
    local sum tmp
    need_tool apt-get apt
    sum=$(index_sha256)
    if [ -z "$sum" ]; then
        add_suite_src
        sum=$(index_sha256)
        [ -n "$sum" ] || die "apt's source index has no dwarfutils_$VERSION.orig.tar.gz even with $SUITE's deb-src entry (see $DEPS_DIR/apt-update.log)"
    fi
    mkdir -p "$SRC_CACHE"
    if [ ! -f "$TARBALL" ] || [ "$(sha256sum "$TARBALL" | cut -d' ' -f1)" != "$sum" ]; then
        tmp=$(mktemp -d "$SRC_CACHE/.fetch.XXXXXX")
        say "fetching the dwarfutils $VERSION source with 'apt-get source --download-only dwarfutils/$SUITE'"
        # Downloads run as root here: tell apt not to drop to the _apt user
        # (it could not write into this directory).  A mirror without the
        # current .dsc makes apt fail after it fetched the tarball.
        (cd "$tmp" && apt-get source -q --download-only -o APT::Sandbox::User=root \
            "dwarfutils/$SUITE") >"$DEPS_DIR/apt-source.log" 2>&1 ||
            say "apt-get source returned non-zero (log: $DEPS_DIR/apt-source.log); using the tarball if it came"
        [ -f "$tmp/$(basename "$TARBALL")" ] || {
            tail -n 15 "$DEPS_DIR/apt-source.log" >&2
            rm -rf "$tmp"
            die "'apt-get source dwarfutils/$SUITE' fetched no $(basename "$TARBALL")"
        }
        mv "$tmp/$(basename "$TARBALL")" "$TARBALL"
        rm -rf "$tmp"
    fi
    [ "$(sha256sum "$TARBALL" | cut -d' ' -f1)" = "$sum" ] ||
        die "$(basename "$TARBALL") does not match the SHA-256 of the signed source index ($sum)"
    say "$(basename "$TARBALL") matches the source index (sha256 $sum)"
    tmp=$(mktemp -d "$SRC_CACHE/.unpack.XXXXXX")
    tar -xzf "$TARBALL" -C "$tmp" || { rm -rf "$tmp"; die "cannot unpack $TARBALL"; }
    [ -f "$tmp/libdwarf-code-$VERSION/CMakeLists.txt" ] ||
        { rm -rf "$tmp"; die "unpacked source has no libdwarf-code-$VERSION/CMakeLists.txt"; }
    rm -rf "$SRCDIR"
    mv "$tmp/libdwarf-code-$VERSION" "$SRCDIR"
    rm -rf "$tmp"
    say "libdwarf $VERSION unpacked in $SRCDIR"
}

[ -f "$SRCDIR/CMakeLists.txt" ] || fetch_source

# ---------------------------------------------------------------- build ----
BUILDDIR=$DEPS_DIR/build/libdwarf-$HOST
[ "$HOST" != native ] || BUILDDIR=$BUILDDIR-$(echo "$CC $CFLAGS" | cksum | cut -d' ' -f1)
LOG=$BUILDDIR/build.log
rm -rf "$BUILDDIR"
mkdir -p "$BUILDDIR"
: >"$LOG"
fail() { # message
    echo "---- last lines of $LOG ----" >&2
    tail -n 25 "$LOG" >&2
    die "$*"
}

opts=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX"
      -DBUILD_NON_SHARED=ON -DBUILD_SHARED=OFF -DENABLE_DECOMPRESSION=OFF
      -DBUILD_DWARFDUMP=OFF -DBUILD_DWARFEXAMPLE=OFF -DBUILD_DWARFGEN=OFF
      -DDO_TESTING=OFF)
if [ "$HOST" = native ]; then
    # CMAKE_BUILD_TYPE=Release would add -O3 -DNDEBUG after our flags.
    opts=("${opts[@]/-DCMAKE_BUILD_TYPE=Release/-DCMAKE_BUILD_TYPE=}"
          -DCMAKE_C_COMPILER="${CC%% *}" -DCMAKE_C_FLAGS="$CFLAGS")
else
    # LIBDWARF_STATIC: libdwarf.h declares the API dllimport on Windows
    # unless told the library is static.
    opts+=(-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER="$HOST-gcc"
           -DCMAKE_CXX_COMPILER="$HOST-g++" -DCMAKE_RC_COMPILER="$HOST-windres"
           -DCMAKE_FIND_ROOT_PATH="/usr/$HOST" -DLIBDWARF_STATIC=ON)
fi
say "configuring libdwarf $VERSION for $HOST (log: $LOG)"
cmake -S "$SRCDIR" -B "$BUILDDIR" "${opts[@]}" >>"$LOG" 2>&1 ||
    fail "cmake failed for $HOST"
say "building libdwarf.a for $HOST"
rm -f "$PREFIX/include/libdwarf.h" "$PREFIX/include/dwarf.h" "$PREFIX/lib/libdwarf.a" \
    "$PREFIX/lib/pkgconfig/libdwarf.pc" "$STAMP"
cmake --build "$BUILDDIR" -j2 >>"$LOG" 2>&1 || fail "building libdwarf failed for $HOST"
cmake --install "$BUILDDIR" >>"$LOG" 2>&1 || fail "installing libdwarf into $PREFIX failed"
[ -f "$PREFIX/lib/libdwarf.a" ] && [ -f "$PREFIX/include/libdwarf.h" ] &&
    [ -f "$PREFIX/lib/pkgconfig/libdwarf.pc" ] ||
    fail "libdwarf.a, libdwarf.h or libdwarf.pc missing from $PREFIX after install"
echo "$WANT" >"$STAMP"
say "installed libdwarf $VERSION for $HOST into $PREFIX"
