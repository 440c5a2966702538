#!/usr/bin/env bash
# Installs the Debian packages OneFace needs, only those missing, without asking anything.
# Sourced by scripts/run, scripts/test and scripts/bench.

oneface_require_packages() {
  local wanted=(libsqlite3-dev libxml2-dev zlib1g-dev libssl-dev sqlite3 pkg-config "$@")
  local missing=()
  local pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      echo "error: need root (or sudo) to install: ${missing[*]}" >&2; return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2 || { echo "error: apt-get update failed" >&2; return 1; }
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || { echo "error: apt-get install failed" >&2; return 1; }
}

oneface_require_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    echo "error: the Swift toolchain (6.x) is not on PATH. Install it from swift.org, then rerun." >&2
    return 1
  fi
}

# Headless Chromium for the report's browser test (Debian package `chromium`). A failed install
# only warns: the browser test then skips, or fails when CI is set.
oneface_require_browser() {
  oneface_require_packages chromium || echo "warning: chromium could not be installed; the report's browser test will skip (or fail with CI set)" >&2
}
