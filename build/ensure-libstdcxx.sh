#!/usr/bin/env bash
# TorchSharp-cpu 0.107 (LibTorch 2.10) needs GLIBCXX_3.4.32, i.e. GCC 13's libstdc++.
# Debian 12 ships GCC 12's. On Debian 12 as root we install Debian 13 (trixie)'s libstdc++6
# through an apt source that exists only for the duration of that one install. Idempotent.
set -euo pipefail

required="GLIBCXX_3.4.32"

find_libstdcxx() {
  # The copy the dynamic loader will pick for a 64-bit process.
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}'
}

has_symbol() {
  local lib="$1"
  [ -n "$lib" ] && [ -r "$lib" ] && grep -aq "$required" "$lib"
}

lib="$(find_libstdcxx || true)"
if has_symbol "$lib"; then
  echo "libstdc++: $lib provides $required"
  exit 0
fi

os_id="$(. /etc/os-release 2>/dev/null && echo "${ID:-unknown}")"
os_ver="$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-unknown}")"

explain() {
  cat >&2 <<MSG
error: TorchSharp needs $required (the C++ runtime of GCC 13 or newer), but
       ${lib:-libstdc++.so.6} on this machine (${os_id} ${os_ver}) does not provide it.
How to fix:
  - Debian 12: run ./build.sh as root once; it installs Debian 13's libstdc++6 (see README, "Native runtime").
  - Ubuntu 24.04 and Debian 13 already ship it: sudo apt-get install libstdc++6
  - Elsewhere: install GCC 13+'s libstdc++ (e.g. conda install -c conda-forge libstdcxx-ng)
    and put its folder first in LD_LIBRARY_PATH.
MSG
}

if [ "$os_id" != "debian" ] || [ "$os_ver" != "12" ]; then
  explain; exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "error: not root, so the Debian 13 libstdc++6 cannot be installed automatically." >&2
  explain; exit 1
fi

src=/etc/apt/sources.list.d/mrerepro-trixie.sources
cleanup() { rm -f "$src"; }
trap cleanup EXIT
echo "libstdc++: installing Debian 13 (trixie) libstdc++6 for $required ..."
cat > "$src" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
export DEBIAN_FRONTEND=noninteractive
apt-get update -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- \
  -o Dir::Etc::sourcelist="$src" -qq >/dev/null
apt-get install -y -qq -t trixie --no-install-recommends libstdc++6 >/dev/null
cleanup
trap - EXIT

lib="$(find_libstdcxx || true)"
if has_symbol "$lib"; then
  echo "libstdc++: $lib now provides $required"
else
  explain; exit 1
fi
