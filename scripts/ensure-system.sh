#!/usr/bin/env bash
# System packages the Python dependencies build against (PyICU, pulled in by normality,
# compiles against ICU). Debian's machine image has them; install them where it does not.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists icu-uc 2>/dev/null || missing+=(libicu-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing system packages: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
