#!/usr/bin/env python3
"""Reference values for SeedBootstrap (src/MreRepro.Domain/Metrics/SeedBootstrap.cs), written independently from its
documented algorithm: SplitMix64 draws, seeds with replacement, then each drawn seed's samples with replacement,
the mean over drawn seeds per resample, numpy's linear percentile. Run with Debian's python3-numpy:

    /usr/bin/python3 make_bootstrap_vectors.py > bootstrap_vectors.json
"""
import json

import numpy as np

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next(self, n):
        limit = MASK - MASK % n
        while True:
            v = self.next_u64()
            if v < limit:
                return v % n


def draw_seeds(rng, count):
    return [0] if count == 1 else [rng.next(count) for _ in range(count)]


def paired_draw(rng, seeds, metric):
    total = 0.0
    drawn = draw_seeds(rng, len(seeds))
    for k in drawn:
        with_, without = seeds[k]
        idx = [rng.next(len(with_)) for _ in range(len(with_))]
        total += metric([with_[j] for j in idx]) - metric([without[j] for j in idx])
    return total / len(drawn)


def mean_gain(seeds, metric):
    return float(np.mean([metric(w) - metric(wo) for w, wo in seeds]))


def paired(seeds, metric, resamples, seed, level=0.95):
    rng = SplitMix64(seed)
    values = [paired_draw(rng, seeds, metric) for _ in range(resamples)]
    return interval(mean_gain(seeds, metric), values, level)


def gain_difference(first, second, metric, resamples, seed, level=0.95):
    # Each group's paired gain resampled independently, from one generator, first group first.
    rng = SplitMix64(seed)
    values = []
    for _ in range(resamples):
        a = paired_draw(rng, first, metric)
        b = paired_draw(rng, second, metric)
        values.append(a - b)
    return interval(mean_gain(first, metric) - mean_gain(second, metric), values, level)


def group_draw(rng, seeds, metric):
    drawn = draw_seeds(rng, len(seeds))
    total = 0.0
    for k in drawn:
        samples = seeds[k]
        total += metric([samples[rng.next(len(samples))] for _ in range(len(samples))])
    return total / len(drawn)


def unpaired(first, second, metric, resamples, seed, level=0.95):
    rng = SplitMix64(seed)
    values = []
    for _ in range(resamples):
        a = group_draw(rng, first, metric)
        b = group_draw(rng, second, metric)
        values.append(a - b)
    estimate = float(np.mean([metric(s) for s in first]) - np.mean([metric(s) for s in second]))
    return interval(estimate, values, level)


def interval(estimate, values, level):
    alpha = (1 - level) / 2
    lower, upper = np.percentile(np.array(values), [100 * alpha, 100 * (1 - alpha)])
    return {"estimate": estimate, "lower": float(lower), "upper": float(upper)}


def accuracy(xs):
    return sum(xs) / len(xs)


def pooled_f1(counts):
    tp = sum(c[0] for c in counts)
    pred = sum(c[1] for c in counts)
    gold = sum(c[2] for c in counts)
    if pred == 0 and gold == 0:
        return 1.0
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def main():
    # Three seeds of twelve samples each: 1 = right, 0 = wrong.
    accuracy_seeds = [
        ([1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1], [1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]),
        ([1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1], [0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1]),
        ([0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1], [0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1]),
    ]
    # Word-level counts (tp, predicted, gold) per sample, two seeds of eight samples.
    f1_seeds = [
        ([[2, 2, 2], [1, 2, 1], [0, 1, 1], [1, 1, 1], [0, 0, 0], [2, 3, 2], [1, 1, 2], [0, 0, 1]],
         [[1, 2, 2], [1, 1, 1], [0, 1, 1], [0, 1, 1], [0, 1, 0], [1, 2, 2], [1, 1, 2], [0, 0, 1]]),
        ([[2, 2, 2], [0, 1, 1], [1, 1, 1], [1, 1, 1], [0, 0, 0], [2, 2, 2], [2, 2, 2], [1, 1, 1]],
         [[2, 2, 2], [0, 2, 1], [0, 1, 1], [1, 1, 1], [0, 0, 0], [1, 1, 2], [1, 2, 2], [0, 1, 1]]),
    ]
    # Per-sample statistics of two independent groups (e.g. a planted dataset and its control).
    planted = [[0.31, 0.42, 0.38, 0.29, 0.50], [0.35, 0.33, 0.47, 0.41], [0.28, 0.36, 0.44, 0.39, 0.30, 0.33]]
    control = [[0.21, 0.25, 0.30, 0.19], [0.27, 0.22, 0.18, 0.26, 0.24], [0.23, 0.20, 0.29]]
    # A planted group's paired seeds against its control's (accuracy, 1 = right): the difference of their gains.
    control_seeds = [
        ([1, 0, 0, 1, 1, 0, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]),
        ([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], [0, 1, 0, 0, 1, 1, 0, 1, 1, 0]),
        ([1, 1, 0, 0, 1, 1, 0, 1, 0, 1], [1, 1, 0, 1, 1, 0, 0, 1, 0, 0]),
    ]
    out = {
        "accuracy": {"seeds": [{"with": w, "without": wo} for w, wo in accuracy_seeds],
                     "resamples": 400, "seed": 7, **paired(accuracy_seeds, accuracy, 400, 7)},
        "f1": {"seeds": [{"with": w, "without": wo} for w, wo in f1_seeds],
               "resamples": 300, "seed": 42, **paired(f1_seeds, pooled_f1, 300, 42)},
        "unpaired": {"first": planted, "second": control, "resamples": 500, "seed": 3,
                     **unpaired(planted, control, lambda xs: float(np.mean(xs)), 500, 3)},
        "gain_difference": {"first": [{"with": w, "without": wo} for w, wo in accuracy_seeds],
                            "second": [{"with": w, "without": wo} for w, wo in control_seeds],
                            "resamples": 400, "seed": 9,
                            **gain_difference(accuracy_seeds, control_seeds, accuracy, 400, 9)},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
