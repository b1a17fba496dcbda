#!/usr/bin/env bash
# Installs what pip cannot: nginx (the gateway) and, for the tests (unless SKIP_CHROMIUM=1),
# Chromium (the widget's end-to-end tests), Node.js and npm (the widget's unit tests and its
# linter) and libfaketime (the end-to-end tests move the booking service's clock to fixed dates).
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${SKIP_CHROMIUM:-0}" != 1 ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ -n "$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null)" ] || missing+=(faketime)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install ${missing[*]} with your package manager" >&2
  exit 1
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
