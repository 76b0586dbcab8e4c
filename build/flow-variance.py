#!/usr/bin/env python3
"""Where the width of a Figure 4/5 interval comes from: the fine-tuning seeds or the saliency samples.

  python3 build/flow-variance.py WORKSPACE PLANTED CONDITION [--profile default] [--resamples 1000]

CONDITION: tli (Figure 4) or wli (Figure 5). Needs scipy (Debian: apt install python3-scipy; /usr/bin/python3).

Reads stages/<profile>/saliency/<PLANTED>-<CONDITION>/samples.jsonl and the same for <PLANTED>-ctrl, computes the
report's metric (mean over layers of the spec A6 S_pq proportion, each seed's proportions from its own samples) and
the two variance parts the report adds (src/MreRepro.Reporting/Statistics/SeedSampleInterval.cs): the seed part,
var(per-seed metric) / seeds, and the record part, a bootstrap that draws the saliency samples once for all seeds.
Then the half-width the interval would have with the same seeds and k times as many saliency samples (record part
/ k) and with k times as many seeds (seed part / k, Student's t at k*seeds - 1 per group, Welch-Satterthwaite),
assuming the variances stay as measured. Python's generator: the record part differs slightly from the report's.
"""
import argparse, importlib.util, json, os, random, statistics
from collections import defaultdict

# The report's interval from its variance parts, as paired-gain.py computes it (one implementation of the two).
_spec = importlib.util.spec_from_file_location("paired_gain", os.path.join(os.path.dirname(__file__), "paired-gain.py"))
paired_gain = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(paired_gain)

def load(path):
    seeds = defaultdict(dict)
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        seeds[r.get("seed", 0)][r["id"]] = (r["s_wp"], r["s_pq"], r["s_ww"])
    return [seeds[s] for s in sorted(seeds)]

def metric(samples):
    layers = len(samples[0][1])
    total = 0.0
    for l in range(layers):
        wp = sum(s[0][l] for s in samples); pq = sum(s[1][l] for s in samples); ww = sum(s[2][l] for s in samples)
        total += pq / (wp + pq + ww) if wp + pq + ww else 0
    return total / layers

def parts(seeds, rng, resamples):
    ids = sorted(set().union(*[set(s) for s in seeds]))
    per_seed = [metric(list(s.values())) for s in seeds]
    seed_var = statistics.variance(per_seed) / len(seeds)
    draws = []
    for _ in range(resamples):
        pick = [ids[rng.randrange(len(ids))] for _ in ids]
        draws.append(statistics.mean(metric([s[i] for i in pick if i in s]) for s in seeds))
    # paired-gain.py's group: (estimate, seed variance of the mean, seeds, record variance).
    return statistics.mean(per_seed), seed_var, len(seeds), statistics.variance(draws), len(ids)

def half_width(groups, seed_factor=1, record_factor=1):
    """The half-width with seed_factor times the seeds and record_factor times the samples, variances as measured."""
    scaled = [(sign, (g[0], g[1] / seed_factor, g[2] * seed_factor, g[3] / record_factor)) for sign, g in groups]
    return paired_gain.half_width(scaled)

def main(root, planted, condition, profile="default", resamples=1000):
    rng = random.Random(42)
    measured = [parts(load(f"{root}/stages/{profile}/saliency/{d}-{condition}/samples.jsonl"), rng, resamples)
                for d in (planted, planted + "-ctrl")]
    groups = [(1, measured[0][:4]), (-1, measured[1][:4])]
    diff = measured[0][0] - measured[1][0]
    hw, dof = half_width(groups)
    seed_part = measured[0][1] + measured[1][1]; record_part = measured[0][3] + measured[1][3]
    print(f"{planted} vs {planted}-ctrl ({condition}, {measured[0][2]} seeds, {measured[0][4]} samples): "
          f"difference {diff:+.3f} [{diff - hw:+.3f}, {diff + hw:+.3f}] (dof {dof:.1f}); "
          f"seed part {100 * seed_part / (seed_part + record_part):.0f}% of the variance, saliency samples "
          f"{100 * record_part / (seed_part + record_part):.0f}%")
    for k in (2, 4):
        print(f"  x{k} samples: half-width {half_width(groups, record_factor=k)[0]:.3f}; "
              f"x{k} seeds: {half_width(groups, seed_factor=k)[0]:.3f} (now {hw:.3f})")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace", help="a workspace root (holds stages/)")
    parser.add_argument("planted", help="the planted dataset; its control is <planted>-ctrl")
    parser.add_argument("condition", choices=["tli", "wli"], help="tli: Figure 4; wli: Figure 5")
    parser.add_argument("--profile", default="default", help="the profile's stage folder (default: default)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap draws (default: 1000, as the report)")
    a = parser.parse_args()
    main(a.workspace, a.planted, a.condition, a.profile, a.resamples)
