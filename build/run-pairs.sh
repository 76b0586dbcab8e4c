#!/usr/bin/env bash
# Runs a profile pair by pair (a planted dataset and its control, "<name>" and "<name>-ctrl") and writes each pair's
# report as soon as that pair is done, so that a run too long for one sitting is kept part by part.
#
#   build/run-pairs.sh [--profile P] [--jobs N] OUT PAIR...      e.g. build/run-pairs.sh runs/seeds-48-53 SCNM SCPOS-N
#   build/run-pairs.sh [--profile P] --print-params PAIR         the parameters a pair's report is made with, to stdout
#   build/run-pairs.sh [--profile P] --print-provenance           what a part was made with (below), to stdout
#
# For each pair, in the workspace this is run from: every evaluate, saliency and verbalizer instance of both datasets
# with --upstream (so their fine-tunes, and the shared splits and pretraining first), then `mre report` over those two
# datasets alone (a copy of params.yaml whose profile lists only them), copied to OUT/PAIR/{report.md,conclusions.json},
# with OUT/PAIR/provenance.txt: the commit and whether params.yaml differs from it, the profile's seeds, the CPU and
# whether it has AVX-512 (float training is bit-identical on one CPU type only), and the pretrained bases' hashes.
# Finished instances are skipped, so the same command resumes. The parts' counts add up to the whole run's:
# `build/mre sum-conclusions summed.json OUT/*/conclusions.json`, then `build/mre compare-runs` (README, "Comparing two
# runs"). A pair whose instance fails stops the script (exit 1) before its report.
set -euo pipefail

profile=default
jobs=""
print_params=""
print_provenance=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --jobs) jobs="--jobs $2"; shift 2 ;;
    --print-params) print_params="$2"; shift 2 ;;
    --print-provenance) print_provenance=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ -f params.yaml ] || { echo "error: no params.yaml here: run this from the workspace's root" >&2; exit 2; }

# A copy of params.yaml whose profile's `datasets:` keeps only the named datasets (the text of every block kept).
subset() {
  awk -v profile="$profile" -v keep="$1" '
    BEGIN { n = split(keep, k, ","); for (i = 1; i <= n; i++) wanted[k[i]] = 1 }
    /^[^ #][^:]*:/ { section = substr($0, 1, index($0, ":") - 1); in_datasets = 0; skip = 0 }
    section == profile && /^  [^ #]/ { in_datasets = ($0 ~ /^  datasets:[ ]*$/); skip = 0 }
    section == profile && in_datasets && /^    [^ #]/ { name = $1; sub(/:$/, "", name); skip = !(name in wanted) }
    !skip { print }
  ' params.yaml
}

# The output hash dvc.lock records for one stage folder of the profile (its first mention: the stage's own outs).
lock_hash() {
  awk -v path="stages/$profile/$1" '$0 ~ "- path: " path "$" { found = 1; next } found && /md5:/ { print $2; exit }' dvc.lock 2>/dev/null \
    | grep . || echo "none recorded"
}

provenance() {
  local changed cpu avx512
  changed="$(git status --porcelain -- params.yaml 2>/dev/null)"
  cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)"
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then avx512=yes; else avx512=no; fi
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "params.yaml: $([ -n "$changed" ] && echo "edited (git diff below)" || echo "as committed")"
  echo "profile: $profile"
  awk -v profile="$profile" '/^[^ #][^:]*:/ { section = substr($0, 1, index($0, ":") - 1) }
    section == profile && /^  [a-z0-9_]+:/ { stage = $1; sub(/:$/, "", stage) }
    section == profile && /^    seeds:/ { seeds = $0; sub(/^ *seeds: */, "", seeds); sub(/ *#.*$/, "", seeds); print stage " seeds: " seeds }' params.yaml
  echo "cpu: ${cpu:-unknown} ($(nproc) cores); AVX-512: $avx512"
  echo "pretrain (dvc.lock): $(lock_hash pretrain)"
  echo "t5pretrain (dvc.lock): $(lock_hash t5pretrain)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [ -n "$changed" ]; then git --no-pager diff --no-color -- params.yaml; fi
}

if [ -n "$print_provenance" ]; then
  provenance
  exit 0
fi
if [ -n "$print_params" ]; then
  subset "$print_params,$print_params-ctrl"
  exit 0
fi
if [ $# -lt 2 ]; then
  echo "usage: build/run-pairs.sh [--profile P] [--jobs N] OUT PAIR... (or --print-params PAIR)" >&2
  exit 2
fi
out="$1"; shift
mre="$(dirname "$0")/mre"

for pair in "$@"; do
  for dataset in "$pair" "$pair-ctrl"; do
    for instance in evaluate@"$dataset"-{tli,wli,tl,wl} saliency@"$dataset"-{tli,wli} verbalizer@"$dataset"-{manual,kv}; do
      echo "== $(date +%T) $instance"
      # shellcheck disable=SC2086
      "$mre" repro "$instance" --upstream --profile "$profile" $jobs
    done
  done
  params=".dvc/tmp/params-$pair.yaml"
  mkdir -p .dvc/tmp "$out/$pair"
  subset "$pair,$pair-ctrl" > "$params"
  "$mre" report --profile "$profile" --params "$params"
  report_folder=reports; [ "$profile" = default ] || report_folder="reports/$profile"   # StagePaths.ReportFolder
  cp "$report_folder/report.md" "$report_folder/conclusions.json" "$out/$pair/"
  provenance > "$out/$pair/provenance.txt"
  echo "== $(date +%T) pair $pair done: $out/$pair"
done
