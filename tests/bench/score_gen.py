#!/usr/bin/env python3
"""score_gen.py - how `reuse` did on a corpus from gen_reuse.py.

usage: score_gen.py CORPUS.jsonl TRUTH.tsv EDGES.jsonl

For each kind of derived article (verbatim, syndicated, rewrite): the share
with a pair to its true source, with that source as primary, and the
relations given; then the pairs between two originals (the base corpus's
own reuse: BBC reuses its own paragraphs).  An article with the same text
as the true source counts as the source."""
import json
import sys
from collections import Counter, defaultdict


def main(argv):
    corpus, truth_path, edges_path = argv[1:4]
    text_of = {}
    for line in open(corpus, encoding="utf-8"):
        d = json.loads(line)
        text_of[d["id"]] = hash(d["text"])
    same = defaultdict(set)
    for aid, h in text_of.items():
        same[h].add(aid)
    truth = {}
    for line in open(truth_path):
        did, sid, kind = line.rstrip("\n").split("\t")
        truth[did] = (sid, kind)
    pairs = defaultdict(dict)
    primary = {}
    for line in open(edges_path, encoding="utf-8"):
        e = json.loads(line)
        pairs[e["derived"]][e["source"]] = e["relation"]
        if e["primary"]:
            primary[e["derived"]] = e["source"]
    found, prim, total = Counter(), Counter(), Counter()
    rel = defaultdict(Counter)
    for did, (sid, kind) in truth.items():
        total[kind] += 1
        ok = same[text_of[sid]]
        hit = [s for s in pairs.get(did, {}) if s in ok]
        # a verbatim copy may come out as the source of its original's copy
        back = [d for d in ok if did in pairs.get(d, {})]
        if hit or back:
            found[kind] += 1
            rel[kind][pairs[did][hit[0]] if hit else pairs[back[0]][did]] += 1
        if primary.get(did) in ok or any(primary.get(d) == did for d in ok):
            prim[kind] += 1
    derived = set(truth)
    orig_pairs = sum(1 for d, srcs in pairs.items() for s in srcs
                     if d not in derived and s not in derived)
    for kind in ("verbatim", "syndicated", "rewrite"):
        if total[kind]:
            r = ", ".join(f"{k} {v}" for k, v in rel[kind].most_common())
            print(f"   {kind:<10} {total[kind]:7d} derived: found {found[kind] / total[kind]:.3f}, "
                  f"primary right {prim[kind] / total[kind]:.3f} ({r})")
    n = sum(total.values())
    print(f"   all        {n:7d} derived: found {sum(found.values()) / max(1, n):.3f}, "
          f"primary right {sum(prim.values()) / max(1, n):.3f}; "
          f"{orig_pairs} pairs between originals (the base corpus's own reuse)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
