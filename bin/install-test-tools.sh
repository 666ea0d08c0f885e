#!/usr/bin/env bash
# Installs the programs some tests run for real: Caddy (to adapt the Caddyfile and proxy in an end-to-end test),
# the Compose CLI (to validate docker-compose.prod.yml), Chromium with its WebDriver (the Mini App's browser
# tests), and Node.js with npm (the Mini App's lint and unit tests, package.json). Called by the Maven build before
# the tests; installs with apt-get when it can, and otherwise says what is missing (those tests then skip,
# except in CI, where they fail).
set -euo pipefail
missing=()
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Emoji in the Mini App's screenshots (docs/screenshots) instead of empty boxes.
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "WARNING: ${missing[*]} not installed and apt-get is not usable here; the tests that need them will skip." >&2
fi
