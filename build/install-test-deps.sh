#!/usr/bin/env bash
# Test setup: Debian's chromium for the headless report test. Installs only as root and only when missing;
# elsewhere the browser test skips and says why.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: /usr/bin/chromium is missing and this is not a root Debian/Ubuntu shell; the browser test will skip." >&2
  exit 0
fi
echo "Installing Debian's chromium for the headless report test ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
  || echo "warning: could not install chromium; the browser test will skip." >&2
exit 0
