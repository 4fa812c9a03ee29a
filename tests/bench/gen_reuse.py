#!/usr/bin/env python3
"""gen_reuse.py - a news corpus with known reuse, for the reuse benchmark.

usage: gen_reuse.py CORPUS.jsonl MEGABYTES OUT.jsonl TRUTH.tsv [FILES_DIR]

Builds OUT.jsonl (at least MEGABYTES of article text) from the articles of
CORPUS.jsonl ({"id","text",...} per line).  Four articles in five are
originals: the corpus articles again and again, each round ("edition") with
its content words respelled (every word that is not a stop word gets a suffix
naming the edition), so editions share no passages and the text keeps the
statistics of real news.  The fifth article is derived from a recent
original: a verbatim copy under another id (15%), a syndicated copy with a
byline and a closing line added and a few words changed (35%), or a rewrite
(50%: a new first sentence, a quarter of the sentences dropped, one content
word in ten replaced, paragraphs shuffled).  Derived articles are published
after their source.  TRUTH.tsv gets one line per derived article:
derived id, source id, kind.  With FILES_DIR, every text is also written to
FILES_DIR/NNNNNNN.txt (for sim_text).  Deterministic (fixed seed).
"""
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta

WORD = re.compile(r"[A-Za-z]+")
STOP = set()


def load_stop(path):
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and line.isascii():
            STOP.add(line.lower())


def tag(n):
    """A letter suffix for edition n: a, b, ..., z, ba, bb, ..."""
    s = ""
    while True:
        s = chr(ord("a") + n % 26) + s
        n //= 26
        if n == 0:
            return s


def respell(text, suffix):
    return WORD.sub(lambda m: m.group(0) if m.group(0).lower() in STOP or len(m.group(0)) < 3
                    else m.group(0) + suffix, text)


def paragraphs(text):
    return [p for p in text.split("\n") if p.strip()]


SENT = re.compile(r"(?<=[.!?])\s+")


def substitute(text, rng, rate, vocab):
    def sub(m):
        w = m.group(0)
        if w.lower() in STOP or rng.random() >= rate:
            return w
        return rng.choice(vocab)
    return WORD.sub(sub, text)


def syndicate(text, rng, outlet, vocab):
    body = substitute(text, rng, 0.02, vocab)
    return (f"By {outlet} staff and agencies\n\n{body}\n\n"
            f"Copyright {outlet}. Additional reporting by the {outlet} news desk.")


def rewrite(text, rng, vocab):
    paras = []
    for p in paragraphs(text):
        sents = [s for s in SENT.split(p) if s]
        kept = [s for s in sents if rng.random() >= 0.25] or sents[:1]
        paras.append(" ".join(substitute(s, rng, 0.10, vocab) for s in kept))
    head, rest = paras[:1], paras[1:]
    rng.shuffle(rest)
    lead = " ".join(rng.choice(vocab) for _ in range(12)).capitalize() + "."
    return "\n\n".join([lead] + head + rest)


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    src, megabytes, out_path, truth_path = argv[1], float(argv[2]), argv[3], argv[4]
    files = argv[5] if len(argv) > 5 else None
    here = os.path.dirname(os.path.abspath(__file__))
    load_stop(os.path.join(here, "..", "..", "patterns", "stopwords.txt"))
    rows = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    rng = random.Random(20241121)
    if files:
        os.makedirs(files, exist_ok=True)
    target = megabytes * 1e6
    size = 0
    n = 0
    edition = 0
    recent = []          # (id, text, date) of recent originals
    start = datetime(2024, 1, 1)
    outlets = ["Valley Gazette", "Bay Weekly", "Riverside Daily", "Northern Echo", "Metro Wire"]

    def emit(out, aid, text, outlet, date):
        nonlocal size, n
        out.write(json.dumps({"id": aid, "text": text, "outlet": outlet,
                              "published": date.strftime("%Y-%m-%dT%H:%M:%SZ")},
                             ensure_ascii=False) + "\n")
        if files:
            with open(os.path.join(files, "%07d.txt" % n), "w", encoding="utf-8") as f:
                f.write(text)
        size += len(text.encode("utf-8"))
        n += 1

    with open(out_path, "w", encoding="utf-8") as out, open(truth_path, "w") as truth:
        while size < target:
            suffix = "q" + tag(edition)
            vocab = []
            for i, row in enumerate(rows):
                if size >= target:
                    break
                text = respell(row["text"], suffix)
                if len(vocab) < 5000:
                    vocab.extend(w for w in WORD.findall(text) if w.lower() not in STOP)
                aid = "%s@%d" % (row["id"], edition)
                date = start + timedelta(minutes=10 * n)
                emit(out, aid, text, "BBC", date)
                recent.append((aid, text, date))
                del recent[:-200]
                if rng.random() < 0.25 and vocab:
                    sid, stext, sdate = rng.choice(recent)
                    outlet = rng.choice(outlets)
                    r = rng.random()
                    if r < 0.15:
                        kind, dtext = "verbatim", stext
                    elif r < 0.50:
                        kind, dtext = "syndicated", syndicate(stext, rng, outlet, vocab)
                    else:
                        kind, dtext = "rewrite", rewrite(stext, rng, vocab)
                    did = "%s/%s/%d" % (outlet.split()[0].lower(), kind, n)
                    emit(out, did, dtext, outlet, sdate + timedelta(minutes=rng.randint(1, 600)))
                    truth.write(f"{did}\t{sid}\t{kind}\n")
            edition += 1
    sys.stderr.write("gen_reuse: %d articles, %.1f MB, %d editions\n" % (n, size / 1e6, edition))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
