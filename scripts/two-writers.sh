#!/usr/bin/env bash
# Two writers on one ledger at the same time, at full size: two loops of N `zwl cell add`
# commands (default 500 each) run side by side on one new file. Prints the failures of each
# loop, the time, and the result of `zwl check`. Result: docs/durability.md.
#   scripts/two-writers.sh [N]        (uses target/release/zwl; builds it when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
target="${CARGO_TARGET_DIR:-target}"
zwl="$target/release/zwl"
[ -x "$zwl" ] || cargo build --release --bin zwl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/ledger.db"
"$zwl" --db "$db" init >/dev/null

loop() { # name prefix, failure file
  local fails=0
  for i in $(seq 1 "$n"); do
    if ! "$zwl" --db "$db" cell add --name "$1$i" --kind community --district 220102 >/dev/null 2>>"$2.err"; then
      fails=$((fails + 1))
    fi
  done
  echo "$fails" >"$2"
}

start=$(date +%s.%N)
loop 甲小区 "$dir/a" &
a=$!
loop 乙小区 "$dir/b" &
b=$!
wait "$a" "$b"
end=$(date +%s.%N)
cells=$("$zwl" --db "$db" --json cell list | sed -n 's/.*"total": *\([0-9]*\).*/\1/p' | head -1)
echo "two loops of $n commands: failures $(cat "$dir/a") + $(cat "$dir/b"), cells $cells of $((2 * n)), $(echo "$end - $start" | bc) s"
[ -s "$dir/a.err" ] && { echo "first errors:"; head -3 "$dir/a.err"; }
"$zwl" --db "$db" check | tail -1
