#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: make sure this Debian/Ubuntu machine
# has Python 3.11+ with venv and the system libraries Qt (PySide6) loads, then make
# the project's virtual environment in .venv. Installs only what is missing, with
# apt-get as root or through sudo.
set -euo pipefail

# Each entry is one need; "a|b" means either package will do (Ubuntu 24.04 renamed
# some libraries with a t64 suffix).
QT_RUNTIME_PACKAGES=(
  "libegl1" "libgl1" "libopengl0" "libfontconfig1" "libfreetype6" "fonts-dejavu-core"
  "libxkbcommon0" "libxkbcommon-x11-0" "libdbus-1-3" "libglib2.0-0t64|libglib2.0-0"
  "libx11-xcb1" "libxcb-cursor0" "libxcb-icccm4" "libxcb-image0" "libxcb-keysyms1"
  "libxcb-randr0" "libxcb-render-util0" "libxcb-shape0" "libxcb-xinerama0" "libxcb-xkb1"
  "libxrender1" "libxi6" "libsm6" "libice6"
)

_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

_apt() {
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
  else
    echo "Please install as root: apt-get $*" >&2
    return 1
  fi
}

_known_to_apt() {
  apt-cache show "$1" >/dev/null 2>&1
}

# ensure_packages NEED...: install the first available candidate of every unmet need.
ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: skipping system packages" >&2; return 0; }
  local missing=() need candidate updated=0
  for need in "$@"; do
    local met=0 choice=""
    IFS='|' read -r -a candidates <<< "$need"
    for candidate in "${candidates[@]}"; do
      if _installed "$candidate"; then met=1; break; fi
    done
    [ "$met" -eq 1 ] && continue
    if [ "$updated" -eq 0 ]; then _apt update -qq; updated=1; fi
    for candidate in "${candidates[@]}"; do
      if _known_to_apt "$candidate"; then choice="$candidate"; break; fi
    done
    [ -n "$choice" ] && missing+=("$choice")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}" >&2
    _apt install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# find_python: prints a python3 (3.11 or newer) command.
find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  ensure_packages "python3" "python3-venv" >&2
  if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo python3; return 0
  fi
  echo "Placement QA needs Python 3.11 or newer; this machine has $(python3 --version 2>&1)" >&2
  return 1
}

# ensure_venv: .venv exists and has pip.
ensure_venv() {
  local python
  python="$(find_python)"
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      local minor; minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      ensure_packages "python${minor}-venv|python3-venv"
      "$python" -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --upgrade pip
}
