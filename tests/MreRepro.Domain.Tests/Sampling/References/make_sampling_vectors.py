"""Reference vectors for MreRepro.Domain.Sampling (methods spec D and B8).

Run with Debian's interpreter (numpy 1.24.2, pandas 1.5.3, CPython 3.11):
    /usr/bin/python3 make_sampling_vectors.py > sampling_vectors.json
The C# tests read the JSON only; they never run Python.
"""
import hashlib
import json
import platform
import random
from collections import defaultdict

import numpy as np
import pandas as pd


def sha16(values):
    return hashlib.sha256(",".join(str(int(v)) for v in values).encode()).hexdigest()[:16]


def ints(values):
    return [int(v) for v in values]


def numpy_vectors():
    out = {"seeds": []}
    for seed in (42, 0, 1, 144, 4294967295):
        rs = np.random.RandomState(seed)
        state = rs.get_state()[1]
        entry = {
            "seed": seed,
            "state_head": ints(state[:4]),
            "state_tail": int(state[623]),
            "uint32": ints(rs.randint(0, 2**32, size=1300, dtype=np.uint32)[[0, 1, 2, 3, 4, 623, 624, 625, 1247, 1248, 1299]]),
        }
        entry["uint32_index"] = [0, 1, 2, 3, 4, 623, 624, 625, 1247, 1248, 1299]
        entry["rand"] = [float(x) for x in np.random.RandomState(seed).rand(5)]
        out["seeds"].append(entry)

    perms = []
    for n in (0, 1, 2, 3, 10, 17, 20, 100, 1000, 5343, 10000, 70000):
        p = np.random.RandomState(42).permutation(n)
        perms.append({"n": n, "seed": 42, "head": ints(p[:20]), "sha16": sha16(p)})
    for seed in (0, 7, 144):
        p = np.random.RandomState(seed).permutation(257)
        perms.append({"n": 257, "seed": seed, "head": ints(p[:20]), "sha16": sha16(p)})
    out["permutation"] = perms

    shuffles = []
    for seed, n in ((42, 10), (3, 33)):
        x = list(range(100, 100 + n))
        np.random.RandomState(seed).shuffle(x)
        shuffles.append({"seed": seed, "input_start": 100, "n": n, "result": ints(x)})
    out["shuffle_list"] = shuffles

    out["choice_without_replacement"] = [
        {"seed": 42, "n": n, "size": k, "result": ints(np.random.RandomState(42).choice(n, size=k, replace=False))}
        for n, k in ((10, 3), (5343, 25), (100, 100))
    ]
    out["choice_with_replacement"] = [
        {"seed": seed, "n": n, "size": k, "result": ints(np.random.RandomState(seed).choice(n, k))}
        for seed, n, k in ((42, 7, 20), (43, 1000, 15), (44, 1, 3))
    ]
    big = 2**40
    rs = np.random.RandomState(42)
    out["randint_64bit"] = {"seed": 42, "max_inclusive": big, "result": ints(rs.randint(0, big + 1, size=6, dtype=np.int64))}
    return out


def pandas_vectors():
    cases = []
    for n, train, test in ((5343, 1000, 1000), (2000, 1000, 1000), (2500, 1000, 1000), (30, 10, 5), (12, 0, 4), (12, 4, 0), (1999, 1000, 1000)):
        df = pd.DataFrame({"row": range(n)})
        entry = {"n": n, "train": train, "test": test, "seed": 42}
        try:
            tr = df.sample(n=train, random_state=42)
            te = df.drop(tr.index).sample(n=test, random_state=42)
            entry["train_rows"] = ints(tr["row"]) if n <= 100 else None
            entry["test_rows"] = ints(te["row"]) if n <= 100 else None
            entry["train_head"] = ints(tr["row"][:10])
            entry["test_head"] = ints(te["row"][:10])
            entry["train_sha16"] = sha16(tr["row"])
            entry["test_sha16"] = sha16(te["row"])
            entry["error"] = None
        except ValueError as e:
            entry["error"] = str(e)
        cases.append(entry)
    frac = pd.DataFrame({"row": range(50)}).sample(frac=1, random_state=42)
    # pandas takes any seed numpy's RandomState takes: 0..2**32-1.
    df = pd.DataFrame({"row": range(30)})
    tr = df.sample(n=10, random_state=2**32 - 1)
    te = df.drop(tr.index).sample(n=5, random_state=2**32 - 1)
    max_seed = {"n": 30, "train": 10, "test": 5, "seed": 2**32 - 1, "train_rows": ints(tr["row"]), "test_rows": ints(te["row"])}
    try:
        df.sample(n=1, random_state=2**32)
        too_large = None
    except ValueError as e:
        too_large = str(e)
    return {"two_stage": cases, "frac1_n50": ints(frac["row"]), "max_seed": max_seed, "seed_2_32_error": too_large}


def sklearn_like_vectors():
    # sklearn 1.2 train_test_split/ShuffleSplit: perm = RandomState(seed).permutation(n); test = perm[:n_test]; train = perm[n_test:n_test+n_train].
    # sklearn is not installed on these machines, so this writes the documented algorithm with numpy (spec D4).
    cases = []
    for n, train, test in ((5343, 1000, 1000), (40, 7, 9)):
        perm = np.random.RandomState(42).permutation(n)
        cases.append({"n": n, "train": train, "test": test, "seed": 42,
                      "train_head": ints(perm[test:test + train][:10]), "test_head": ints(perm[:test][:10]),
                      "train_sha16": sha16(perm[test:test + train]), "test_sha16": sha16(perm[:test])})
    return cases


def python_vectors():
    out = {}
    seeds = []
    for seed in (42, 0, 1, 144, 2**40 + 5, -42):
        r = random.Random(seed)
        seeds.append({"seed": seed, "random": [r.random() for _ in range(3)], "getrandbits32": [r.getrandbits(32) for _ in range(3)],
                      "getrandbits7": [r.getrandbits(7) for _ in range(3)], "randbelow1000": [r._randbelow(1000) for _ in range(5)]})
    out["seeds"] = seeds
    samples = []
    for seed, n, k in ((42, 10, 5), (42, 5343, 5), (42, 21, 21), (42, 22, 3), (42, 30, 6), (42, 45, 6), (42, 46, 7), (7, 5343, 1000), (42, 100, 0), (42, 1, 1)):
        s = random.Random(seed).sample(range(n), k)
        samples.append({"seed": seed, "n": n, "k": k, "head": s[:20], "sha16": sha16(s)})
    out["sample"] = samples
    shuffles = []
    for seed, n in ((42, 10), (42, 1), (5, 64)):
        x = list(range(n))
        random.Random(seed).shuffle(x)
        shuffles.append({"seed": seed, "n": n, "result": x})
    out["shuffle"] = shuffles
    splits = []
    for n, train, test in ((5343, 1000, 1000), (30, 10, 5)):
        tr = random.Random(42).sample(range(n), train)
        taken = set(tr)
        rest = [i for i in range(n) if i not in taken]
        te = random.Random(42).sample(rest, test)
        splits.append({"n": n, "train": train, "test": test, "seed": 42, "train_head": tr[:10], "test_head": te[:10],
                       "train_sha16": sha16(tr), "test_sha16": sha16(te)})
    out["two_stage"] = splits
    return out


class FewShotSampler:
    """OpenPrompt f6fb080 data_utils/data_sampler.py FewShotSampler, restated from methods spec B8 for index lists."""

    def __init__(self, num_examples_total=None, num_examples_per_label=None, also_sample_dev=False,
                 num_examples_total_dev=None, num_examples_per_label_dev=None):
        self.num_examples_total = num_examples_total
        self.num_examples_per_label = num_examples_per_label
        self.also_sample_dev = also_sample_dev
        if also_sample_dev and num_examples_total_dev is None and num_examples_per_label_dev is None:
            self.num_examples_total_dev = num_examples_total
            self.num_examples_per_label_dev = num_examples_per_label
        else:
            self.num_examples_total_dev = num_examples_total_dev
            self.num_examples_per_label_dev = num_examples_per_label_dev

    def sample(self, labels, seed):
        self.rng = np.random.RandomState(seed)
        indices = list(range(len(labels)))
        if self.num_examples_per_label is not None:
            selected = self.sample_per_label(indices, labels, self.num_examples_per_label)
        else:
            selected = self.sample_total(indices, self.num_examples_total)
        if not self.also_sample_dev:
            return selected, []
        chosen = set(selected)
        remain = [i for i in range(len(labels)) if i not in chosen]
        if self.num_examples_per_label_dev is not None:
            remain_labels = [labels[i] for i in remain]
            dev = self.sample_per_label(remain, remain_labels, self.num_examples_per_label_dev)
        else:
            dev = self.sample_total(remain, self.num_examples_total_dev)
        return selected, dev

    def sample_total(self, indices, num_examples_total):
        self.rng.shuffle(indices)
        return indices[:num_examples_total]

    def sample_per_label(self, indices, labels, num_examples_per_label):
        ids_per_label = defaultdict(list)
        selected_ids = []
        for idx, label in zip(indices, labels):
            ids_per_label[label].append(idx)
        for label, ids in ids_per_label.items():
            tmp = np.array(ids)
            self.rng.shuffle(tmp)
            selected_ids.extend(tmp[:num_examples_per_label].tolist())
        selected_ids = np.array(selected_ids)
        self.rng.shuffle(selected_ids)
        return selected_ids.tolist()


def fewshot_vectors():
    classes = ["社会", "文芸", "学問", "技術", "自然"]
    gen = np.random.RandomState(2024)
    labels = [classes[i] for i in gen.choice(len(classes), 60, p=[0.4, 0.25, 0.15, 0.15, 0.05])]
    cases = []
    settings = (
        (144, dict(num_examples_per_label=3, also_sample_dev=True)),
        (42, dict(num_examples_per_label=2)),
        (7, dict(num_examples_per_label=10, also_sample_dev=True)),
        (144, dict(num_examples_total=20, also_sample_dev=True)),
        (5, dict(num_examples_per_label=2, also_sample_dev=True, num_examples_total_dev=7)),
        (6, dict(num_examples_total=9, also_sample_dev=True, num_examples_per_label_dev=1)),
    )
    for seed, kwargs in settings:
        train, dv = FewShotSampler(**kwargs).sample(labels, seed)
        cases.append({"seed": seed, "per_label": kwargs.get("num_examples_per_label"), "total": kwargs.get("num_examples_total"),
                      "also_sample_dev": kwargs.get("also_sample_dev", False), "per_label_dev": kwargs.get("num_examples_per_label_dev"),
                      "total_dev": kwargs.get("num_examples_total_dev"), "train": ints(train), "dev": ints(dv)})
    return {"labels": labels, "cases": cases}


def main():
    doc = {
        "generator": "make_sampling_vectors.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "numpy_random_state": numpy_vectors(),
        "pandas_sample": pandas_vectors(),
        "sklearn_train_test_split": sklearn_like_vectors(),
        "python_random": python_vectors(),
        "openprompt_fewshot": fewshot_vectors(),
    }
    print(json.dumps(doc, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
