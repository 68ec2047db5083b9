#!/usr/bin/env bash
# Installs the Debian packages TwinLab builds against, when any is missing.
# The Swift toolchain itself is expected on PATH (or under /opt/swift).
set -euo pipefail

packages=(libedit-dev libcurl4-openssl-dev libmicrohttpd-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
