#!/usr/bin/env python3
"""How likely two runs with disjoint seed sets are to agree on the report's "k of 6" counts, and with how many seeds.

  /usr/bin/python3 build/count-stability.py RUN [RUN...] [--seeds 6,12,24] [--margin table2=M,table3=M,...]
  e.g. build/count-stability.py reports/runs/seeds-42-47 reports/runs/seeds-48-53

A RUN is a folder of report.md files, one per part (build/run-pairs.sh writes RUN/<pair>/report.md), or one
report.md. From each report it reads the headline row of every dataset in Tables 2, 3 and 4 (the gain and its 95% CI)
and every "planted vs control" row of Figures 4 and 5 (the difference in mean S_pq and its CI). For each row it takes
the mean of the runs' estimates as the true value and the CI's half-width / t(seeds - 1) as the standard error of a
run with the seeds the report says it had; a run with n seeds then has the standard error times sqrt(seeds / n). A row that only some runs have (a run kept in
parts, not all made) is estimated from those; a run that lacks a row of a count shows no observed count (—). From
that, each row's chance of each reading (gain above zero; CI above, below or covering zero), the distribution of
each count over the datasets (a sum of independent rows), and the chance that two independent runs' counts differ by
at most 1 (issue 13's two-run bar). With --margin, the control rows of each table named also get an equivalence
reading, "CI within ±M" (the whole interval inside [-M, +M], M in the table's points): a null control tested by a
stated margin instead of by its interval covering 0.

It is a projection, not a measurement: the true values are plug-in estimates from the runs given, and all of an
interval's variance is treated as seed variance, so where the test records or saliency samples carry a real share
of it (the notebook measured 2-9% for the flows) the gain from more seeds is somewhat overstated. A control whose
gain is exactly 0 with a zero-width CI (Table 4) is certain to cover 0. Each observed count is checked against the
conclusions.json beside the reports (summed over the parts) where that file keeps the same count; a gain the report
prints as 0.00 has no readable sign, and there the count is taken from conclusions.json (or shown as a range). Needs scipy (Debian: apt install
python3-scipy; run with /usr/bin/python3).
"""
import argparse, json, math, pathlib, re, sys
from scipy import stats

NUMBER = r"[+-]?\d+(?:\.\d+)?"
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

def number(text):
    return float(text.replace("\u2212", "-"))

def interval(cell):
    """(low, high) of a "[low, high]" cell, or None."""
    match = re.fullmatch(rf"\[({NUMBER}), ({NUMBER})\]", cell.replace("\u2212", "-"))
    return (float(match.group(1)), float(match.group(2))) if match else None

def kind_of(section, dataset):
    """A row's group within its section: planted or control rows, or "" for planted − control rows."""
    return "control" if dataset.endswith("-ctrl") else "" if " " in section else "planted"

def read_report(path):
    """Rows of one report: {(section, dataset): (estimate, low, high)} and the number of seeds it states."""
    text = path.read_text(encoding="utf-8")
    seeds = re.search(r"mean over (\w+) fine-tuning seeds", text)
    if not seeds:
        sys.exit(f"error: {path}: no 'mean over N fine-tuning seeds' line; is this a report.md of the default profile?")
    seed_count = WORDS.get(seeds.group(1), None) or int(seeds.group(1))
    rows, section = {}, None
    for line in text.splitlines():
        heading = re.match(r"^#{2,3} (.*)", line)
        if heading:
            title = heading.group(1)
            section = None
            for name, prefix in (("table2", "Table 2"), ("table3", "Table 3"), ("table4", "Table 4"),
                                 ("figure4", "Figure 4:"), ("figure5", "Figure 5:")):
                if title.startswith(prefix) and "BOS" not in title:
                    section = name
            continue
        if section is None or not line.startswith("| "):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if section.startswith("table") and len(cells) == 7 and cells[1] in ("F1", "macro-F1"):
            bounds = interval(cells[5])
            if bounds and (section, cells[0]) not in rows:
                rows[(section, cells[0])] = (number(cells[4]), *bounds)
        elif section.startswith("table") and " vs " in cells[0] and len(cells) == 5:
            bounds = interval(cells[4])
            if bounds:
                rows[(section + " planted − control", cells[0].split(" vs ")[0])] = (number(cells[3]), *bounds)
        elif section.startswith("figure") and " vs " in cells[0] and len(cells) == 5:
            match = re.fullmatch(rf"({NUMBER}) \[({NUMBER}), ({NUMBER})\]", cells[3].replace("\u2212", "-"))
            if match:
                rows[(section, cells[0].split(" vs ")[0])] = tuple(float(g) for g in match.groups())
    return rows, seed_count

def read_run(path):
    path = pathlib.Path(path)
    reports = [path] if path.is_file() else sorted(path.glob("*/report.md")) or sorted(path.glob("report.md"))
    if not reports:
        sys.exit(f"error: {path}: no report.md in it or in its subfolders")
    rows, seed_counts = {}, set()
    for report in reports:
        part, seeds = read_report(report)
        seed_counts.add(seeds)
        for key in part.keys() & rows.keys():
            sys.exit(f"error: {report}: {key[1]} in {key[0]} appears in another part of {path} too")
        rows.update(part)
    if len(seed_counts) != 1:
        sys.exit(f"error: {path}: its parts state different seed counts {sorted(seed_counts)}")
    return rows, seed_counts.pop()

READING_KEYS = {"gain > 0": "gain_positive", "CI above 0": "ci_above_zero", "CI below 0": "ci_below_zero",
                "CI covers 0": "ci_covers_zero"}

def conclusion_key(section, kind, name):
    """The key conclusions.json gives the same count, or None where it keeps no such count."""
    if section.startswith("figure"):
        return {"gain > 0": f"{section}.spq.planted_larger", "CI above 0": f"{section}.spq.ci_above_zero"}.get(name)
    table = section.split(" ")[0]
    if " " in section:
        return f"{table}.planted_vs_control." + ("larger" if name == "gain > 0" else READING_KEYS[name])
    if name not in READING_KEYS:
        return None
    return f"{table}.{'main' if kind == 'planted' else 'control'}.{READING_KEYS[name]}"

def reported_counts(path):
    """The counts of the conclusions.json files beside the run's reports, summed over its parts (empty if none)."""
    path = pathlib.Path(path)
    files = [path.parent / "conclusions.json"] if path.is_file() else \
        sorted(path.glob("*/conclusions.json")) or [path / "conclusions.json"]
    totals = {}
    for file in files:
        if file.exists():
            for count in json.loads(file.read_text(encoding="utf-8"))["counts"]:
                totals[count["key"]] = totals.get(count["key"], 0) + count["count"]
    return totals

def count_distribution(probabilities):
    """P(K = k) for K the number of successes among independent rows with these probabilities."""
    dist = [1.0]
    for p in probabilities:
        dist = [(dist[k] if k < len(dist) else 0) * (1 - p) + (dist[k - 1] * p if k > 0 else 0) for k in range(len(dist) + 1)]
    return dist

def agree_within_one(dist):
    return sum(a * b for i, a in enumerate(dist) for j, b in enumerate(dist) if abs(i - j) <= 1)

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Reads what the reports print; writes nothing.")
    parser.add_argument("runs", nargs="+", metavar="RUN", help="a folder of per-part report.md files, or one report.md")
    parser.add_argument("--seeds", default="6,12,24", help="seed counts to project to, comma-separated (default 6,12,24)")
    parser.add_argument("--margin", default="", metavar="TABLE=M,...",
                        help="equivalence margins for the control rows, e.g. table2=3,table3=3 (points of the table's "
                             "score); adds the reading 'CI within ±M' to those tables' controls (default: none)")
    args = parser.parse_args()
    targets = [int(n) for n in args.seeds.split(",")]
    margins = parse_margins(args.margin)
    runs = [read_run(r) for r in args.runs]
    keys = sorted(set.union(*(set(rows) for rows, _ in runs)))
    seeds = seeds_of(runs)
    reported = [reported_counts(path) for path in args.runs]

    # Plug-in truth and a standard error per row at the runs' own seed count.
    truth = {}
    for key in keys:
        having = [rows[key] for rows, _ in runs if key in rows]
        estimates = [row[0] for row in having]
        errors = [(row[2] - row[1]) / 2 / stats.t.ppf(0.975, seeds - 1) for row in having]
        truth[key] = (sum(estimates) / len(estimates), math.sqrt(sum(e * e for e in errors) / len(errors)))

    readings = [
        ("gain > 0", lambda mu, se, t: stats.norm.cdf(mu / se) if se > 0 else float(mu > 0)),
        ("CI above 0", lambda mu, se, t: stats.norm.cdf(mu / se - t) if se > 0 else float(mu > 0)),
        ("CI below 0", lambda mu, se, t: stats.norm.cdf(-mu / se - t) if se > 0 else float(mu < 0)),
        ("CI covers 0", lambda mu, se, t: (1 - stats.norm.cdf(mu / se - t) - stats.norm.cdf(-mu / se - t)) if se > 0 else float(mu == 0)),
    ]
    groups = {}
    for (section, dataset) in keys:
        groups.setdefault((section, kind_of(section, dataset)), []).append((section, dataset))

    print(f"{len(args.runs)} runs, {len(keys)} rows; the runs' seeds: "
          + ", ".join(str(s) for _, s in runs) + "; projected to " + ", ".join(map(str, targets)) + " seeds")
    print()
    header = "| count | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | " + \
             " | ".join(f"{n} seeds: expected, P(two runs within ±1)" for n in targets) + " |"
    print(header)
    print("|" + "---|" * (1 + len(runs) + len(targets)))
    for (section, kind), members in sorted(groups.items()):
        group_readings = list(readings)
        if kind == "control" and section in margins:
            group_readings.append(equivalence(margins[section]))
        for name, chance in group_readings:
            observed = []
            for path, (rows, _), counts in zip(args.runs, runs, reported):
                if any(key not in rows for key in members):
                    observed.append(None)
                    continue
                readings_of_rows = [observe(rows[key], name, margins.get(section)) for key in members]
                count = sum(1 for r in readings_of_rows if r is True)
                unsure = sum(1 for r in readings_of_rows if r is None)
                said = counts.get(conclusion_key(section, kind, name))
                if said is not None and not count <= said <= count + unsure:
                    reads = f"{count}" if not unsure else f"{count} to {count + unsure}"
                    sys.exit(f"error: {path}: {section} {kind} '{name}' reads {reads} from the reports but "
                             f"conclusions.json says {said}; the report's layout may have changed")
                observed.append(said if said is not None else count if not unsure else f"{count}–{count + unsure}")
            cells = []
            for n in targets:
                t = stats.t.ppf(0.975, n - 1)
                ps = [chance(truth[k][0], truth[k][1] * math.sqrt(seeds / n), t) for k in members]
                dist = count_distribution(ps)
                cells.append(f"{abs(sum(ps)):.1f} of {len(ps)}, {agree_within_one(dist):.2f}")
            print(f"| {section}{' ' + kind if kind else ''}: {name} | " + " | ".join("—" if o is None else f"{o} of {len(members)}" for o in observed)
                  + " | " + " | ".join(cells) + " |")

def seeds_of(runs):
    counts = {seeds for _, seeds in runs}
    if len(counts) != 1:
        sys.exit(f"error: the runs have different seed counts {sorted(counts)}; project each on its own")
    return counts.pop()

def observe(row, name, margin=None):
    """Whether the row reads so; None where the report's rounding hides it: a gain printed as 0.00 (the report
    prints a value that rounds to zero as +0.00 whatever its sign) with an interval that is not [0, 0]."""
    estimate, low, high = row
    if name.startswith("CI within"):
        return -margin <= low and high <= margin
    if name == "gain > 0" and estimate == 0 and (low, high) != (0, 0):
        return None
    return {"gain > 0": estimate > 0, "CI above 0": low > 0, "CI below 0": high < 0,
            "CI covers 0": low <= 0 <= high}[name]

def parse_margins(text):
    """{"table2": 3.0, ...} from "table2=3,table3=3"."""
    margins = {}
    for item in filter(None, text.split(",")):
        table, _, value = item.partition("=")
        if table not in ("table2", "table3", "table4") or not re.fullmatch(r"\d+(?:\.\d+)?", value):
            sys.exit(f"error: --margin: '{item}' is not TABLE=M with TABLE one of table2, table3, table4 and M >= 0")
        margins[table] = float(value)
    return margins

def equivalence(margin):
    """The reading "CI within ±margin": the estimate minus and plus t standard errors both inside the margin."""
    def chance(mu, se, t):
        if se == 0:
            return float(abs(mu) <= margin)
        return max(0.0, stats.norm.cdf((margin - mu) / se - t) - stats.norm.cdf((-margin - mu) / se + t))
    return (f"CI within ±{margin:g}", chance)

if __name__ == "__main__":
    main()
