#!/usr/bin/env python3
"""Gain (with - without) of one dataset from two evaluate outputs, with the report's CI over seeds and test records.

For checking a few instances without running the whole profile (the report computes the same from a full run):
  build/mre repro evaluate@SCNM-ctrl-tl --upstream && build/mre repro evaluate@SCNM-ctrl-wli --upstream
  python3 build/paired-gain.py . SCNM-ctrl tl wli        (Table 4: ... SCNM manual kv)
The interval is the report's (src/MreRepro.Reporting/Statistics/SeedSampleInterval.cs): the mean gain over seeds
± Student's t × sqrt(seed variance / seeds + test-record variance), the seed variance that of the per-seed gains
(seeds - 1 degrees of freedom, Welch-Satterthwaite), the test-record variance a bootstrap that draws the test records
once for all seeds, with and without scored on the same records. Word level: pooled micro-F1 over (label, word) pairs;
text level: macro-F1. The resampling uses Python's generator, so the bounds differ slightly from the report's. Needs
scipy for Student's t (Debian: apt install python3-scipy, run with /usr/bin/python3).
--test N scores a seeded random subset of N of the test records (the same for every seed and both sides): from one
run with many test records, what the gain and CI would have been with fewer.
--control DATASET also sets the gain against that control's gain (the report's "planted − control" table): each
gain's seed and test-record variances are estimated on its own, and the CI of their difference adds them.
--by CONDITION splits the test records by whether that condition's model (same dataset, same seed) answered them
right, and gives the gain and CI in each part: e.g. --by tl asks whether the text-level label helps word-level
extraction where the text alone does not reveal that label (where the Text-only text-level model got it wrong).
"""
import collections, copy, json, math, random, sys

def main(root, dataset, without, with_, profile="default", resamples=1000, test=None, control=None, by=None):
    planted = Gain(root, dataset, without, with_, profile, test)
    print(f"{dataset} {without} -> {with_} ({len(planted.seeds)} seeds, {len(planted.ids[planted.seeds[0]])} test): "
          f"{planted.mean(planted.a):.2f} -> {planted.mean(planted.b):.2f}, gain {100 * planted.gain():+.2f}, "
          f"95% CI {ci([(1, planted.parts(random.Random(42), resamples))])}")
    if by is not None:
        answers = Gain.load(root, dataset, by, profile)
        for right in (True, False):
            part = planted.where(lambda s, i: (answers[s][i]["parsed"] == answers[s][i]["gold_label"]) == right)
            share = 100 * sum(len(v) for v in part.ids.values()) / sum(len(v) for v in planted.ids.values())
            print(f"  where {by} was {'right' if right else 'wrong'} ({share:.1f}% of test answers): "
                  f"{part.mean(part.a):.2f} -> {part.mean(part.b):.2f}, gain {100 * part.gain():+.2f}, "
                  f"95% CI {ci([(1, part.parts(random.Random(42), resamples))])}")
    if control is not None:
        other = Gain(root, control, without, with_, profile, test)
        rng = random.Random(42)
        groups = [(1, planted.parts(rng, resamples)), (-1, other.parts(rng, resamples))]
        print(f"{control} {without} -> {with_}: gain {100 * other.gain():+.2f}; {dataset} - {control}: "
              f"{100 * (planted.gain() - other.gain()):+.2f}, 95% CI {ci(groups)}")


def ci(groups, level=0.95):
    """groups: (sign, (estimate, seed variance, seeds, record variance)); the report's interval of their signed sum."""
    estimate = sum(sign * g[0] for sign, g in groups)
    half, _ = half_width(groups, level)
    return f"[{100 * (estimate - half):+.2f}, {100 * (estimate + half):+.2f}]"


def half_width(groups, level=0.95):
    """The report's half-width for groups as in ci(): Student's t at the Welch-Satterthwaite degrees of freedom
    (seeds - 1 for each seed part, infinite for each record part) times the root of the summed variances; with the
    degrees of freedom (infinite when no seed part has variance)."""
    try:
        from scipy import stats
    except ImportError:
        sys.exit("this script needs scipy for Student's t: apt install python3-scipy, then run it with /usr/bin/python3")
    pieces = [p for _, g in groups for p in ((g[1], g[2] - 1), (g[3], math.inf)) if p[0] > 0]
    variance = sum(v for v, _ in pieces)
    if variance == 0:
        return 0.0, math.inf
    denominator = sum(v * v / f for v, f in pieces if math.isfinite(f))
    freedom = math.inf if denominator == 0 else variance * variance / denominator
    q = stats.norm.ppf(1 - (1 - level) / 2) if freedom > 1e7 else stats.t.ppf(1 - (1 - level) / 2, freedom)
    return q * math.sqrt(variance), freedom


class Gain:
    """One dataset's per-seed samples without and with, and the variance parts of its gain's interval."""

    def __init__(self, root, dataset, without, with_, profile, test):
        self.a, self.b = self.load(root, dataset, without, profile), self.load(root, dataset, with_, profile)
        self.word = next(iter(next(iter(self.a.values())).values()))["gold_label"] is None
        self.seeds = sorted(self.a)
        self.ids = {s: sorted(self.a[s]) for s in self.seeds}
        if test is not None:
            common = sorted(set.intersection(*(set(v) for v in self.ids.values())))
            if test > len(common):
                sys.exit(f"--test {test}: only {len(common)} test records in {dataset}")
            keep = set(random.Random(0).sample(common, test))
            self.ids = {s: [i for i in self.ids[s] if i in keep] for s in self.seeds}
            self.a = {s: {i: self.a[s][i] for i in self.ids[s]} for s in self.seeds}
            self.b = {s: {i: self.b[s][i] for i in self.ids[s]} for s in self.seeds}

    def where(self, keep):
        """The same dataset restricted to the (seed, id) pairs keep accepts."""
        part = copy.copy(self)
        part.ids = {s: [i for i in self.ids[s] if keep(s, i)] for s in self.seeds}
        part.a = {s: {i: self.a[s][i] for i in part.ids[s]} for s in self.seeds}
        part.b = {s: {i: self.b[s][i] for i in part.ids[s]} for s in self.seeds}
        return part

    @staticmethod
    def load(root, dataset, condition, profile):
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

    def score(self, rows):
        if self.word:
            tp = sum(r["true_positives"] for r in rows)
            return 0.0 if tp == 0 else 2 * tp / (sum(r["predicted_pairs"] for r in rows) + sum(r["gold_pairs"] for r in rows))
        labels = sorted({r["gold_label"] for r in rows})
        total = 0.0
        for label in labels:
            tp = sum(1 for r in rows if r["gold_label"] == label and r["parsed"] == label)
            if tp:
                total += 2 * tp / (sum(1 for r in rows if r["parsed"] == label) + sum(1 for r in rows if r["gold_label"] == label))
        return total / len(labels)

    def gain(self, drawn=None, samples=None):
        drawn = self.seeds if drawn is None else drawn
        samples = [self.ids[s] for s in drawn] if samples is None else samples
        return sum(self.score([self.b[s][i] for i in d]) - self.score([self.a[s][i] for i in d])
                   for s, d in zip(drawn, samples)) / len(drawn)

    def parts(self, rng, resamples):
        """Estimate, seed variance of the mean (per-seed gains' variance / seeds), seeds, and the bootstrap variance
        of the seed-mean gain when the test records are drawn once for all seeds."""
        per_seed = [self.gain([s]) for s in self.seeds]
        estimate = sum(per_seed) / len(per_seed)
        seeds = len(per_seed)
        seed_var = sum((g - estimate) ** 2 for g in per_seed) / (seeds - 1) / seeds if seeds > 1 else 0.0
        records = sorted({i for s in self.seeds for i in self.ids[s]})
        values = []
        for _ in range(resamples):
            times = collections.Counter(rng.choice(records) for _ in records)
            drawn = [[i for i in self.ids[s] for _ in range(times[i])] for s in self.seeds]
            values.append(self.gain(self.seeds, drawn))
        mean = sum(values) / len(values)
        return estimate, seed_var, seeds, sum((v - mean) ** 2 for v in values) / (len(values) - 1)

    def mean(self, side):
        return 100 * sum(self.score(list(side[s].values())) for s in self.seeds) / len(self.seeds)


if __name__ == "__main__":
    args = sys.argv[1:]
    test = None
    if "--test" in args:
        at = args.index("--test")
        if at + 1 >= len(args) or not args[at + 1].isdigit() or int(args[at + 1]) < 1:
            sys.exit("--test needs a positive number of test records, e.g. --test 200")
        test = int(args[at + 1])
        del args[at:at + 2]
    control = None
    if "--control" in args:
        at = args.index("--control")
        if at + 1 >= len(args):
            sys.exit("--control needs a dataset, e.g. --control SCNM-ctrl")
        control = args[at + 1]
        del args[at:at + 2]
    by = None
    if "--by" in args:
        at = args.index("--by")
        if at + 1 >= len(args) or args[at + 1] not in ("tl", "wli"):
            sys.exit("--by needs a text-level condition, tl or wli, e.g. --by tl")
        by = args[at + 1]
        del args[at:at + 2]
    if len(args) not in (4, 5):
        sys.exit("usage: paired-gain.py ROOT DATASET WITHOUT WITH [PROFILE] [--test N] [--control DATASET] [--by tl|wli]"
                 "   e.g. paired-gain.py . SCNM tl wli --control SCNM-ctrl")
    main(*args, test=test, control=control, by=by)
