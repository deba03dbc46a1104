#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver when they are missing, for the console's browser tests (ConsoleIT).
# Run by .ci/run and by `./mvnw verify` (integration-tests, pre-integration-test). Where it cannot install (not
# Debian, or neither root nor passwordless sudo), it says what to install and leaves the failure to ConsoleIT, which
# fails (never skips) without a browser.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get here; install Chromium and its chromedriver (/usr/bin/chromium and" \
       "/usr/bin/chromedriver, or -Dherald.chromium= and -Dherald.chromedriver=) for ConsoleIT" >&2
  exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    echo "ensure-chromium: run 'sudo apt-get install -y chromium chromium-driver' for ConsoleIT" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing chromium and chromium-driver (Debian packages)"
"${SUDO[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q chromium chromium-driver
