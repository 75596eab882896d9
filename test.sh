#!/usr/bin/env bash
# The one test command (README): builds with warnings as errors and runs every test, browser tests included.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's Chromium for the browser tests..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium', then this again." >&2
    exit 1
  fi
fi

dotnet test Portal.sln --logger "console;verbosity=normal" "$@"
