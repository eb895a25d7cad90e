#!/usr/bin/env bash
# Set-up for a fresh Debian machine: system packages, then a virtual environment
# with every Python package pinned (requirements.lock). Safe to run again: it
# installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: browser tests; fonts-dejavu-core and -extra (italics), libpango*: PDF rendering (WeasyPrint);
# poppler-utils: pdftotext/pdffonts in tests; nodejs and npm: axe-core for the accessibility tests.
APT_PACKAGES=(chromium fonts-dejavu-core fonts-dejavu-extra libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1; then
  APT_PACKAGES+=(python3-venv)
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# axe-core from the npm registry, pinned by tests/axe/package-lock.json (injected into pages by the tests).
axe_stamp="tests/axe/node_modules/.installed-$(sha256sum tests/axe/package-lock.json | cut -c1-16)"
if [ ! -f "$axe_stamp" ]; then
  echo "setup: installing axe-core (npm) into tests/axe"
  (cd tests/axe && npm ci --no-audit --no-fund --silent)
  touch "$axe_stamp"
fi
