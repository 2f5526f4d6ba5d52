#!/usr/bin/env bash
# Debian's headless Chromium for the web UI's browser tests (tests/Lakeplane.Web.Tests), installed when missing.
# Idempotent: does nothing when /usr/bin/chromium is there. Playwright drives this browser; none is downloaded.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium.sh: /usr/bin/chromium is missing and there is no apt-get to install it: install Chromium, or set LAKEPLANE_CHROMIUM" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "installing Debian's chromium for the browser tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
