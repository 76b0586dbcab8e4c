#!/usr/bin/env bash
# Test setup: Debian's chromium for the headless report test, and a Japanese font (IPA Gothic) so its screenshot
# shows the report's Japanese text instead of empty boxes. Installs only as root and only what is missing;
# elsewhere the browser test skips (no chromium) or its screenshot shows boxes (no font), and this says so.
set -u
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null | head -n 1)" ]; then
  packages+=(fonts-ipafont-gothic)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing ${packages[*]} and this is not a root Debian/Ubuntu shell: without chromium the browser test skips; without a Japanese font its screenshot shows boxes." >&2
  exit 0
fi
echo "Installing ${packages[*]} for the headless report test ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null 2>&1 \
  || echo "warning: could not install ${packages[*]}; the browser test may skip or show boxes for Japanese." >&2
exit 0
