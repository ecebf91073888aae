#!/usr/bin/env bash
# Installs the sandbox's toolchains (issue 4) from Debian packages and npm only.
#
# Idempotent: a toolchain whose command is already on PATH is left alone, so a machine that has,
# say, node from NodeSource or rustc from rustup keeps it (the sandbox finds those too).
# CI runs this as root on a fresh Debian bookworm before the tests; it takes a few minutes.
#
#   sudo .ci/install-toolchains.sh            # everything below
#   sudo .ci/install-toolchains.sh --core     # only the 13 core languages + bubblewrap
set -euo pipefail

core_only=0
[[ "${1:-}" == "--core" ]] && core_only=1

if [[ $(id -u) -ne 0 ]]; then
  echo "install-toolchains: run as root (apt-get needs it)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
have() { command -v "$1" >/dev/null 2>&1; }

# command -> Debian package. A command already present (from any source) is not reinstalled.
declare -a wanted=(
  "bwrap:bubblewrap"
  "setpriv:util-linux"
  "prlimit:util-linux"
  "python3:python3"
  "node:nodejs"
  "gcc:gcc"
  "g++:g++"
  "javac:default-jdk-headless"
  "go:golang-go"
  "rustc:rustc"
  "ruby:ruby"
  "php:php-cli"
  "perl:perl"
  "lua5.4:lua5.4"
  "bash:bash"
)
declare -a extras=(
  "tsc:node-typescript"
  "tclsh:tcl"
  "gawk:gawk"
  "sqlite3:sqlite3"
  "gfortran:gfortran"
  "guile:guile-3.0"
  "sbcl:sbcl"
  "Rscript:r-base-core"
  "mcs:mono-mcs"
  "tcsh:tcsh"
)
# TypeScript is core (issue 4), but its package only makes sense once node is there.
if [[ $core_only -eq 1 ]]; then extras=("tsc:node-typescript"); fi

missing=()
for entry in "${wanted[@]}" "${extras[@]}"; do
  cmd=${entry%%:*}; pkg=${entry#*:}
  if ! have "$cmd"; then missing+=("$pkg"); fi
done
# rustc from apt needs a C linker; go and cgo want gcc as well.
if [[ " ${missing[*]:-} " == *" rustc "* ]] && ! have cc; then missing+=(gcc); fi

if [[ ${#missing[@]} -gt 0 ]]; then
  # Unique, stable order; --no-install-recommends keeps the JDK and R from pulling desktops.
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
  echo "install-toolchains: apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-toolchains: every apt toolchain is already present"
fi

# TypeScript from npm when apt had no tsc (Debian's node-typescript needs Debian's nodejs).
if ! have tsc; then
  if ! have npm; then apt-get install -y -qq --no-install-recommends npm; fi
  npm install --global --no-fund --no-audit typescript@5
fi

echo "install-toolchains: done"
for entry in "${wanted[@]}" "${extras[@]}"; do
  cmd=${entry%%:*}
  printf '  %-10s %s\n' "$cmd" "$(command -v "$cmd" || echo MISSING)"
done
