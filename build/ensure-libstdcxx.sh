#!/usr/bin/env bash
# TorchSharp-cpu 0.107 (LibTorch 2.10) needs GLIBCXX_3.4.32, i.e. GCC 13's libstdc++. Debian 12 ships GCC 12's.
#
# On Debian 12 as root this leaves the system's packages alone: it unpacks Debian 13 (trixie)'s libc6,
# libstdc++6 and libgcc-s1 into tools/native-runtime/lib (apt-get download + dpkg-deb -x, nothing installed) and
# makes a private .NET host, tools/native-runtime/dotnet: a copy of the `dotnet` muxer whose ELF interpreter and
# RPATH point at that folder (patchelf), beside links to the real SDK and runtimes. build.sh and build/mre run
# .NET through it; no environment variable carries the new libc into child processes (python3, chromium, sh).
# The only system change is Debian 12's own `patchelf` package, when it is missing.
#
# Prints the dotnet to use (a path) on stdout; messages go to stderr. Idempotent: milliseconds once done.
set -euo pipefail

required="GLIBCXX_3.4.32"
root="$(cd "$(dirname "$0")/.." && pwd)"
runtime="$root/tools/native-runtime"
lib="$runtime/lib"
host="$runtime/dotnet"

find_libstdcxx() {
  # The copy the dynamic loader picks for a 64-bit process.
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}'
}

has_symbol() {
  [ -n "$1" ] && [ -r "$1" ] && grep -aq "$required" "$1"
}

# The SDK's own dotnet: the first on PATH that is not the private host. ./build.sh puts that host first on PATH, and so
# may a user's shell; taking it for the SDK would make its links point at themselves and break it.
system_dotnet() {
  local candidate own
  own="$(readlink -f "$host/dotnet" 2>/dev/null || true)"
  while IFS= read -r candidate; do
    candidate="$(readlink -f "$candidate")"
    [ "$candidate" = "$own" ] && continue
    echo "$candidate"
    return 0
  done < <(type -ap dotnet)
  return 1
}

private_host_ready() {
  [ -x "$host/dotnet" ] && [ -f "$runtime/stamp" ] && [ -f "$runtime/test.runsettings" ] && [ "$(cat "$runtime/stamp")" = "$(system_dotnet)" ] \
    && has_symbol "$lib/libstdc++.so.6"
}

if has_symbol "$(find_libstdcxx || true)"; then
  command -v dotnet
  exit 0
fi
if private_host_ready; then
  echo "$host/dotnet"
  exit 0
fi

os_id="$(. /etc/os-release 2>/dev/null && echo "${ID:-unknown}")"
os_ver="$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-unknown}")"

explain() {
  cat >&2 <<MSG
error: TorchSharp needs $required (the C++ runtime of GCC 13 or newer), but
       $(find_libstdcxx || echo libstdc++.so.6) on this machine (${os_id} ${os_ver}) does not provide it.
How to fix:
  - Debian 12: run ./build.sh as root once; it unpacks Debian 13's C and C++ runtimes into tools/native-runtime
    and runs .NET through a private host there, without installing them (README, "Native runtime").
  - Ubuntu 24.04 and Debian 13 already ship it: sudo apt-get install libstdc++6
  - Elsewhere: install GCC 13+'s libstdc++ (e.g. conda install -c conda-forge libstdcxx-ng)
    and put its folder first in LD_LIBRARY_PATH.
MSG
}

if [ "$os_id" != "debian" ] || [ "$os_ver" != "12" ]; then
  explain; exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "error: not root, so the Debian 13 runtimes cannot be fetched automatically." >&2
  explain; exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v patchelf >/dev/null 2>&1; then
  echo "native runtime: installing Debian 12's patchelf (the only package this setup installs) ..." >&2
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends patchelf >/dev/null
fi

echo "native runtime: unpacking Debian 13's libc6, libstdc++6, libgcc-s1 into $runtime (nothing is installed) ..." >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/debs" "$work/unpacked"
cat > "$work/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
# A private apt state: the system's lists, cache and sources are neither read nor written.
apt_private=(-o Dir::Etc::sourcelist="$work/trixie.sources" -o Dir::Etc::sourceparts=-
  -o Dir::State::Lists="$work/lists" -o Dir::Cache::archives="$work/archives"
  -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
apt-get "${apt_private[@]}" update -qq >/dev/null
(cd "$work/debs" && apt-get "${apt_private[@]}" download libc6 libstdc++6 libgcc-s1 >/dev/null)
for deb in "$work"/debs/*.deb; do
  echo "  $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)" >&2
  dpkg-deb -x "$deb" "$work/unpacked"
done

# Build the new folder beside the old one and swap it in, so an interrupted setup leaves nothing half-made.
staging="$runtime.tmp-$$"
rm -rf "$staging"
mkdir -p "$staging/lib" "$staging/dotnet"
libdir="$work/unpacked/usr/lib/x86_64-linux-gnu"
cp -a "$libdir"/. "$staging/lib/"
# The loader itself: copy the file (not the /lib64 symlink) so the interpreter path is inside the folder.
cp -L "$work/unpacked/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$staging/lib/ld-linux-x86-64.so.2" 2>/dev/null \
  || cp -L "$work/unpacked/usr/lib64/ld-linux-x86-64.so.2" "$staging/lib/ld-linux-x86-64.so.2"

real="$(system_dotnet)" || { echo "error: no dotnet on PATH besides the private host $host/dotnet; install the .NET 10 SDK." >&2; exit 1; }
real_root="$(dirname "$real")"
for entry in "$real_root"/*; do
  name="$(basename "$entry")"
  [ "$name" = "dotnet" ] || ln -s "$entry" "$staging/dotnet/$name"
done
cp "$real" "$staging/dotnet/dotnet"
# The interpreter and RPATH name the final folder, which the swap below puts in place.
patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$lib" "$staging/dotnet/dotnet"
# dotnet test starts its test hosts with the muxer it finds, not this one; Directory.Build.props points
# RunSettingsFilePath at this file, so every `dotnet test` (Cake's or a user's) runs tests on this host.
cat > "$staging/test.runsettings" <<XML
<RunSettings>
  <RunConfiguration>
    <DotNetHostPath>$host/dotnet</DotNetHostPath>
  </RunConfiguration>
</RunSettings>
XML
echo "$real" > "$staging/stamp"
rm -rf "$runtime.old"
[ -e "$runtime" ] && mv "$runtime" "$runtime.old"
mv "$staging" "$runtime"
rm -rf "$runtime.old"

if ! "$host/dotnet" --version >/dev/null 2>&1; then
  echo "error: the private .NET host $host/dotnet does not start; remove $runtime and retry, or see README." >&2
  exit 1
fi
echo "native runtime: ready ($host/dotnet runs on Debian 13's libc and libstdc++; the system is unchanged)" >&2
echo "$host/dotnet"
