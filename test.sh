#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and integration tests.
# Installs what the tests need on a fresh Debian machine (Rust is already there).
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ] && ! command -v chromium >/dev/null 2>&1; then
  # Browser tests (search, live reload, accessibility) use Debian's Chromium and Thai fonts.
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null || echo "warning: chromium not installed; browser tests will be skipped"
fi
if command -v npm >/dev/null 2>&1; then
  # The theme's browser suite (axe-core, html-validate, playwright-core, lighthouse); never a browser download.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error || echo "warning: npm ci failed; theme browser tests will be skipped"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/search-browser --no-audit --no-fund --loglevel=error || echo "warning: npm ci failed; search browser tests will be skipped"
fi
cargo fmt --all -- --check
cargo clippy --all-targets --release -- -D warnings
cargo test --release --all-targets
