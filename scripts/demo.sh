#!/usr/bin/env bash
# `make demo`: build a fresh evidence base from the files committed in examples/ and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${DEMO_DB:-forcecheck.db}"
FC=".venv/bin/forcecheck --db sqlite:///$DB"
rm -f "$DB"
echo "== forcecheck demo: a fresh evidence base in $DB"
$FC init
for step in examples/demo.d/*.sh; do
  [ -e "$step" ] || continue
  # shellcheck source=/dev/null
  source "$step"
done
echo
echo "== what the evidence base holds"
$FC stats
