#!/usr/bin/env bash
# The Debian package, as a clerk's PC receives it: scripts/package-deb.sh builds it, its
# control data and files are what an installation needs, lintian finds no warning or error,
# and both binaries start from the package unpacked into a scratch folder.
#
#   tests/deb.sh               packages the debug build (scripts/test.sh runs it after that
#                              build; needs ui/dist, lintian, desktop-file-utils, x11-utils,
#                              and Xvfb or a DISPLAY)
#   tests/deb.sh OPTIONS...    packages with these scripts/package-deb.sh options instead:
#                              none for the release build a clerk gets (`tests/deb.sh --release`
#                              says so), `--debug --no-build` for the debug binaries as they are
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

build_args=(--debug --no-ui-build)
if [ "${1:-}" = --release ]; then
  build_args=()
elif [ $# -gt 0 ]; then
  build_args=("$@")
fi

for t in dpkg-deb lintian desktop-file-validate xwininfo; do
  command -v "$t" >/dev/null || {
    echo "$t is missing: run .ci/run, which installs it" >&2
    exit 2
  }
done

scratch=$(mktemp -d)
xvfb_pid=""
window_pid=""
cleanup() {
  [ -n "$window_pid" ] && kill -TERM "$window_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

passed=0
failed=0
# check NAME COMMAND...: runs one rule; its output is shown only when it fails.
check() {
  local name=$1 log
  shift
  log=$(mktemp)
  if "$@" >"$log" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    sed 's/^/     /' "$log"
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

deb=""
package_builds_with_one_command() {
  local out
  out=$(scripts/package-deb.sh "${build_args[@]}" --out "$scratch/out") || return 1
  deb=$(printf '%s\n' "$out" | tail -n 1)
  [ -f "$deb" ] || { echo "no package at '$deb'"; return 1; }
  echo "$deb"
}
check "the package builds with one command" package_builds_with_one_command
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "0 passed, $((failed)) failed"
  exit 1
fi
du -h "$deb" | cut -f1 | sed 's/^/     size of the package: /'

field() { dpkg-deb --field "$deb" "$1"; }
contents=$(dpkg-deb --contents "$deb")
x="$scratch/unpacked"
dpkg-deb -x "$deb" "$x"

control_names_the_package_its_version_and_architecture() {
  [ "$(field Package)" = zwl ] || { echo "Package: $(field Package)"; return 1; }
  [ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || { field Architecture; return 1; }
  local v
  v=$("$x/usr/bin/zwl" --version) || return 1
  [ "zwl $(field Version)" = "$v" ] || { echo "Version: $(field Version), zwl --version: $v"; return 1; }
  [ "$(basename "$deb")" = "zwl_$(field Version)_$(field Architecture).deb" ] || { basename "$deb"; return 1; }
}
check "control names the package, its version and architecture" \
  control_names_the_package_its_version_and_architecture

depends_on_webkit_gtk_and_a_chinese_font() {
  local d
  d=$(field Depends)
  echo "Depends: $d"
  for p in 'libwebkit2gtk-4\.1-0' 'libgtk-3-0' 'libc6 (>= [0-9.]*)' \
    'fonts-noto-cjk | fonts-wqy-microhei'; do
    grep -q "$p" <<<"$d" || { echo "missing: $p"; return 1; }
  done
}
check "it depends on WebKitGTK, GTK, the C library and a Chinese font" \
  depends_on_webkit_gtk_and_a_chinese_font

installed_size_is_the_size_of_its_files() {
  local declared actual
  declared=$(field Installed-Size)
  actual=$(du -sk "$x" | cut -f1)
  echo "Installed-Size $declared KiB, unpacked $actual KiB"
  [ "$declared" -ge $((actual * 95 / 100)) ] && [ "$declared" -le $((actual * 105 / 100)) ]
}
check "Installed-Size is the size of its files" installed_size_is_the_size_of_its_files

description_speaks_english_and_chinese() {
  local d
  d=$(field Description)
  head -n 1 <<<"$d" | grep -q '^Zero-Waste City ledger' || { head -n 1 <<<"$d"; return 1; }
  grep -q '无废城市建设台账' <<<"$d" || { echo "no Chinese line"; return 1; }
  grep -Eq '^.+ <[^ @]+@[^ @]+\.[a-z]+>$' <<<"$(field Maintainer)" || { field Maintainer; return 1; }
}
check "the description speaks English and Chinese, and a maintainer is named" \
  description_speaks_english_and_chinese

files_are_where_an_installation_needs_them() {
  local want=(
    '-rwxr-xr-x root/root .* ./usr/bin/zwl$'
    '-rwxr-xr-x root/root .* ./usr/bin/zwl-desktop$'
    '-rw-r--r-- root/root .* ./usr/share/applications/zwl.desktop$'
    '-rw-r--r-- root/root .* ./usr/share/icons/hicolor/256x256/apps/zwl.png$'
    '-rw-r--r-- root/root .* ./usr/share/icons/hicolor/32x32/apps/zwl.png$'
    '-rw-r--r-- root/root .* ./usr/share/doc/zwl/copyright$'
    '-rw-r--r-- root/root .* ./usr/share/doc/zwl/changelog.gz$'
    '-rw-r--r-- root/root .* ./usr/share/man/man1/zwl.1.gz$'
    '-rw-r--r-- root/root .* ./usr/share/man/man1/zwl-desktop.1.gz$'
  )
  for w in "${want[@]}"; do
    grep -Eq -- "^$w" <<<"$contents" || { echo "missing: $w"; return 1; }
  done
  # Nothing outside /usr, and nothing owned by the builder.
  if grep -Ev ' \./(usr/.*)?$' <<<"$contents"; then return 1; fi
  if grep -v ' root/root ' <<<"$contents"; then return 1; fi
}
check "files are where an installation needs them, owned by root" \
  files_are_where_an_installation_needs_them

menu_entry_opens_the_window_with_its_icon() {
  local f="$x/usr/share/applications/zwl.desktop"
  desktop-file-validate "$f" || return 1
  for line in 'Name[zh_CN]=无废城市建设台账' 'Exec=zwl-desktop' 'Icon=zwl' 'Categories=Office;'; do
    grep -qxF "$line" "$f" || { echo "missing: $line"; return 1; }
  done
  [ -x "$x/usr/bin/zwl-desktop" ]
}
check "the menu entry opens the window, with its Chinese name and icon" \
  menu_entry_opens_the_window_with_its_icon

icons_are_the_size_of_their_folder() {
  local n=0 icon size real
  for icon in "$x"/usr/share/icons/hicolor/*/apps/zwl.png; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    real=$(od -An -tu1 -j16 -N8 "$icon" |
      awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}')
    [ "$size" = "$real" ] || { echo "$icon is $real"; return 1; }
    n=$((n + 1))
  done
  echo "$n icons"
  [ "$n" -ge 2 ]
}
check "each icon is the size its folder says" icons_are_the_size_of_their_folder

binaries_find_every_library_they_link() {
  local b out
  for b in zwl zwl-desktop; do
    out=$(ldd "$x/usr/bin/$b") || return 1
    if grep 'not found' <<<"$out"; then return 1; fi
  done
}
check "the binaries find every library they link" binaries_find_every_library_they_link

lintian_finds_no_warning_or_error() {
  # Info tags are shown; a warning or an error fails, unless the package's override file
  # (packaging/deb/lintian-overrides) states why it is accepted.
  lintian --fail-on error,warning --display-info "$deb"
}
check "lintian finds no warning or error" lintian_finds_no_warning_or_error

# Both binaries run from the unpacked tree, with their own config and data folders.
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
unset ZWL_DB

cli_starts_from_the_unpacked_package() {
  "$x/usr/bin/zwl" --version || return 1
  "$x/usr/bin/zwl" --db "$scratch/scratch.db" init || return 1
  [ -s "$scratch/scratch.db" ] || { echo "no database"; return 1; }
  "$x/usr/bin/zwl" --db "$scratch/scratch.db" --json check
}
check "the CLI starts from the unpacked package and creates a ledger" \
  cli_starts_from_the_unpacked_package

if [ -z "${DISPLAY:-}" ]; then
  zwl_start_xvfb >/dev/null || exit 2
  xvfb_pid=$ZWL_XVFB_PID
fi

window_stays_up_until_terminated() {
  # A ledger is created explicitly (the window offers it on a first start; here the packaged
  # CLI makes it), then the packaged window opens it.
  "$x/usr/bin/zwl" --db "$scratch/window.db" init >/dev/null || { echo "zwl init failed"; return 1; }
  "$x/usr/bin/zwl-desktop" --db "$scratch/window.db" >"$scratch/window.log" 2>&1 &
  window_pid=$!
  local shown="" children
  # The window shows within 30 s (a busy machine is slow to start WebKit) …
  for _ in $(seq 1 60); do
    sleep 0.5
    kill -0 "$window_pid" 2>/dev/null || break
    if xwininfo -root -tree | grep -q '"无废城市建设台账": ("zwl-desktop"'; then
      shown=1
      break
    fi
  done
  # … and stays up a few seconds more, until it is asked to stop.
  sleep 4
  if ! kill -0 "$window_pid" 2>/dev/null; then
    wait "$window_pid"
    echo "the window exited with $? before it was asked to:"
    cat "$scratch/window.log"
    window_pid=""
    return 1
  fi
  [ -n "$shown" ] || { echo "no window titled 无废城市建设台账"; xwininfo -root -tree; return 1; }
  # The window holds the ledger open: its write-ahead log is there beside it.
  [ -e "$scratch/window.db-wal" ] || { echo "the window opened no database"; cat "$scratch/window.log"; return 1; }
  children=$(pgrep -P "$window_pid" | tr '\n' ' ')
  kill -TERM "$window_pid"
  wait "$window_pid"
  echo "terminated with status $? (143 is SIGTERM)"
  window_pid=""
  # WebKit's helper processes leave with the window.
  for _ in $(seq 1 20); do
    local left=""
    for c in $children; do kill -0 "$c" 2>/dev/null && left="$left $c"; done
    [ -z "$left" ] && return 0
    sleep 0.25
  done
  echo "processes left behind:$left"
  ps -o pid,args -p "${left# }" || true
  for c in $left; do kill -TERM "$c" 2>/dev/null; done
  return 1
}
check "the window starts from the unpacked package and stays up until terminated" \
  window_stays_up_until_terminated

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
