# Shared by scripts/run.sh and .ci/run: installs what a fresh Debian or Ubuntu machine lacks
# to build and run the desktop app, and does nothing when it is all there already.

# Debian packages the build and the window need.
ZWL_APT_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev fonts-noto-cjk)

# Debian packages that building and checking the .deb need (scripts/package-deb.sh, tests/deb.sh).
ZWL_PACKAGE_APT_PACKAGES=(dpkg-dev binutils lintian desktop-file-utils x11-utils)

zwl_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given that are not installed yet.
zwl_apt() {
  local need=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if ! command -v node >/dev/null 2>&1; then need+=(nodejs); fi
  if ! command -v npm >/dev/null 2>&1; then need+=(npm); fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    zwl_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive zwl_sudo apt-get install -y -qq "${need[@]}"
  fi
}

# Fails with instructions when there is no Rust toolchain.
zwl_need_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "Rust is missing: install it from https://rustup.rs (curl https://sh.rustup.rs -sSf | sh), then run this again." >&2
      exit 2
    fi
  fi
}

# Installs the window's npm packages from the lockfile and builds ui/dist.
zwl_build_ui() {
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
}

# Starts Xvfb on a free display (a stale lock of another display number cannot stop it),
# exports DISPLAY, and sets ZWL_XVFB_PID.
zwl_start_xvfb() {
  local f
  f=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$f" >/dev/null 2>&1 &
  ZWL_XVFB_PID=$!
  for _ in $(seq 1 50); do
    [ -s "$f" ] && break
    sleep 0.1
  done
  if [ ! -s "$f" ]; then
    echo "Xvfb did not start" >&2
    return 1
  fi
  export DISPLAY=":$(tr -d '[:space:]' < "$f")"
  rm -f "$f"
  echo "Xvfb on $DISPLAY"
}

# Everything scripts/test.sh needs on a fresh machine beyond the build: the WebDriver of
# WebKitGTK, Xvfb for the window tests, strace for the crash test, procps (pgrep, pkill) to
# stop an app the window tests left running, poppler-utils and qpdf to
# read the PDF reports back (pdftotext, pdffonts, qpdf --check), sqlite3 for the window tests
# that read the ledger, LibreOffice (no GUI) to read exported spreadsheets back, and
# tauri-driver.
zwl_install_test_deps() {
  zwl_apt "${ZWL_APT_PACKAGES[@]}" webkit2gtk-driver xvfb xauth strace procps poppler-utils qpdf sqlite3 libreoffice-calc-nogui "${ZWL_PACKAGE_APT_PACKAGES[@]}"
  zwl_need_cargo
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    cargo install tauri-driver --locked
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}
