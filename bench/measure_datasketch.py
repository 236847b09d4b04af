"""Measure datasketch's MinHash LSH Ensemble (containment) against the intake's winnowed fingerprints.

On the development corpus: labelled near-duplicate pairs found and pairs wrongly grouped. At 10,000
documents (the corpus's texts, each cut at a random place and given a header of its own, so that
every text differs): time to reduce the texts, to build the index, and to look every document up.

    .venv/bin/python bench/measure_datasketch.py

The figures are quoted in docs/intake.md (Libraries, measured).
"""

import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from itertools import combinations

try:
    from datasketch import MinHash, MinHashLSHEnsemble
except ImportError:
    raise SystemExit(
        "datasketch is not a dependency of Custodiet: pip install 'datasketch>=1.6' to run this measurement"
    ) from None
from custodiet.intake import dedup

arts = [
    json.loads(line) for line in open(ROOT / "custodiet/intake/tests/corpus/articles.jsonl", encoding="utf-8")
]
WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def minhash(sh):
    m = MinHash(num_perm=128)
    m.update_batch([s.encode() for s in sh])
    return m


def ensemble_groups(texts):
    t0 = time.perf_counter()
    entries = []
    for key, text in texts:
        sh = shingles(text)
        entries.append((key, minhash(sh), len(sh)))
    t1 = time.perf_counter()
    lsh = MinHashLSHEnsemble(threshold=dedup.CONTAINMENT, num_perm=128, num_part=16)
    lsh.index(entries)
    t2 = time.perf_counter()
    pairs = set()
    for key, m, size in entries:
        for other in lsh.query(m, size):
            if other != key:
                pairs.add(tuple(sorted((key, other))))
    t3 = time.perf_counter()
    return pairs, (t1 - t0, t2 - t1, t3 - t2)


def winnow_groups(texts):
    """As the intake does it, with its anchor index in memory instead of the database."""
    t0 = time.perf_counter()
    index, kept, pairs = {}, {}, set()
    for key, text in texts:
        ordered = dedup.winnow(text)
        mine = set(ordered)
        candidates = set()
        for anchor in dedup.anchors(ordered):
            candidates.update(index.get(anchor, ()))
        for other in candidates:
            theirs = kept[other]
            if dedup.is_copy(len(mine & theirs), len(mine), len(theirs)):
                pairs.add(tuple(sorted((key, other))))
        for anchor in dedup.anchors(ordered):
            index.setdefault(anchor, []).append(key)
        kept[key] = mine
    return pairs, time.perf_counter() - t0


texts = [(a["id"], a["text"]) for a in arts]
labelled = {
    tuple(sorted((a["id"], b["id"])))
    for a, b in combinations(arts, 2)
    if a.get("duplicate_group") and a.get("duplicate_group") == b.get("duplicate_group")
}
ens, ens_t = ensemble_groups(texts)
win, win_t = winnow_groups(texts)
result = {
    "labelled_pairs": len(labelled),
    "datasketch_ensemble": {"found": len(ens & labelled), "wrong": len(ens - labelled)},
    "winnowing": {"found": len(win & labelled), "wrong": len(win - labelled)},
}
random.seed(15)
big = []
for i in range(10000):
    a = arts[i % len(arts)]
    words = a["text"].split()
    cut = random.randint(len(words) // 2, len(words)) if len(words) > 20 else len(words)
    big.append((f"d{i}", f"Header {i} {random.random()} " + " ".join(words[:cut])))
_p, (reduce_s, index_s, query_s) = ensemble_groups(big)
_p2, win_s = winnow_groups(big)
result["10000_documents_seconds"] = {
    "datasketch_minhash": round(reduce_s, 1),
    "datasketch_index_all_at_once": round(index_s, 1),
    "datasketch_query_all": round(query_s, 1),
    "winnowing_with_anchor_index_incremental": round(win_s, 1),
}
print(json.dumps(result, indent=1))
