#!/usr/bin/env bash
# The tests start their own PostgreSQL server from Debian's binaries; install them if absent.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${FORCECHECK_TEST_PG_URL:-}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "PostgreSQL server binaries are missing: install Debian's 'postgresql' package, or set FORCECHECK_TEST_PG_URL" >&2
  exit 1
fi
echo "installing PostgreSQL from Debian's packages..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
