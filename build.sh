#!/usr/bin/env bash
# One entry point: ./build.sh runs the whole pipeline (default profile); ./build.sh --target=Test runs the tests.
# Every argument goes to Cake (see ./build.sh --target=Help, or README.md).
set -euo pipefail
cd "$(dirname "$0")"

# TorchSharp needs GCC 13's libstdc++; check (and on Debian 12 as root, fix) before anything loads it.
build/ensure-libstdcxx.sh >/dev/null

# Restore the pinned Cake tool only when it is missing (dotnet tool restore costs a second per run).
cake_version="$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' .config/dotnet-tools.json | sed -n 2p)"
if [ ! -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}/cake.tool/${cake_version}" ]; then
  dotnet tool restore
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
exec dotnet cake build.cake "$@"
