#!/usr/bin/env bash
# Installs the build and test dependencies of k1s from Debian's packages.
# Idempotent: packages already present are not touched, and apt-get runs only
# when something is missing. Usage: packaging/setup.sh
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libsqlite3-dev sqlite3
  nlohmann-json3-dev
  libyaml-cpp-dev
  libboost-dev libboost-filesystem-dev libboost-system-dev
  libssl-dev openssl
  zlib1g-dev
  libjemalloc-dev
  doctest-dev
  libcpp-httplib-dev
  curl
  clang libclang-rt-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
