#!/usr/bin/env bash
# Test setup: Debian's chromium for the headless report test, a Japanese font (IPA Gothic) so its screenshot
# shows the report's Japanese text instead of empty boxes, and DejaVu Sans for the figure test that renders with a
# fixed font. Installs only as root and only what is missing; elsewhere those tests skip (no chromium, no DejaVu)
# or fail their glyph check (no Japanese font), and this says so.
set -u
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null | head -n 1)" ]; then
  packages+=(fonts-ipafont-gothic)
fi
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing ${packages[*]} and this is not a root Debian/Ubuntu shell: without chromium the browser tests skip, without DejaVu Sans the figure font test skips, without a Japanese font the screenshot test fails." >&2
  exit 0
fi
echo "Installing ${packages[*]} for the report and figure tests ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null 2>&1 \
  || echo "warning: could not install ${packages[*]}; the browser and figure font tests may skip or fail." >&2
exit 0
