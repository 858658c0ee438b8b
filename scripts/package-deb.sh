#!/usr/bin/env bash
# Builds the Debian package (.deb) a clerk installs on Debian, Ubuntu, 统信UOS or 银河麒麟:
# the window `zwl-desktop` with its menu entry and icons, the `zwl` command line beside it,
# their manual pages, and Depends derived from the binaries' shared libraries plus a
# Chinese font. It is built from a staged tree with `dpkg-deb --root-owner-group`, so it
# needs neither the Tauri CLI nor debhelper.
#
#   scripts/package-deb.sh                 release build → target/debian/zwl_VERSION_ARCH.deb
#   scripts/package-deb.sh --out DIR       the .deb lands in DIR
#   scripts/package-deb.sh --debug         package the debug build (quick; for tests only)
#   scripts/package-deb.sh --no-ui-build   use ui/dist as it is (it must exist)
#   scripts/package-deb.sh --no-build      package the binaries already in the target folder
#
# ZWL_DEB_MAINTAINER sets the Maintainer field ("Name <address>") of the office that
# distributes the package.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/deps.sh

profile=release
out=""
build_ui=1
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --out) out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    --no-ui-build) build_ui=0 ;;
    --no-build) build=0; build_ui=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# On a fresh Debian or Ubuntu machine, install what the build needs (as scripts/run.sh does).
[ "$build" = 1 ] && zwl_apt "${ZWL_APT_PACKAGES[@]}" dpkg-dev binutils
for t in dpkg-deb dpkg-shlibdeps strip gzip md5sum; do
  command -v "$t" >/dev/null || {
    echo "$t is missing: sudo apt install dpkg-dev binutils" >&2
    exit 2
  }
done
zwl_need_cargo

target="${CARGO_TARGET_DIR:-$root/target}"
out="${out:-$target/debian}"
mkdir -p "$out"
out=$(cd "$out" && pwd)

bin="$target/$profile"
if [ "$build_ui" = 1 ]; then
  zwl_build_ui
elif [ "$build" = 1 ] && [ ! -f ui/dist/index.html ]; then
  echo "ui/dist is missing: run without --no-ui-build" >&2
  exit 2
fi
if [ "$build" = 0 ]; then
  for b in zwl zwl-desktop; do
    [ -x "$bin/$b" ] || { echo "$bin/$b is missing: run without --no-build" >&2; exit 2; }
  done
elif [ "$profile" = release ]; then
  cargo build --release -p zwl -p zwl-desktop
else
  cargo build -p zwl -p zwl-desktop
fi

version=$("$bin/zwl" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
maintainer="${ZWL_DEB_MAINTAINER:-Zero-Waste City Ledger maintainers <ledger@zerowaste.example.org>}"
# File times and the changelog date are those of the last commit, so that the same
# sources give the same package.
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH="$epoch"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/zwl"
umask 022
mkdir -p "$stage/DEBIAN"

# The binaries, stripped (the release profile keeps no debug info; the debug build has
# 200 MB of it).
for b in zwl zwl-desktop; do
  install -D -m 0755 "$bin/$b" "$stage/usr/bin/$b"
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/$b"
done

# The menu entry and the icons, one per size found in src-tauri/icons.
install -D -m 0644 packaging/deb/zwl.desktop "$stage/usr/share/applications/zwl.desktop"
png_size() { # width×height of a PNG, from its IHDR chunk
  local w h
  w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  echo "${w}x${h}"
}
for icon in src-tauri/icons/*.png; do
  size=$(png_size "$icon")
  dest="$stage/usr/share/icons/hicolor/$size/apps/zwl.png"
  [ -e "$dest" ] || install -D -m 0644 "$icon" "$dest"
done

# Documentation: copyright, changelog, manual pages.
doc="$stage/usr/share/doc/zwl"
install -D -m 0644 packaging/deb/copyright "$doc/copyright"
printf 'zwl (%s) unstable; urgency=medium\n\n  * Release %s of the Zero-Waste City ledger (无废城市建设台账).\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$(date -u -R -d "@$epoch")" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# The commands section of zwl(1) comes from `zwl --help`, so it lists what this build has.
commands=$("$bin/zwl" --help | awk '
  /^Commands:/ { on = 1; next }
  on && /^$/ { exit }
  on && $1 != "help" {
    name = $1; $1 = ""; sub(/^ +/, "")
    gsub(/\\/, "\\e"); gsub(/-/, "\\-")
    printf ".TP\n.B %s\n%s\n", name, $0
  }')
mkdir -p "$stage/usr/share/man/man1"
for page in zwl zwl-desktop; do
  tpl=$(cat "packaging/man/$page.1.in")
  tpl=${tpl//@VERSION@/$version}
  tpl=${tpl//@COMMANDS@/$commands}
  printf '%s\n' "$tpl" | gzip -9n > "$stage/usr/share/man/man1/$page.1.gz"
done

install -D -m 0644 packaging/deb/lintian-overrides "$stage/usr/share/lintian/overrides/zwl"

# Depends: the libraries the binaries link (dpkg-shlibdeps reads them from the ELF files and
# maps them to packages through the shlibs/symbols files), and a Chinese font, which the
# window needs and no library pulls in.
mkdir -p "$work/shlibs/debian"
printf 'Source: zwl\n\nPackage: zwl\nArchitecture: any\n' > "$work/shlibs/debian/control"
if ! found=$(cd "$work/shlibs" &&
  dpkg-shlibdeps -O -e"$stage/usr/bin/zwl" -e"$stage/usr/bin/zwl-desktop" 2>"$work/shlibdeps.log"); then
  cat "$work/shlibdeps.log" >&2
  exit 2
fi
shlibs=$(sed -n 's/^shlibs:Depends=//p' <<<"$found")
if [ -z "$shlibs" ]; then
  echo "dpkg-shlibdeps found no libraries" >&2
  exit 2
fi
depends="$shlibs, fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
control=$(cat packaging/deb/control.in)
control=${control//@VERSION@/$version}
control=${control//@ARCH@/$arch}
control=${control//@MAINTAINER@/$maintainer}
control=${control//@INSTALLED_SIZE@/$installed_size}
control=${control//@DEPENDS@/$depends}
printf '%s\n' "$control" > "$stage/DEBIAN/control"
(cd "$stage" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -exec touch -h -d "@$epoch" {} +

deb="$out/zwl_${version}_${arch}.deb"
if [ "$profile" = release ]; then
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
else
  # A test package: quick to compress, never handed out.
  dpkg-deb --root-owner-group -Zgzip -z1 --build "$stage" "$deb" >/dev/null
fi
echo "$deb"
