#!/usr/bin/env bash
# Runs a profile pair by pair (a planted dataset and its control, "<name>" and "<name>-ctrl") and writes each pair's
# report as soon as that pair is done, so that a run too long for one sitting is kept part by part.
#
#   build/run-pairs.sh [--profile P] [--jobs N] OUT PAIR...      e.g. build/run-pairs.sh runs/seeds-48-53 SCNM SCPOS-N
#   build/run-pairs.sh [--profile P] --print-params PAIR         the parameters a pair's report is made with, to stdout
#
# For each pair, in the workspace this is run from: every evaluate, saliency and verbalizer instance of both datasets
# with --upstream (so their fine-tunes, and the shared splits and pretraining first), then `mre report` over those two
# datasets alone (a copy of params.yaml whose profile lists only them), copied to OUT/PAIR/{report.md,conclusions.json}.
# Finished instances are skipped, so the same command resumes. The parts' counts add up to the whole run's:
# `build/mre sum-conclusions summed.json OUT/*/conclusions.json`, then `build/mre compare-runs` (README, "Comparing two
# runs"). A pair whose instance fails stops the script (exit 1) before its report.
set -euo pipefail

profile=default
jobs=""
print_params=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --jobs) jobs="--jobs $2"; shift 2 ;;
    --print-params) print_params="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
  echo "== $(date +%T) pair $pair done: $out/$pair"
done
