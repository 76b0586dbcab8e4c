#!/usr/bin/env python3
"""Gain (with - without) of one dataset from two evaluate outputs, with the report's two-level bootstrap CI.

For checking a few instances without running the whole profile (the report computes the same from a full run):
  build/mre repro evaluate@SCNM-ctrl-tl --upstream && build/mre repro evaluate@SCNM-ctrl-wli --upstream
  python3 build/paired-gain.py . SCNM-ctrl tl wli        (Table 4: ... SCNM manual kv)
Seeds are drawn with replacement, then test samples within each drawn seed; with and without are scored on the same
samples of the same seed. Word level: pooled micro-F1 over (label, word) pairs; text level: macro-F1. The resampling
uses Python's generator, so the bounds differ slightly from the report's (which uses its own).
--test N scores a seeded random subset of N of the test records (the same for every seed and both sides): from one
run with many test records, what the gain and CI would have been with fewer.
"""
import collections, json, random, sys

def main(root, dataset, without, with_, profile="default", resamples=1000, test=None):
    def load(condition):
        # A fine-tuning condition (evaluate) or a verbalizer (manual, kv: Table 4, text level).
        stage = "verbalizer" if condition in ("manual", "kv") else "evaluate"
        seeds = collections.defaultdict(dict)
        with open(f"{root}/stages/{profile}/{stage}/{dataset}-{condition}/predictions.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if stage == "verbalizer":
                    r = {"seed": r["seed"], "id": r["id"], "gold_label": r["gold"], "parsed": r["predicted"]}
                seeds[r["seed"]][r["id"]] = r
        return seeds
    a, b = load(without), load(with_)
    word = next(iter(next(iter(a.values())).values()))["gold_label"] is None

    def score(rows):
        if word:
            tp = sum(r["true_positives"] for r in rows)
            return 0.0 if tp == 0 else 2 * tp / (sum(r["predicted_pairs"] for r in rows) + sum(r["gold_pairs"] for r in rows))
        labels = sorted({r["gold_label"] for r in rows})
        total = 0.0
        for label in labels:
            tp = sum(1 for r in rows if r["gold_label"] == label and r["parsed"] == label)
            if tp:
                total += 2 * tp / (sum(1 for r in rows if r["parsed"] == label) + sum(1 for r in rows if r["gold_label"] == label))
        return total / len(labels)

    seeds = sorted(a)
    ids = {s: sorted(a[s]) for s in seeds}
    if test is not None:
        common = sorted(set.intersection(*(set(v) for v in ids.values())))
        if test > len(common):
            sys.exit(f"--test {test}: only {len(common)} test records")
        keep = set(random.Random(0).sample(common, test))
        ids = {s: [i for i in ids[s] if i in keep] for s in seeds}
        a = {s: {i: a[s][i] for i in ids[s]} for s in seeds}
        b = {s: {i: b[s][i] for i in ids[s]} for s in seeds}
    def gain(drawn, samples):
        return sum(score([b[s][i] for i in d]) - score([a[s][i] for i in d]) for s, d in zip(drawn, samples)) / len(drawn)
    rng = random.Random(42)
    boots = []
    for _ in range(resamples):
        drawn = [rng.choice(seeds) for _ in seeds]
        boots.append(gain(drawn, [[rng.choice(ids[s]) for _ in ids[s]] for s in drawn]))
    boots.sort()
    low, high = boots[int(0.025 * resamples)], boots[int(0.975 * resamples) - 1]
    mean = lambda c: 100 * sum(score(list(c[s].values())) for s in seeds) / len(seeds)
    print(f"{dataset} {without} -> {with_} ({len(seeds)} seeds, {len(ids[seeds[0]])} test): {mean(a):.2f} -> {mean(b):.2f}, "
          f"gain {100 * gain(seeds, [ids[s] for s in seeds]):+.2f}, 95% CI [{100 * low:+.2f}, {100 * high:+.2f}]")

if __name__ == "__main__":
    args = sys.argv[1:]
    test = None
    if "--test" in args:
        at = args.index("--test")
        if at + 1 >= len(args) or not args[at + 1].isdigit() or int(args[at + 1]) < 1:
            sys.exit("--test needs a positive number of test records, e.g. --test 200")
        test = int(args[at + 1])
        del args[at:at + 2]
    if len(args) not in (4, 5):
        sys.exit("usage: paired-gain.py ROOT DATASET WITHOUT WITH [PROFILE] [--test N]   e.g. paired-gain.py . SCNM-ctrl tl wli")
    main(*args, test=test)
