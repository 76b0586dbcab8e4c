#!/usr/bin/env bash
# One entry point: ./build.sh runs the whole pipeline (default profile); ./build.sh --target=Test runs the tests.
# Every argument goes to Cake (see ./build.sh --target=Help, or README.md).
set -euo pipefail
cd "$(dirname "$0")"

# TorchSharp needs GCC 13's libstdc++; check (and on Debian 12 as root, provide it in a private .NET host under
# tools/native-runtime, leaving the system's libc alone) before anything loads it. Every .NET process of this run
# (Cake, MSBuild, test hosts, build/mre) then starts through that host.
dotnet_host="$(build/ensure-libstdcxx.sh)"
if [ "$dotnet_host" != "$(command -v dotnet)" ]; then
  export PATH="$(dirname "$dotnet_host"):$PATH" DOTNET_ROOT="$(dirname "$dotnet_host")"
fi

# Restore the pinned Cake tool only when it is missing (dotnet tool restore costs a second per run).
cake_version="$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' .config/dotnet-tools.json | sed -n 2p)"
if [ ! -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}/cake.tool/${cake_version}" ]; then
  dotnet tool restore
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
exec dotnet cake build.cake "$@"
