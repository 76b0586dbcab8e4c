#!/usr/bin/env python3
"""Reference values for SeedSampleInterval (src/MreRepro.Reporting/Statistics/SeedSampleInterval.cs), written
independently from its documented algorithm: the per-seed statistics' sample variance over S (S - 1 degrees of
freedom), the bootstrap variance of the seed mean when the test records (numbered by first appearance) are drawn once
for all seeds with SplitMix64, Welch-Satterthwaite degrees of freedom, and Student's t from scipy. Run with Debian's
python3-numpy and python3-scipy:

    /usr/bin/python3 make_interval_vectors.py > interval_vectors.json
"""
import importlib.util
import json
import math
import pathlib

import numpy as np
from scipy import stats


def _load_splitmix64():
    # The same SplitMix64 as the seed bootstrap's reference script (Domain tests), written once.
    path = pathlib.Path(__file__).resolve().parents[3] / "MreRepro.Domain.Tests/Metrics/References/make_bootstrap_vectors.py"
    spec = importlib.util.spec_from_file_location("make_bootstrap_vectors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SplitMix64


SplitMix64 = _load_splitmix64()


def accuracy(xs):
    return sum(xs) / len(xs) if xs else 0.0


def gain(pairs):
    return accuracy([w for w, _ in pairs]) - accuracy([wo for _, wo in pairs])


def parts(rng, seeds, metric, resamples):
    """seeds: list of (records, samples). Returns estimate, seed variance, seed count, record variance."""
    per_seed = [metric(samples) for _, samples in seeds]
    estimate = float(np.mean(per_seed))
    seed_var = float(np.var(per_seed, ddof=1)) / len(seeds) if len(seeds) > 1 else 0.0
    numbers = {}
    for records, _ in seeds:
        for r in records:
            numbers.setdefault(r, len(numbers))
    n = len(numbers)
    values = []
    for _ in range(resamples):
        times = [0] * n
        for _ in range(n):
            times[rng.next(n)] += 1
        total = 0.0
        for records, samples in seeds:
            drawn = [s for r, s in zip(records, samples) for _ in range(times[numbers[r]])]
            total += metric(drawn)
        values.append(total / len(seeds))
    return estimate, seed_var, len(seeds), float(np.var(values, ddof=1))


def combine(groups, level=0.95):
    estimate = sum(sign * p[0] for sign, p in groups)
    pieces = []
    for _, (est, seed_var, count, record_var) in groups:
        pieces += [(seed_var, count - 1), (record_var, math.inf)]
    pieces = [p for p in pieces if p[0] > 0]
    variance = sum(v for v, _ in pieces)
    denominator = sum(v * v / f for v, f in pieces if math.isfinite(f))
    freedom = math.inf if denominator == 0 else variance * variance / denominator
    q = stats.norm.ppf(1 - (1 - level) / 2) if math.isinf(freedom) else stats.t.ppf(1 - (1 - level) / 2, freedom)
    half = q * math.sqrt(variance)
    return {"estimate": estimate, "lower": estimate - half, "upper": estimate + half,
            "freedom": None if math.isinf(freedom) else freedom}


def bools(rng, n, p):
    return [rng.next(1000) < p * 1000 for _ in range(n)]


def paired_seed(rng, records, p_with, p_without):
    return {"records": records, "with": bools(rng, len(records), p_with), "without": bools(rng, len(records), p_without)}


def as_pairs(seed):
    return (seed["records"], list(zip(seed["with"], seed["without"])))


def main():
    data = SplitMix64(2026)
    out = {"quantiles": [{"probability": p, "freedom": f, "value": float(stats.t.ppf(p, f))}
                         for p in (0.975, 0.95, 0.025) for f in (1, 2, 2.4, 3, 5.5, 10, 30, 1000)]
                        + [{"probability": 0.975, "freedom": None, "value": float(stats.norm.ppf(0.975))}]}

    # Three seeds, all scored on the same 60 records.
    records = list(range(60))
    same = [paired_seed(data, records, p, 0.5) for p in (0.55, 0.7, 0.6)]
    out["same_records"] = {"seeds": same, "resamples": 300, "seed": 7,
                           **combine([(1, parts(SplitMix64(7), [as_pairs(s) for s in same], gain, 300))])}

    # Three seeds, each keeping a different subset of 80 records (ids given out of order).
    ids = [(i * 37) % 80 for i in range(80)]
    subsets = []
    for k, p in enumerate((0.6, 0.5, 0.65)):
        kept = [r for j, r in enumerate(ids) if (j + k) % 3 != 0]
        subsets.append(paired_seed(data, kept, p, 0.5))
    out["subsets"] = {"seeds": subsets, "resamples": 300, "seed": 11,
                      **combine([(1, parts(SplitMix64(11), [as_pairs(s) for s in subsets], gain, 300))])}

    # One seed: no seed part, the normal quantile.
    one = [paired_seed(data, list(range(50)), 0.7, 0.5)]
    out["one_seed"] = {"seeds": one, "resamples": 200, "seed": 3,
                       **combine([(1, parts(SplitMix64(3), [as_pairs(s) for s in one], gain, 200))])}

    # A planted group's gain against a control's (different records), one generator, first group first.
    first = [paired_seed(data, list(range(40)), p, 0.45) for p in (0.7, 0.8)]
    second = [paired_seed(data, list(range(100, 145)), p, 0.5) for p in (0.5, 0.55, 0.45)]
    rng = SplitMix64(5)
    a = parts(rng, [as_pairs(s) for s in first], gain, 250)
    b = parts(rng, [as_pairs(s) for s in second], gain, 250)
    out["difference"] = {"first": first, "second": second, "resamples": 250, "seed": 5, **combine([(1, a), (-1, b)])}

    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
