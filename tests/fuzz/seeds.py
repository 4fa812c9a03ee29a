#!/usr/bin/env python3
"""seeds.py KIND OUTDIR [CORPUS.jsonl ...] - write a fuzz target's seed inputs.

The seeds are built at run time, into a build directory, from the articles in
fixtures/ and tests/cli/inputs/ and from JSON Lines corpora given on the
command line (../shared/corpora/*.jsonl); nothing generated is committed.

KIND is what the target reads:
  text    articles as plain text (and the hostile CLI inputs as they are)
  jsonl   JSON Lines files: single articles, a few per file, blank and
          malformed lines, wrong field types, metadata
  html    web pages built around the articles: meta tags, <article>, nav,
          scripts, quotes split by markup, unclosed tags
  output  cells for the output writers (see tests/fuzz/fuzz_output.c)
  pair    two texts, the second an edited copy of the first, for reuse
          detection (see tests/fuzz/fuzz_fingerprint.c)
  export  two articles (the second an edited copy) and hostile metadata for
          the export writers (see tests/fuzz/fuzz_export.c)
FUZZ_SEED_ARTICLES (default 150) caps how many corpus articles are used, taken
evenly across each corpus, so a short run is not spent replaying seeds.
"""
import glob
import hashlib
import html
import json
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def local_articles():
    """(name, text) of the committed articles and hostile inputs."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "seeds", "*.txt"))):
        with open(path, "rb") as f:
            out.append((os.path.basename(path), f.read()))
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "cli", "inputs", "*"))):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out.append((os.path.basename(path), f.read()))
    return out


def corpus_articles(paths, limit):
    """Up to limit JSON objects spread evenly over each corpus."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l for l in f if l.strip()]
        step = max(1, len(lines) // max(1, limit))
        for line in lines[::step][:limit]:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                out.append(obj)
    return out


def write(outdir, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def to_html(title, text, outlet="Example News", variant=0):
    paras = [p for p in text.split("\n") if p.strip()]
    body = []
    for i, p in enumerate(paras):
        p = html.escape(p, quote=False)
        if variant == 1 and i % 3 == 1:
            p = "<b>" + p.replace(" ", " <i>", 1)  # unclosed inline tags
        if variant == 2 and i == 1:
            body.append('<script>var q = "“not a quote”"; document.write("<p>x</p>");</script>')
        body.append(("<li>%s</li>" if variant == 3 else "<p>%s</p>") % p)
    inner = "\n".join(body)
    if variant == 3:
        inner = "<ul>" + inner + "</ul>"
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>%s</title><meta property=\"og:site_name\" content=\"%s\">"
        "<meta property=\"article:published_time\" content=\"2024-11-01T10:00:00Z\">"
        "<meta name=\"author\" content=\"A. Reporter\">"
        "<link rel=\"canonical\" href=\"https://example.org/a\"></head>\n<body>"
        "<nav><a href=\"/\">Home</a></nav><header>Site header</header>"
        "<article><h1>%s</h1><p class=\"byline\">By A. Reporter</p>\n%s\n</article>"
        "<aside>Related</aside><footer>Footer</footer></body></html>\n"
        % (html.escape(title), html.escape(outlet), html.escape(title), inner)
    )
    if variant == 1:
        page = page.replace("</article>", "").replace("</body></html>", "")
    return page


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, outdir, corpora = sys.argv[1], sys.argv[2], sys.argv[3:]
    limit = int(os.environ.get("FUZZ_SEED_ARTICLES", "150"))
    os.makedirs(outdir, exist_ok=True)
    local = local_articles()
    remote = corpus_articles(corpora, limit)
    texts = [t for _, t in local] + [a["text"].encode("utf-8", "surrogatepass") for a in remote]

    if kind == "text":
        for t in texts:
            write(outdir, t)
        write(outdir, "")
        write(outdir, "“He said ‘no’,” she said.\n\n“Go on.”\n")
    elif kind == "jsonl":
        objs = [{"id": name, "text": t.decode("utf-8", "replace")} for name, t in local]
        objs += remote
        for i, o in enumerate(objs):
            write(outdir, json.dumps(o, ensure_ascii=(i % 2 == 0)) + "\n")
        for i in range(0, len(objs), 3):
            write(outdir, "".join(json.dumps(o) + "\n" for o in objs[i:i + 3]))
        write(outdir, '{"id":"a","text":"x said \\"hi\\"","title":"T","outlet":"O","url":"u",'
                      '"published":"2024-11-01","byline":"B"}\n\n{"id":7,"text":""}\r\n')
        write(outdir, '{"id":"a","text":5}\n{"id":"b"}\n[1,2]\n{"id":"c","text":"t"} x\n{bad\n')
        write(outdir, '{"id":"a","text":"\\u0000\\ud800 \\u202e"}\n')
    elif kind == "html":
        for i, (name, t) in enumerate(local):
            write(outdir, to_html(name, t.decode("utf-8", "replace"), variant=i % 4))
        for i, a in enumerate(remote):
            write(outdir, to_html(str(a.get("title") or a.get("id")), a["text"], variant=i % 4))
        write(outdir, "")
        write(outdir, "<p>“He said <script>alert(1)</script> it”, she said.<p>Unclosed <div><b>")
    elif kind == "output":
        # width, flags, then cells split by 0x1F and rows by 0x1E
        for i, t in enumerate(texts[:limit]):
            lines = [l for l in t.split(b"\n") if l.strip()][:8]
            rows = []
            for j in range(0, len(lines), 4):
                rows.append(b"\x1f".join(lines[j:j + 4]))
            write(outdir, bytes([20 + i % 100, i % 16]) + b"\x1e".join(rows))
        write(outdir, b"\x00\x00=cmd|' /C calc'!A0\x1f+1\x1f-2\x1f@SUM(A1)\x1e\t=1\x1f\r=2\x1fa,b\x1f\"q\"")
        write(outdir, b"\x28\x01\x1b[31mred\x1f\xe2\x80\xaeevil\x1f\xe2\x80\xa8x\x1fline\nbreak")
    elif kind in ("pair", "export"):
        hostile_meta = [b"javascript:alert(1)", b"<img src=x onerror=alert(1)>", b'"><svg onload=alert(1)>',
                        b"=HYPERLINK(\"http://x\")", b"2024-11-01T10:00:00Z", b"-1 Jan 2024", b"@byline"]
        for i, t in enumerate(texts[:limit]):
            words = t.split(b" ")
            edited = b" ".join(w.upper() if j % 7 == 3 else w for j, w in enumerate(words) if j % 11 != 5)
            if kind == "pair":
                write(outdir, bytes([2 + i % 6, 1 + i % 12]) + t + b"\x1e" + edited)
            else:
                meta = [hostile_meta[(i + k) % len(hostile_meta)] for k in range(5)]
                meta[0] = b"https://example.org/%d" % i if i % 2 else meta[0]
                write(outdir, b"\x1f".join([t, edited] + meta))
    else:
        sys.exit("seeds.py: unknown kind %r" % kind)


if __name__ == "__main__":
    main()
