#!/usr/bin/env python3
"""How often a nominal 95% interval covers a null gain: S seeds scored on one shared test set of n records, each
answer right with the logistic probability of (model skill - record difficulty + model-by-record noise), the with and
without models' skills drawn alike per seed with spread tau (so the true gain is 0). Compares the report's old
two-level percentile bootstrap (seeds, then records independently per drawn seed) with SeedSampleInterval (seed
variance with Student's t at Welch-Satterthwaite freedom, test records drawn once for all seeds). Not a reference
for a test: the README quotes its output. Needs Debian's python3-numpy and python3-scipy:

    /usr/bin/python3 coverage.py SEEDS RECORDS EXPERIMENTS RESAMPLES     e.g. coverage.py 3 900 400 300
"""
import sys, math
import numpy as np
from scipy import stats

def experiment(rng, S, n, tau, omega):
    d = rng.normal(0, 1, n)                       # item difficulty (test set drawn from the population)
    m = 0.3 + rng.normal(0, tau, (S, 2))          # seed x condition skill; conditions symmetric -> true gain 0
    u = rng.normal(0, omega, (S, 2, n))           # model x item interaction
    p = 1 / (1 + np.exp(-(m[:, :, None] - d[None, None, :] + u)))
    y = (rng.random((S, 2, n)) < p).astype(float)  # y[s, 0] without, y[s, 1] with
    return y

def two_level(rng, y, B):
    S, _, n = y.shape
    vals = np.empty(B)
    for b in range(B):
        seeds = rng.integers(0, S, S)
        idx = rng.integers(0, n, (S, n))           # an independent sample draw per drawn seed
        vals[b] = np.mean([(y[s, 1, idx[k]] - y[s, 0, idx[k]]).mean() for k, s in enumerate(seeds)])
    return np.percentile(vals, 2.5), np.percentile(vals, 97.5)

def crossed_t(rng, y, B):
    S, _, n = y.shape
    g = (y[:, 1] - y[:, 0]).mean(axis=1)
    est = g.mean()
    vs = g.var(ddof=1) / S
    diff = (y[:, 1] - y[:, 0]).mean(axis=0)       # seed-averaged per-item gain
    idx = rng.integers(0, n, (B, n))                # one sample draw shared by all seeds
    vt = diff[idx].mean(axis=1).var(ddof=1)
    v = vs + vt
    df = v * v / (vs * vs / (S - 1)) if vs > 0 else math.inf
    h = (stats.t.ppf(0.975, df) if math.isfinite(df) else 1.959964) * math.sqrt(v)
    return est - h, est + h

TAUS = ((0.0, 0.0), (0.0, 1.0), (0.1, 1.0), (0.2, 1.0), (0.3, 1.0), (0.4, 1.0))

def main(S=3, n=900, reps=300, B=400):
    rng = np.random.default_rng(7)
    for tau, omega in TAUS:
        cov = np.zeros(2)
        for _ in range(reps):
            y = experiment(rng, S, n, tau, omega)
            for k, f in enumerate((two_level, crossed_t)):
                lo, hi = f(rng, y, B)
                cov[k] += lo <= 0 <= hi
        print(f"S={S} n={n} tau={tau} omega={omega}: coverage two-level {cov[0]/reps:.3f}  crossed-t {cov[1]/reps:.3f}  ({reps} experiments)", flush=True)

if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
