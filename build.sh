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
cake_version="$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' .config/dotnet-tools.json | sed -n 1p)"
cake_tool="${NUGET_PACKAGES:-$HOME/.nuget/packages}/cake.tool/${cake_version}"
if [ ! -d "$cake_tool" ]; then
  dotnet tool restore
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Cake itself becomes this script's process (`dotnet cake` would run it as a child of the SDK's CLI, which swallows a
# SIGINT sent to it): a SIGINT or SIGTERM sent to ./build.sh then reaches Cake, which stops the running stage cleanly.
# Cake's newest build whose .NET runtime is installed (the tool ships one per target framework).
dotnet_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")"
for cake_dll in $(ls -d "$cake_tool"/tools/net*/any/Cake.dll 2>/dev/null | sort -rV); do
  tfm="$(basename "$(dirname "$(dirname "$cake_dll")")")"
  if ls -d "$dotnet_dir/shared/Microsoft.NETCore.App/${tfm#net}".* >/dev/null 2>&1; then
    exec dotnet "$cake_dll" build.cake "$@"
  fi
done
exec dotnet cake build.cake "$@"
