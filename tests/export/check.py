#!/usr/bin/env python3
"""check.py WORKDIR DB - reads back every export tests/export/run.sh wrote into
WORKDIR with real parsers (csv, json, html.parser) and checks what the
formats promise.  Prints one line per check; exits 1 when any failed."""
import csv
import html.parser
import json
import re
import os
import sqlite3
import sys
import urllib.parse

work, db = sys.argv[1], sys.argv[2]
failed = 0


def check(name, cond, detail=""):
    global failed
    if cond:
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + str(detail) if detail else ""))


def read(name):
    with open(os.path.join(work, name), encoding="utf-8", newline="") as f:
        return f.read()


SCRIPT = "<script>alert(document.cookie)</script> was in the file, and it ran,"
FORMULA = "=SUM(A1:A9) was in cell B2, believe me,"
NEWLINE = "We found it on Monday.\n\u201cThen it spread to every office by Friday, which nobody expected,"
TITLE = 'The "payload, final" file =cmd'

# ---- JSON Lines -------------------------------------------------------------
rows = [json.loads(line) for line in read("all.jsonl").splitlines()]
check("jsonl: one JSON object per line", rows and all(isinstance(r, dict) for r in rows))
texts = {r["text"] for r in rows}
check("jsonl: <script> quote verbatim", SCRIPT in texts)
check("jsonl: leading = verbatim", FORMULA in texts)
check("jsonl: newline and quotation mark verbatim", NEWLINE in texts)
scan_fields = ["doc", "kind", "text", "start", "end", "char_start", "char_end", "speaker",
               "speaker_kind", "speaker_mention", "speaker_start", "speaker_end",
               "speaker_char_start", "speaker_char_end", "cue", "confidence", "rule"]
store_fields = ["quote_id", "article_id", "outlet", "url", "title", "published", "revision",
                "copies"]
family_fields = ["family", "relation", "parent_quote_id", "similarity", "diff", "conflicts"]
missing = [f for f in scan_fields + store_fields + family_fields if f not in rows[0]]
check("jsonl: scan, article and family fields", not missing, missing)
grinder = next(r["family"] for r in rows if "meat grinder of his own" in r["text"])
fam = [r for r in rows if r["family"] == grinder]
rels = sorted(r["relation"] for r in fam)
check("jsonl: the meat-grinder family: origin (003), partial (004), altered (000)",
      rels == ["altered", "origin", "partial"] and
      {r["relation"]: r["doc"][-24:-20] for r in fam} == {"origin": "003_", "partial": "004_",
                                                          "altered": "000_"},
      [(r["relation"], r["doc"]) for r in fam])
altered = [r for r in fam if r["relation"] == "altered"]
check("jsonl: altered instance has a diff and a conflict",
      altered and isinstance(altered[0]["diff"], list) and
      any(c["kind"] == "altered" for c in altered[0]["conflicts"]))
aid = next(r for r in rows if r["text"].startswith("additional security aid"))
assistance = next(r for r in rows if r["text"].startswith("further security assistance"))
check("jsonl: the coming aid: attribution conflict on both quotes (Austin in 004, Blinken in 003)",
      any(c["kind"] == "attribution" and c["other_quote_id"] == assistance["quote_id"]
          for c in aid["conflicts"]) and
      any(c["kind"] == "attribution" and c["other_quote_id"] == aid["quote_id"]
          for c in assistance["conflicts"]))
hostile = [r for r in rows if r["doc"] == "hostile.txt"]
check("jsonl: the current revision is exported",
      hostile and all(r["revision"] == 2 and r["title"] == TITLE for r in hostile))

# ---- who and export agree ---------------------------------------------------
who = [json.loads(line) for line in read("who-blinken.jsonl").splitlines()]
exp = {r["quote_id"]: r for r in (json.loads(l) for l in read("blinken.jsonl").splitlines())}
check("filter --speaker matches who", sorted(exp) == sorted(r["quote_id"] for r in who),
      (len(exp), len(who)))
# (who lists a partial quote as its own fragment; that key is left out here)
diff = [(w["quote_id"], k) for w in who for k, v in w.items()
        if k != "partials" and exp[w["quote_id"]].get(k) != v]
check("export records carry every who field unchanged", not diff, diff[:3])
claims_with = [r for r in rows if r["kind"] == "indirect" and r.get("partials")]
check("jsonl: a claim lists its quoted fragments (partials)",
      claims_with and all(p["text"] in r["text"] for r in claims_with for p in r["partials"]))

# ---- filters ------------------------------------------------------------------
def jsonl(name):
    return [json.loads(line) for line in read(name).splitlines()]


outlet = jsonl("outlet.jsonl")
check("filter --outlet", outlet and all(r["outlet"] == "wire.example" for r in outlet))
dated = jsonl("dates.jsonl")
check("filter --since/--until", dated and all("2024-11-01" <= r["published"][:10] <= "2024-11-02"
                                               for r in dated), [r["published"] for r in dated])
art = jsonl("article.jsonl")
check("filter --article", art and {r["doc"] for r in art} == {"fixtures/seeds/004_56f86b59b630956c.txt"})
fam1 = jsonl("family.jsonl")
check("filter --family", len(fam1) == 3 and all(r["family"] == grinder for r in fam1), len(fam1))
kind = jsonl("kind.jsonl")
check("filter --kind", kind and all(r["kind"] == "partial" for r in kind))
syn = jsonl("syndicated.jsonl")
check("a verbatim copy reports its quotes under its own outlet",
      syn and all(r["outlet"] == "syndicator.example" for r in syn))

# ---- CSV ---------------------------------------------------------------------
with open(os.path.join(work, "all.csv"), encoding="utf-8", newline="") as f:
    table = list(csv.reader(f, strict=True))
header, body = table[0], table[1:]
check("csv: header row", header[:3] == ["quote_id", "doc", "article_id"], header[:3])
check("csv: one record per quote", len(body) == len(rows), (len(body), len(rows)))
check("csv: every record has every column", all(len(r) == len(header) for r in body))
col = {name: i for i, name in enumerate(header)}
cells = {r[col["text"]] for r in body}
check("csv: <script>, commas round-trip", SCRIPT in cells)
check("csv: newline and quotation mark round-trip", NEWLINE in cells)
check("csv: leading = neutralised", "'" + FORMULA in cells and FORMULA not in cells)
titles = {r[col["title"]] for r in body}
check("csv: double quotes in a field round-trip", TITLE in titles, titles)
dangerous = [c for r in body for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
check("csv: no cell starts a formula", not dangerous, dangerous[:3])
check("csv: records end with CRLF", read("all.csv").count("\r\n") >= len(table))

# ---- ClaimReview -------------------------------------------------------------
cr = json.loads(read("all.claimreview"))
check("claimreview: schema.org context", cr.get("@context") == "https://schema.org")
graph = cr["@graph"]
quotations = [g for g in graph if g["@type"] == "Quotation"]
claims = [g for g in graph if g["@type"] == "Claim"]
reviews = [g for g in graph if g["@type"] == "ClaimReview"]
check("claimreview: every quote is there", len(quotations) + len(claims) + len(reviews) == len(rows),
      (len(quotations), len(claims), len(reviews), len(rows)))
q = next(g for g in quotations if g["text"] == SCRIPT)
check("claimreview: Quotation spokenByCharacter and isPartOf NewsArticle",
      q["spokenByCharacter"]["@type"] == "Person" and q["spokenByCharacter"]["name"] == "Mallory Evans"
      and q["isPartOf"]["@type"] == "NewsArticle" and q["isPartOf"]["publisher"]["name"] == "hostile.example"
      and q["isPartOf"]["datePublished"].startswith("2024-11-04"))
grinder = [g for g in quotations if "meat grinder" in g["text"] and "isBasedOn" in g]
check("claimreview: a family instance isBasedOn its parent", grinder)
def publishers(articles):
    return sorted(a.get("publisher", {}).get("name", "") for a in articles)


wire_claims = [c for c in claims if c["firstAppearance"]["@id"].endswith("003_274c51c25673f51c.txt")
               and c["text"].startswith("Russia has been training")]
check("claimreview: a claim of 003 appears in 003 and its syndicated copy, first in 003",
      wire_claims and {"wire.example", "syndicator.example"} <= set(publishers(wire_claims[0]["appearance"])),
      [publishers(c["appearance"]) for c in wire_claims])
kursk = [c for c in claims if c["text"].startswith("Around 8,000 North Korean soldiers")]
check("claimreview: 004's claim of a family begun in 003 has firstAppearance 003",
      kursk and kursk[0]["firstAppearance"].get("publisher", {}).get("name") == "wire.example"
      and "daily.example" in publishers(kursk[0]["appearance"]),
      kursk and kursk[0]["firstAppearance"])
check("claimreview: ClaimReview around a rated claim",
      len(reviews) == 1 and reviews[0]["reviewRating"]["alternateName"] == "Misleading"
      and reviews[0]["reviewRating"]["ratingValue"] == 2
      and reviews[0]["author"]["name"] == "Fact Desk"
      and reviews[0]["itemReviewed"]["@type"] in ("Claim", "Quotation"), reviews)

# ---- PROV-JSON ---------------------------------------------------------------
prov = json.loads(read("all.prov"))
check("prov: entities, agents, attribution, derivation",
      all(k in prov for k in ("prefix", "entity", "agent", "wasAttributedTo", "wasDerivedFrom")))
types = {d["prov:type"]["$"] for d in prov["wasDerivedFrom"].values()}
check("prov: Quotation, Revision and PrimarySource derivations",
      {"prov:Quotation", "prov:Revision", "prov:PrimarySource"} <= types, types)
quote_ents = [k for k, v in prov["entity"].items() if k.startswith("qt:quote-")]
check("prov: one entity per quote shown", len(quote_ents) >= len(rows), (len(quote_ents), len(rows)))
check("prov: quotes attributed to speakers",
      any(r["prov:agent"].startswith("qt:speaker-") for r in prov["wasAttributedTo"].values()))

# ---- Web Annotation ------------------------------------------------------------
anno = json.loads(read("all.annotations"))
items = anno["first"]["items"]
check("annotations: collection total matches items", anno["total"] == len(items) == len(rows),
      (anno["total"], len(items), len(rows)))
# The article texts, keyed the way the exports name articles: the URL, else
# urn:quotetrack:doc: and the percent-encoded document id.
bodies = {}
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
for doc, url, body in con.execute("SELECT a.doc, a.url, t.body FROM articles a"
                                  " JOIN texts t ON t.text_id = a.text_id WHERE a.is_current = 1"):
    bodies[url or "urn:quotetrack:doc:" + urllib.parse.quote(doc, safe="-._~/")] = body
con.close()
checked = 0
ok = True
for it in items:
    sel = {s["type"]: s for s in it["target"]["selector"]}
    text = bodies.get(it["target"]["source"])
    if text is None:
        continue
    checked += 1
    pos, quote = sel["TextPositionSelector"], sel["TextQuoteSelector"]
    if text[pos["start"]:pos["end"]] != quote["exact"] or \
            not text[:pos["start"]].endswith(quote["prefix"]) or \
            not text[pos["end"]:].startswith(quote["suffix"]):
        ok = False
        print("    selector mismatch:", it["id"])
check("annotations: TextQuoteSelector = text at TextPositionSelector (code points)",
      ok and checked == len(items), (checked, len(items)))
check("annotations: body names the speaker",
      any(b.get("purpose") == "identifying" and b["value"] == "Priya Raman"
          for it in items for b in it["body"]))

# ---- HTML (static) -------------------------------------------------------------
class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.text = [], set(), []
        self.cells, self.rows = None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)
            if k in ("src", "href") and v and not v.startswith(("#", "http://", "https://")):
                self.tags.append("bad-link:" + v)

        if tag == "tr":
            self.cells = []
        elif tag == "td" and self.cells is not None:
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "tr" and self.cells:
            self.rows.append(self.cells)
            self.cells = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cells:
            self.cells[-1] += data


page = Parser()
page.feed(read("all.html"))
alltext = "".join(page.text)
check("html: no script, iframe, object or external resource",
      not [t for t in page.tags if t in ("script", "iframe", "object", "embed", "link", "img")
           or t.startswith("bad-link")])
check("html: the <script> quote is text", SCRIPT in alltext)
check("html: sections", {"summary", "alerts", "speakers", "families", "reuse", "provenance",
                         "articles"} <= page.ids, page.ids)
check("html: inline SVG graphs", page.tags.count("svg") >= 2)
# The "By outlet" table: rows of 7 cells whose last is a percentage.
by_outlet = {(r[0], r[1]): r[2:6] for r in page.rows if len(r) == 7 and r[6].endswith("%")}
con = sqlite3.connect(db)
want = {}
for so, do, rel, prim in con.execute(
        "SELECT s.outlet, d.outlet, r.relation, r.is_primary FROM reuse r"
        " JOIN articles s ON s.article_id = r.source_article_id"
        " JOIN articles d ON d.article_id = r.derived_article_id WHERE d.is_current = 1"):
    w = want.setdefault((so or "(unknown outlet)", do or "(unknown outlet)"), [0, 0, 0, 0])
    w[0] += 1
    w[1 if rel != "partial" else 2] += 1
    w[3] += prim
for so, do in con.execute("SELECT s.outlet, d.outlet FROM articles d"
                          " JOIN articles s ON s.article_id = d.copy_of WHERE d.is_current = 1"):
    w = want.setdefault((so or "(unknown outlet)", do or "(unknown outlet)"), [0, 0, 0, 0])
    w[0] += 1
    w[1] += 1
want = {k: [str(x) for x in v] for k, v in want.items()}
check("html: reuse by outlet: pairs, whole, partial, primary per outlet pair as stored",
      by_outlet == want and len(want) >= 3, (by_outlet, want))
check("html: word-level diff marked", page.tags.count("del") > 0 and page.tags.count("ins") > 0)
# Reuse passages: the derived article's words with the source's changes
# marked; the kept and added words, in order, are the derived passage's
# words (up to the cut of a long one).
class Excerpts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.items, self.cur, self.tag = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "excerpt") in attrs:
            self.cur = []
        elif self.cur is not None and tag in ("del", "ins"):
            self.tag = tag

    def handle_endtag(self, tag):
        if tag == "div" and self.cur is not None:
            self.items.append(self.cur)
            self.cur = None
        elif tag in ("del", "ins"):
            self.tag = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur.append((self.tag, data))


ex = Excerpts()
ex.feed(read("all.html"))
passages = [r[0] for r in con.execute(
    "SELECT substr(t.body, p.derived_char_start + 1, p.derived_char_end - p.derived_char_start)"
    " FROM reuse_passages p JOIN reuse r ON r.reuse_id = p.reuse_id"
    " JOIN articles d ON d.article_id = r.derived_article_id JOIN texts t ON t.text_id = d.text_id")]
marked = [e for e in ex.items if any(t for t, _ in e)]
def words(s):
    return re.findall(r"\w+", s)
kept_ok = all(any(words(p)[:len(words("".join(d for t, d in e if t != "del").rstrip(" \u2026")))] ==
                  words("".join(d for t, d in e if t != "del").rstrip(" \u2026")) for p in passages)
              for e in marked)
check("html: reuse passages mark the source's changes, the derived words in order",
      marked and kept_ok, marked[:2])

empty = Parser()
empty.feed(read("empty.html"))
check("html without reuse rows: no family/reuse sections, still a report",
      not ({"families", "reuse", "provenance", "alerts"} & empty.ids) and "speakers" in empty.ids)
for name in ("empty.claimreview", "empty.prov", "empty.annotations"):
    try:
        json.loads(read(name))
        check(name + ": valid JSON without reuse rows", True)
    except ValueError as e:
        check(name + ": valid JSON without reuse rows", False, e)

print("export-check: %s" % ("all passed" if not failed else "%d failed" % failed))
sys.exit(1 if failed else 0)
