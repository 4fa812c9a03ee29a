#!/bin/sh
# run.sh BINARY - end-to-end tests of `quotetrack export` on the seed articles
# plus a hostile one (quotes with <script>, quotation marks, commas, a
# newline and a leading =), with reuse/family/conflict rows as the reuse
# detector writes them (reuse.sql, following db/002_reuse.sql).
#
# Every format is read back by a real parser (tests/export/check.py: python3's
# csv and json modules, html.parser; PROV-JSON with the `prov` package when
# /usr/bin/python3 has it), the DOT file is rendered with `dot -Tsvg` when
# Graphviz is installed, and the HTML report is loaded in headless Chromium
# when installed: the text must be in the DOM, the page must log no console
# message (errors, blocked loads and CSP violations all are one), and a
# screenshot is kept as build/export-report.png.  Missing optional tools are
# reported and their checks skipped.  Also: -o replaces files atomically and
# never leaves a half-written one, refuses directories and the database.
set -u

if [ $# -ne 1 ]; then
    echo "usage: sh tests/export/run.sh BINARY" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/qt-export.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
db=$work/t.db
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && echo "    $2"; }
# expect NAME WANTED_RC COMMAND...: the command's exit status must be WANTED_RC.
expect() {
    name=$1 want=$2
    shift 2
    "$@" > "$work/last.out" 2> "$work/last.err"
    rc=$?
    if [ "$rc" = "$want" ] && ! grep -qE 'Sanitizer|runtime error:' "$work/last.err"; then
        ok "$name"
    else
        fail "$name" "exit $rc (wanted $want): $(head -c 300 "$work/last.err")"
    fi
}
qt() { "$bin" --db "$db" "$@"; }

# ---- the database -----------------------------------------------------------
cd "$root" || exit 2
s=fixtures/seeds
expect "ingest 003 (wire)" 0 qt ingest --outlet wire.example --published 2024-10-31 $s/003_274c51c25673f51c.txt
expect "ingest 004" 0 qt ingest --outlet daily.example --published 2024-11-01 $s/004_56f86b59b630956c.txt
expect "ingest 000" 0 qt ingest --outlet weekly.example --published 2024-11-02 $s/000_eb6442cd20dd2195.txt
expect "ingest 001, 002" 0 qt ingest --published 2024-11-01 $s/001_293c7af737423495.txt $s/002_457032d09a867f08.txt
# The seeds alone, without family rows either (as texts ingested before
# families existed): no reuse, copies, revisions, families or conflicts.
sqlite3 "$db" ".backup '$work/plain.db'"
sqlite3 "$work/plain.db" "DELETE FROM conflicts; DELETE FROM family_members; DELETE FROM families; DELETE FROM reuse_passages; DELETE FROM reuse;"
cp $s/003_274c51c25673f51c.txt "$work/syndicated.txt"
cp "$here/hostile.txt" "$work/hostile.txt"
head -n 5 "$here/hostile.txt" > "$work/hostile-v1.txt"
(
    cd "$work" || exit 2
    "$bin" --db "$db" --quiet ingest --outlet syndicator.example --published 2024-11-01 syndicated.txt &&
    cp hostile.txt hostile-v2.txt && cp hostile-v1.txt hostile.txt &&
    "$bin" --db "$db" --quiet ingest --outlet hostile.example --published 2024-11-03 --title 'An early version' hostile.txt &&
    cp hostile-v2.txt hostile.txt &&
    "$bin" --db "$db" --quiet ingest --outlet hostile.example --published 2024-11-04 \
        --title 'The "payload, final" file =cmd' hostile.txt
) > /dev/null 2>&1 && ok "ingest a copy and two revisions of the hostile article" ||
    fail "ingest a copy and two revisions of the hostile article"
grinder=$(sqlite3 "$db" "SELECT m.family_id FROM family_members m JOIN quotes q ON q.quote_id = m.quote_id
    JOIN texts t ON t.text_id = q.text_id JOIN articles a ON a.article_id = t.home_article_id
    WHERE a.doc LIKE '%003_274c51c25673f51c.txt' AND q.text LIKE '%meat grinder of his own%'")
if [ -n "$grinder" ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM family_members WHERE family_id = $grinder")" = 3 ] &&
    [ "$(sqlite3 "$db" "SELECT count(*) FROM conflicts WHERE kind = 'attribution'")" -ge 1 ]; then
    ok "ingest found the meat-grinder family (3 instances) and attribution conflicts"
else
    fail "ingest found the meat-grinder family (3 instances) and attribution conflicts" "family '$grinder'"
fi
if sqlite3 "$db" < "$here/reuse.sql" 2> "$work/sql.err" &&
    [ "$(sqlite3 "$db" 'SELECT count(*) FROM reuse')" = 3 ]; then
    ok "article reuse rows (reuse.sql)"
else
    fail "article reuse rows (reuse.sql)" "$(cat "$work/sql.err")"
fi
claim=$(sqlite3 "$db" "SELECT q.quote_id FROM quotes q JOIN articles a ON a.text_id = q.text_id
    WHERE a.doc LIKE '%004_56f86b59b630956c.txt' AND q.text LIKE 'additional security aid%'")
expect "rate a claim" 0 qt rate "$claim" Misleading --value 2 --best 5 --worst 1 --by "Fact Desk" \
    --url https://factcheck.example/aid --note "Austin did not announce it"
expect "rate: unknown quote is exit 5" 5 qt rate 999999 False
expect "rate: value outside the scale is exit 2" 2 qt rate "$claim" False --value 9 --best 5 --worst 1

# ---- every format ------------------------------------------------------------
for f in jsonl csv html dot claimreview prov annotations; do
    expect "export --format $f -o" 0 qt export --format "$f" -o "$work/all.$f"
done
expect "export to stdout" 0 qt export --format csv
cmp -s "$work/last.out" "$work/all.csv" && ok "stdout and -o write the same bytes" ||
    fail "stdout and -o write the same bytes"
qt export --format jsonl --speaker Blinken > "$work/blinken.jsonl" 2>/dev/null
qt who Blinken --format jsonl > "$work/who-blinken.jsonl" 2>/dev/null
qt export --outlet WIRE.example > "$work/outlet.jsonl" 2>/dev/null
qt export --since 2024-11-01 --until 'Nov 2, 2024' > "$work/dates.jsonl" 2>/dev/null
qt export --article $s/004_56f86b59b630956c.txt > "$work/article.jsonl" 2>/dev/null
qt export --family "$grinder" > "$work/family.jsonl" 2>/dev/null
qt export --kind partial > "$work/kind.jsonl" 2>/dev/null
qt export --outlet syndicator.example > "$work/syndicated.jsonl" 2>/dev/null
for f in html claimreview prov annotations; do
    "$bin" --db "$work/plain.db" --quiet export --format $f -o "$work/empty.$f"
done
expect "-o FILE.html picks the format" 0 qt --quiet export -o "$work/by-extension.html"
grep -q '<!DOCTYPE html>' "$work/by-extension.html" && ok "the extension chose html" ||
    fail "the extension chose html"

if python3 "$here/check.py" "$work" "$db" > "$work/check.out" 2>&1; then
    ok "formats read back (check.py: $(grep -c '^ok' "$work/check.out") checks)"
else
    fail "formats read back" "$(grep -v '^ok' "$work/check.out" | head -20)"
fi

# PROV-JSON through the reference implementation, when installed.
if /usr/bin/python3 -c 'import prov' 2>/dev/null; then
    if /usr/bin/python3 - "$work/all.prov" > "$work/prov.out" 2>&1 <<'EOF'
import sys
from prov.model import ProvDocument, PROV
doc = ProvDocument.deserialize(sys.argv[1], format="json")
recs = list(doc.get_records())
kinds = {str(t) for r in recs for t in r.get_asserted_types()}
assert "prov:PrimarySource" in kinds and "prov:Quotation" in kinds, kinds
assert any(r.get_type() == PROV["Attribution"] for r in recs)
print(len(recs))
EOF
    then ok "prov: the prov package reads it ($(cat "$work/prov.out") records)"
    else fail "prov: the prov package reads it" "$(tail -3 "$work/prov.out")"
    fi
else
    echo "skip prov package check: /usr/bin/python3 has no 'prov' (apt-get install python3-prov)"
fi

# ---- Graphviz ------------------------------------------------------------------
if command -v dot > /dev/null 2>&1; then
    if dot -Tsvg "$work/all.dot" -o "$work/all.svg" 2> "$work/dot.err" && grep -q '<svg' "$work/all.svg" &&
        grep -q 'altered' "$work/all.svg" && [ ! -s "$work/dot.err" ]; then
        ok "dot -Tsvg renders the provenance graph"
    else
        fail "dot -Tsvg renders the provenance graph" "$(head -5 "$work/dot.err")"
    fi
else
    echo "skip dot render: Graphviz is not installed (apt-get install graphviz)"
fi

# ---- headless Chromium -----------------------------------------------------------
chrome=""
for c in chromium chromium-browser google-chrome; do
    command -v "$c" > /dev/null 2>&1 && { chrome=$c; break; }
done
# Console messages are what a page's errors, blocked loads and CSP
# violations become in Chromium's log.
browse() { # browse MODE FILE OUT ERR
    prof=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" --enable-logging=stderr --v=0 --hide-scrollbars \
        --window-size=1280,2200 "$1" "file://$2" > "$3" 2> "$4"
}
if [ -n "$chrome" ]; then
    printf '<!DOCTYPE html><title>t</title><script>undefined_function()</script>' > "$work/broken.html"
    browse --dump-dom "$work/broken.html" "$work/broken.dom" "$work/broken.log"
    if grep -q ':CONSOLE' "$work/broken.log"; then
        ok "chromium: a page with an error logs it (the check below can fail)"
    else
        fail "chromium: a page with an error logs it" "no CONSOLE line in the log"
    fi
    browse --dump-dom "$work/all.html" "$work/all.dom" "$work/chrome.log"
    if [ -s "$work/all.dom" ] && ! grep -q ':CONSOLE' "$work/chrome.log" &&
        python3 - "$work/all.dom" <<'EOF'
import sys
dom = open(sys.argv[1], encoding="utf-8").read()
need = ["&lt;script&gt;alert(document.cookie)&lt;/script&gt; was in the file, and it ran,",
        "Mallory Evans", "Priya Raman", "meat grinder", "Attribution conflict".lower(),
        "Provenance chains", "Quote families"]
low = dom.lower()
missing = [n for n in need if n.lower() not in low]
assert not missing, missing
assert "<script" not in low, "a script element in the DOM"
assert low.count("<svg") >= 2
EOF
    then
        ok "chromium: the report loads with its text and no console message"
    else
        fail "chromium: the report loads with its text and no console message" \
            "$(grep ':CONSOLE' "$work/chrome.log" | head -3)"
    fi
    mkdir -p "$root/build"
    browse "--screenshot=$root/build/export-report.png" "$work/all.html" /dev/null "$work/shot.log"
    if [ -s "$root/build/export-report.png" ]; then
        ok "chromium: screenshot saved as build/export-report.png"
    else
        fail "chromium: screenshot saved as build/export-report.png"
    fi
else
    echo "skip browser test: Chromium is not installed (apt-get install chromium)"
fi

# ---- -o: atomic replacement and refusals -----------------------------------------
out=$work/out/report.html
mkdir -p "$work/out"
qt --quiet export --format html -o "$out"
cp "$out" "$work/before.html"
expect "unknown speaker is exit 5" 5 qt export --format html --speaker "Nobody At All" -o "$out"
cmp -s "$out" "$work/before.html" && ok "a failed export leaves the file as it was" ||
    fail "a failed export leaves the file as it was"
[ "$(ls -A "$work/out")" = "report.html" ] && ok "no temporary file left behind" ||
    fail "no temporary file left behind" "$(ls -A "$work/out")"
expect "unknown article is exit 5" 5 qt export --article no-such-doc
expect "unknown family is exit 5" 5 qt export --family 99
expect "bad format is exit 2" 2 qt export --format pdf
expect "bad date is exit 2" 2 qt export --since yesterday-ish
expect "missing directory is exit 1" 1 qt export -o "$work/no/such/dir/x.html"
expect "a directory is refused (exit 1)" 1 qt export -o "$work/out"
expect "the database itself is refused (exit 2)" 2 qt export -o "$db"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && ok "the database is intact" ||
    fail "the database is intact"
mkdir -p "$work/elsewhere"
ln -s "$work/elsewhere/target.html" "$work/out/link.html"
qt --quiet export --format html -o "$work/out/link.html"
if [ -f "$work/out/link.html" ] && [ ! -L "$work/out/link.html" ] && [ ! -e "$work/elsewhere/target.html" ]; then
    ok "a symbolic link at -o is replaced, not followed"
else
    fail "a symbolic link at -o is replaced, not followed"
fi
chmod 640 "$out"
qt --quiet export --format html -o "$out"
[ "$(stat -c %a "$out")" = 640 ] && ok "a replaced file keeps its permissions" ||
    fail "a replaced file keeps its permissions" "$(stat -c %a "$out")"

echo "export: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
