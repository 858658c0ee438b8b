#!/usr/bin/env bash
# Runs the app: installs what is missing, builds, and opens the window on the default local
# database (or on the one given: scripts/run.sh --db PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zwl_apt "${ZWL_APT_PACKAGES[@]}"
zwl_need_cargo
zwl_build_ui
cargo build --release -p zwl-desktop -p zwl
target="${CARGO_TARGET_DIR:-target}"
exec "$target/release/zwl-desktop" "$@"
