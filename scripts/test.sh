#!/usr/bin/env bash
# Runs every test: the window's unit tests, formatting and lints, the core and CLI tests,
# and the end-to-end tests that drive the real window through WebDriver under Xvfb.
# On a fresh Debian or Ubuntu machine it first installs what is missing (apt packages,
# WebKitWebDriver, Xvfb, strace, tauri-driver), as scripts/run.sh and .ci/run do.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zwl_install_test_deps

echo "== window: install, type-check, build, unit tests"
zwl_build_ui
(cd ui && npm run --silent check && npm test)

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== core and CLI tests"
cargo test

echo "== the window's types are generated from the Rust types and committed"
cargo test --features ts --test bindings
if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --porcelain -- ui/src/bindings
  echo "ui/src/bindings is stale: run 'cargo test --features ts --test bindings' and commit it" >&2
  exit 1
fi

echo "== desktop build"
cargo build -p zwl-desktop

echo "== the Debian package: built, linted, both binaries started from the unpacked files"
tests/deb.sh

echo "== window tests (WebDriver)"
for t in tauri-driver WebKitWebDriver; do
  command -v "$t" >/dev/null || { echo "$t is missing after the installs above" >&2; exit 2; }
done
xvfb_pid=""
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "no DISPLAY and no Xvfb" >&2; exit 2; }
  zwl_start_xvfb
  xvfb_pid=$ZWL_XVFB_PID
fi
status=0
(cd ui && timeout 900 node --test --test-concurrency=1 e2e/) || status=$?
[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
echo "screenshots: ui/e2e/artifacts/"
exit $status
