#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and integration tests.
# Installs what the tests need on a fresh Debian machine (Rust is already there).
# With PRONGSAI_CI=1 (set by .ci/run) a failed install fails the run, and so does every test whose
# tool is missing; on a developer's machine such tests are skipped with a loud note.
set -euo pipefail
cd "$(dirname "$0")"
ci="${PRONGSAI_CI:-}"
fail_or_warn() {
  if [ -n "$ci" ]; then echo "error: $1" >&2; exit 1; fi
  echo "warning: $1" >&2
}
# Debian packages the tests drive: the browser and Thai fonts (search, live reload, accessibility);
# the FTP/FTPS and SSH servers that tests/it/deploy.rs starts on 127.0.0.1, and openssl for its certificate.
packages=(chromium fonts-thai-tlwg nodejs npm pure-ftpd openssh-server openssl)
# One command per package, to find which are missing.
commands=(chromium "" node npm pure-ftpd sshd openssl)
if [ "$(id -u)" = 0 ]; then
  missing=()
  for i in "${!packages[@]}"; do
    cmd="${commands[$i]}"
    if [ -n "$cmd" ]; then
      command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$i]}")
    else
      dpkg -s "${packages[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || fail_or_warn "could not install ${missing[*]}"
  fi
fi
if command -v npm >/dev/null 2>&1; then
  # The theme's browser suite (axe-core, html-validate, playwright-core, lighthouse); never a browser download.
  for suite in tests/browser tests/search-browser; do
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$suite" --no-audit --no-fund --loglevel=error \
      || fail_or_warn "npm ci failed in $suite"
  done
else
  fail_or_warn "npm is not installed; the browser suites cannot run"
fi
# Page snapshots (tests/it/page_snapshots.rs, insta): in CI a changed or missing snapshot fails and
# nothing is written or accepted (insta also reads CI=true so; this says it whatever CI holds).
if [ -n "$ci" ]; then
  export INSTA_UPDATE=no
  unset INSTA_FORCE_PASS
fi
cargo fmt --all -- --check
cargo clippy --all-targets --release -- -D warnings
cargo test --release --all-targets --no-fail-fast
