#!/bin/sh
# run.sh BINARY - hostile and broken input, generated at test time (part of
# make check and make asan; README "Reliability").  The small hostile inputs
# live in tests/cli/cases (invalid UTF-8, overlong forms, a lone surrogate,
# NUL, bidi and zero-width characters, binary, empty, wrong JSON types);
# this script makes the big and pathological ones and checks that each
#   * ends within HOSTILE_TIME seconds (default 60) with the documented exit
#     status: no crash, no hang, no quadratic blow-up;
#   * writes valid JSON Lines and no sanitizer report;
#   * where it applies, gives the clear message the README promises;
# and that SQL and FTS5 syntax in speaker names, search terms and metadata
# is only ever text (the tables survive, nothing else matches).
# HOSTILE_BIG_MB (default 100) sizes the long line, HOSTILE_JSON_MB (default
# 50) the JSON string; make asan passes smaller ones.  Peak memory of the
# long line is printed when /usr/bin/time is there.
set -u
if [ $# -ne 1 ]; then
    echo "usage: sh tests/hostile/run.sh BINARY" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-hostile.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
QUOTETRACK_DB=$tmp/default.db
export QUOTETRACK_DB
BIG_MB=${HOSTILE_BIG_MB:-100}
JSON_MB=${HOSTILE_JSON_MB:-50}
LIMIT=${HOSTILE_TIME:-60}
TO=""
command -v timeout > /dev/null 2>&1 && TO="timeout $LIMIT"
pass=0
fails=0
inputs=0

ok() { pass=$((pass + 1)); }
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run NAME WANT_RC ARGS...: runs the binary (stdout $tmp/out, stderr
# $tmp/err), checks the exit status, the time limit and sanitizer reports.
run() {
    r_name=$1 r_want=$2
    shift 2
    inputs=$((inputs + 1))
    start=$(date +%s)
    # shellcheck disable=SC2086
    $TO ${PREFIX:-} "$bin" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    took=$(($(date +%s) - start))
    if [ "$rc" = 124 ]; then
        fail "$r_name: still running after $LIMIT s"
    elif [ "$rc" != "$r_want" ]; then
        fail "$r_name: exit $rc, expected $r_want"
        head -n 5 "$tmp/err" | sed 's/^/    | /' >&2
    elif grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
        fail "$r_name: sanitizer report"
        head -n 20 "$tmp/err" | sed 's/^/    | /' >&2
    else
        ok
    fi
    [ -n "${QUIET_RUN:-}" ] || printf '  %-40s exit %s  %3s s\n' "$r_name" "$rc" "$took"
}

# Every line of $tmp/out is a JSON object.
json_lines() {
    if python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not isinstance(json.loads(line), dict):
        sys.exit("line %d is not an object" % n)
' "$tmp/out" 2> "$tmp/pyerr"; then ok; else fail "$1: output is not JSON Lines: $(cat "$tmp/pyerr")"; fi
}

expect_grep() { # PATTERN FILE WHAT
    if grep -qF -- "$1" "$2"; then ok; else fail "$3: '$1' not found"; sed 's/^/    | /' "$2" | head -n 5 >&2; fi
}
expect_no_grep() { # PATTERN FILE WHAT
    if grep -qF -- "$1" "$2"; then fail "$3: '$1' found"; else ok; fi
}
count_lines() { wc -l < "$1" | tr -d ' '; }

gen() { # gen FILE KIND [N]: writes one generated input
    python3 - "$@" <<'EOF'
import random, string, sys
path, kind = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
rnd = random.Random(6)
def name():
    return rnd.choice(string.ascii_uppercase) + "".join(rnd.choice(string.ascii_lowercase) for _ in range(6))
out = open(path, "wb")
w = lambda s: out.write(s.encode("utf-8") if isinstance(s, str) else s)
if kind == "marks":            # 100 000 straight double quotes, nothing else
    w('He said ' + '"' * n + '\n')
elif kind == "marks-spaced":   # "a "a "a ... : every mark opens a quote
    w(" ".join(['"a'] * n) + "\n")
elif kind == "marks-curly":    # pairs of curly quotes with cues, one paragraph
    w(" ".join(['\u201cWe go,\u201d he said, \u2018and\u2019'] * (n // 4)) + "\n")
elif kind == "marks-single":   # straight and curly apostrophes and single marks
    w(" ".join(["'x", "\u2019s", "\u2018y"] * (n // 3)) + "\n")
elif kind == "nested":         # quotes nested n deep, closed in reverse
    w("Blinken said " + "\u201c\u2018" * n + "deep" + "\u2019\u201d" * n + ".\n")
elif kind == "unattributed":   # many quotes, no speaker, one sentence
    w(" ".join(['\u201cWe will go now.\u201d \u201cNot here,\u201d and'] * n) + "\n")
elif kind == "scare":          # scare quotes only: the|partial search
    w("The " + " and the ".join(["\u2018x\u2019"] * n) + ".\n")
elif kind == "participles":    # one leading participle cue per quote
    w("Blinken criticized Putin, " + " ".join(["stating, \u201cwe go.\u201d"] * n) + "\n")
elif kind == "names":          # n distinct people: coreference work
    w(" ".join("%s %s said that it rained on the %d." % (name(), name(), i) for i in range(n)) + "\n")
elif kind == "claims":         # quotes inside claims with distinct speakers
    w(" ".join("\u201c%s went,\u201d %s said, adding that the \u2018thing\u2019 was \u201cover\u201d." % (name(), name())
               for _ in range(n)) + "\n")
elif kind == "titles":         # one endless run of title words
    w(" ".join(["Secretary of State Minister President"] * n) + " said.\n")
elif kind == "paras":          # a floating quote per paragraph
    w("\n".join("\u201c%s went,\u201d he said." % name() for _ in range(n)) + "\n")
elif kind == "late-partials": # n unattributed quotes, then n scare quotes in later paragraphs
    w("\n".join(["\u201cWe will go now, today.\u201d"] * n) + "\n" +
      "\n".join(["Then the \u2018x\u2019 fell and the \u2018y\u2019 rose."] * n) + "\n")
elif kind == "long-line":      # n MiB on one line: words, long runs, a quote every 64 KiB
    block = ("\u201cThis quote sits in the middle of a very long line,\u201d Blinken said. "
             + "x" * 65000 + " ").encode()
    for _ in range(n * 1024 * 1024 // len(block) + 1):
        out.write(block)
    w("\n")
elif kind == "binary":         # n MiB of random bytes
    out.write(bytes(rnd.getrandbits(8) for _ in range(n * 1024 * 1024)))
elif kind == "newlines":       # n MiB of blank lines and white space
    out.write(b"\n \t\r\n\xc2\xa0\n" * (n * 1024 * 1024 // 8))
elif kind == "json-big":       # one JSON line whose text is n MiB: a quote every 64 KiB
    chunk = ("\\u00e9 \\u201cWe go,\u201d Blinken said.\\n" + "y" * 65000 + " ").encode()
    w('{"id":"big","title":"t","text":"')
    for _ in range(n * 1024 * 1024 // len(chunk) + 1):
        out.write(chunk)
    w('"}\n{"id":"after","text":"Austin said that the line after still counts."}\n')
elif kind == "json-deep":      # nesting far past json-c's depth limit
    w('{"id":"a","text":"x","title":' + "[" * n + "]" * n + '}\n{"id":"b","text":"Austin said that this line counts."}\n')
elif kind == "json-garbage":   # an n MiB line that is not JSON, then a good one
    w("{" * (n * 1024 * 1024) + '\n{"id":"b","text":"Austin said that this line counts."}\n')
elif kind == "html-deep":      # elements nested n deep
    w("<html><body>" + "<div>" * n + "<p>\u201cDeep inside the page,\u201d Blinken said.</p>" + "</div>" * n + "</body></html>")
elif kind == "html-unclosed":  # n tags never closed
    w("<html><body><p>\u201cBefore the tags,\u201d Blinken said.<p>" + "<b><i><span>" * n + "text")
else:
    sys.exit("unknown kind " + kind)
out.close()
EOF
}

echo "hostile: inputs that must not crash, hang or blow up (limit $LIMIT s each)"

# ---- 100 000 quote marks in one paragraph ----------------------------------
for kind in marks marks-spaced marks-curly marks-single; do
    gen "$tmp/$kind.txt" "$kind" 100000
    run "100000 quote marks: $kind" 0 scan --format jsonl "$tmp/$kind.txt"
    json_lines "$kind"
done

# ---- attribution work that was quadratic (each input about 1 MB) ----------
gen "$tmp/nested.txt" nested 20000
run "quotes nested 20000 deep" 0 scan --format jsonl "$tmp/nested.txt"
json_lines nested
for spec in unattributed:20000 scare:20000 participles:20000 names:20000 claims:10000 titles:20000 \
    late-partials:80000 paras:20000; do
    kind=${spec%%:*} n=${spec#*:}
    gen "$tmp/$kind.txt" "$kind" "$n"
    run "many $kind ($n)" 0 scan --format jsonl "$tmp/$kind.txt"
    json_lines "$kind"
done
r=$(count_lines "$tmp/out")
[ "$r" -ge 20000 ] && ok || fail "paras: $r quotes, expected one per paragraph"

# ---- a 100 MB line -----------------------------------------------------------
gen "$tmp/long.txt" long-line "$BIG_MB"
PREFIX=""
[ -x /usr/bin/time ] && PREFIX="/usr/bin/time -f %M -o $tmp/rss"
run "a $BIG_MB MB line" 0 scan --format jsonl "$tmp/long.txt"
PREFIX=""
[ -s "$tmp/rss" ] && echo "  (peak memory of the $BIG_MB MB line: $(($(tail -n 1 "$tmp/rss") / 1024)) MB)"
json_lines long-line
r=$(count_lines "$tmp/out")
[ "$r" -ge $((BIG_MB * 15)) ] && ok || fail "long line: only $r quotes"
expect_grep '"text":"This quote sits in the middle of a very long line,"' "$tmp/out" "long line quotes"
rm -f "$tmp/long.txt"

# ---- not text, empty, blank ------------------------------------------------
gen "$tmp/random.bin" binary 1
run "1 MB of random bytes" 0 scan --format jsonl "$tmp/random.bin"
expect_grep "invalid UTF-8 bytes replaced by U+FFFD" "$tmp/err" "binary file warning"
json_lines binary
run "a program (the binary itself)" 0 scan --format jsonl "$bin"
json_lines program
: > "$tmp/empty.txt"
run "empty file" 0 scan --format jsonl "$tmp/empty.txt"
[ ! -s "$tmp/out" ] && ok || fail "empty file gave output"
gen "$tmp/blank.txt" newlines 1
run "1 MB of blank lines" 0 scan --format jsonl "$tmp/blank.txt"
[ ! -s "$tmp/out" ] && ok || fail "blank file gave output"
printf '\357\273\277' > "$tmp/bom.txt"
run "only a byte-order mark" 0 scan --format jsonl "$tmp/bom.txt"
# Ingest refuses texts with nothing in them (exit 3, each named) and stores
# the rest: two empty inputs are not articles, nor "copies" of each other.
printf '{"id":"empty","text":""}\n{"id":"blank","text":" \\n\\t "}\n{"id":"real","text":"Kim said \\"the talks go on\\" today."}\n' \
    > "$tmp/blank.jsonl"
run "ingest an empty file, blank JSON texts and a real one" 3 --db "$tmp/empty.db" ingest \
    "$tmp/empty.txt" "$tmp/blank.txt" "$tmp/blank.jsonl"
expect_grep "empty.txt: no text (empty or blank); not stored" "$tmp/err" "empty file refused"
expect_grep "blank.jsonl:2: no text (empty or blank); not stored" "$tmp/err" "blank JSON text refused"
expect_grep "ingested 1 article: 1 new" "$tmp/out" "the real article stored"
expect_grep "; 4 inputs skipped" "$tmp/out" "the summary counts the refused inputs"
run "articles after the empty inputs" 0 --db "$tmp/empty.db" articles --format jsonl
r=$(count_lines "$tmp/out")
[ "$r" = 1 ] && ok || fail "empty inputs stored: $r articles"

# ---- JSON Lines ----------------------------------------------------------
gen "$tmp/big.jsonl" json-big "$JSON_MB"
run "a JSON line with a $JSON_MB MB string" 0 scan --input jsonl --format jsonl "$tmp/big.jsonl"
json_lines json-big
expect_grep '"doc":"after"' "$tmp/out" "the line after the big one"
r=$(grep -c '"doc":"big"' "$tmp/out")
[ "$r" -ge $((JSON_MB * 15)) ] && ok || fail "json-big: only $r quotes"
rm -f "$tmp/big.jsonl"
gen "$tmp/deep.jsonl" json-deep 100000
run "JSON nested 100000 deep" 3 scan --input jsonl --format jsonl "$tmp/deep.jsonl"
expect_grep "deep.jsonl:1: invalid JSON (nesting too deep)" "$tmp/err" "deep JSON message"
expect_grep '"doc":"b"' "$tmp/out" "the line after deep JSON"
gen "$tmp/garbage.jsonl" json-garbage 20
run "a 20 MB line that is not JSON" 3 scan --input jsonl --format jsonl "$tmp/garbage.jsonl"
expect_grep "garbage.jsonl:1: invalid JSON" "$tmp/err" "garbage JSON message"
expect_grep '"doc":"b"' "$tmp/out" "the line after garbage"

# ---- HTML --------------------------------------------------------------------
db=$tmp/html.db
page=$root/tests/cli/inputs/script-in-quote.html
run "HTML: script inside quotes, unclosed tags" 0 --db "$db" ingest "$page"
run "HTML: show the extracted text" 0 --db "$db" show "$page" --format table
expect_grep "“[Q1>The talks will continue next week,<Q1]” Blinken said." "$tmp/out" "script inside a quote is dropped"
expect_grep "Austin said that the troops are ready to move" "$tmp/out" "unclosed inline tags keep their text"
expect_grep "outlet:    Example & Co" "$tmp/out" "entities in metadata"
for bad in alert Injected Navigation Footer "comment quote" "color:red" "<b>" "<script"; do
    expect_no_grep "$bad" "$tmp/out" "HTML extraction"
done
gen "$tmp/deep.html" html-deep 200000
# libxml2 stops reading at 256 levels: the reader says so, and a page with
# no text before that point is refused rather than stored empty.
run "HTML nested 200000 deep" 3 --db "$db" ingest "$tmp/deep.html"
expect_grep "deep.html: elements nested deeper than the HTML parser's limit (256) at line 1" \
    "$tmp/err" "deep HTML warning"
expect_grep "deep.html: no text (empty or blank); not stored" "$tmp/err" "deep HTML refused"
{ printf '<html><body><p>\342\200\234Before the deep part,\342\200\235 Blinken said.</p>\n'
  i=0; while [ $i -lt 300 ]; do printf '<div>'; i=$((i + 1)); done
  printf '<p>Deep</p></body></html>\n'; } > "$tmp/deep-after.html"
run "HTML with text before 300 nested levels" 0 --db "$db" ingest "$tmp/deep-after.html"
expect_grep "deep-after.html: elements nested deeper than the HTML parser's limit (256) at line 2: the page was read only up to there" \
    "$tmp/err" "deep HTML warning names the line"
run "HTML: the text before the deep part is stored" 0 --db "$db" show "$tmp/deep-after.html" --format table
expect_grep "Before the deep part," "$tmp/out" "text before the deep part"
gen "$tmp/unclosed.html" html-unclosed 100000
run "HTML with 300000 unclosed tags" 0 --db "$db" ingest "$tmp/unclosed.html"
run "HTML: the unclosed page is stored" 0 --db "$db" show "$tmp/unclosed.html" --format table
expect_grep "Before the tags," "$tmp/out" "unclosed tags: text before them"
r=$(sqlite3 -batch "$db" "PRAGMA integrity_check;")
[ "$r" = ok ] && ok || fail "HTML database: $r"

# ---- SQL and FTS5 syntax is text ---------------------------------------------
db=$tmp/sql.db
run "ingest the seeds" 0 --db "$db" ingest "$root"/fixtures/seeds/*.txt
tables_before=$(sqlite3 -batch "$db" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master ORDER BY name);")
quotes_before=$(sqlite3 -batch "$db" "SELECT count(*) FROM quotes;")
drop="'; DROP TABLE quotes; --"
echo "  (SQL and FTS5 syntax as speaker names, outlets, articles and search terms)"
QUIET_RUN=1
for who in "$drop" "Blinken' OR '1'='1" '%' '_' 'Blink%' '"' '*' 'NEAR(' '\' ')' 'Blinken"; DELETE FROM speakers; --'; do
    run "who [$who]" 5 --db "$db" who --format jsonl -- "$who"
    expect_grep "no speaker called '$who'" "$tmp/err" "who [$who] message"
    run "speakers [$who]" 0 --db "$db" speakers "$who" --format jsonl
    [ ! -s "$tmp/out" ] && ok || fail "speakers [$who] matched something"
    run "show [$who]" 5 --db "$db" show "$who"
    run "articles --outlet [$who]" 0 --db "$db" articles --outlet "$who" --format jsonl
    [ ! -s "$tmp/out" ] && ok || fail "articles --outlet [$who] matched something"
    run "conflicts --speaker [$who]" 5 --db "$db" conflicts --speaker "$who" --format jsonl
    run "search --speaker [$who]" 5 --db "$db" search Putin --speaker "$who" --format jsonl
    run "conflicts --outlet [$who]" 0 --db "$db" conflicts --outlet "$who" --format jsonl
    [ ! -s "$tmp/out" ] && ok || fail "conflicts --outlet [$who] matched something"
    run "reuse --outlet [$who]" 0 --db "$db" reuse --outlet "$who" --source-outlet "$who" --format jsonl
    [ ! -s "$tmp/out" ] && ok || fail "reuse --outlet [$who] matched something"
    run "reuse --by-outlet --derived-outlet [$who]" 0 --db "$db" reuse --by-outlet --derived-outlet "$who" --format csv
    [ "$(wc -l < "$tmp/out")" = 1 ] && ok || fail "reuse --by-outlet [$who] matched something"
done
# FTS5 query syntax: treated as words, or refused with a message (exit 2).
for text in "$drop" '"' 'NEAR(' 'NEAR(troops korean, 5)' 'troops*' '"north korean' '(troops' 'troops)' \
    '((((' 'a:b OR (c' 'troops NOT korean' '-troops' '+troops' '^troops' 'col:troops' "'" '""' '*' '**' \
    'AND' 'OR OR' '{troops}' 'troops AND' '\'; do
    inputs=$((inputs + 1))
    $TO "$bin" --db "$db" search --format jsonl -- "$text" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ "$rc" = 0 ]; then
        json_lines "search [$text]"
    elif [ "$rc" = 2 ] && grep -q "nothing to search for" "$tmp/err"; then
        ok
    else
        fail "search [$text]: exit $rc"
        sed 's/^/    | /' "$tmp/err" >&2
    fi
done
$TO "$bin" --db "$db" search --format jsonl -- '(troops' > "$tmp/out" 2>&1
expect_grep '"text":' "$tmp/out" "a bracket is a separator: troops still found"
$TO "$bin" --db "$db" search --format jsonl -- "troops'; DROP TABLE quotes; --" > "$tmp/out" 2>&1
[ ! -s "$tmp/out" ] && ok || fail "SQL words in a search matched quotes without them"
QUIET_RUN=""
# Curation with hostile names: stored as given, found as given.
run "speaker rename to SQL" 0 --db "$db" speaker rename "Lloyd Austin" "$drop"
run "who the renamed speaker" 0 --db "$db" who "$drop" --format jsonl
expect_grep "\"speaker\":\"$drop\"" "$tmp/out" "renamed speaker keeps the name as text"
run "speaker alias add FTS syntax" 0 --db "$db" speaker alias add "$drop" 'NEAR("x" *'
run "who by the FTS alias" 0 --db "$db" who 'NEAR("x" *' --format jsonl
expect_grep "\"speaker\":\"$drop\"" "$tmp/out" "alias with FTS syntax"
run "speaker merge unknown" 5 --db "$db" speaker merge "$drop" '%'
expect_grep "no speaker called '%'" "$tmp/err" "merge with a wildcard name"
run "speaker merge hostile" 0 --db "$db" speaker merge "Antony Blinken" "$drop"
run "speaker split with hostile --as" 0 --db "$db" speaker split "Antony Blinken" \
    --article "$root/fixtures/seeds/003_274c51c25673f51c.txt" --as "x' OR 1=1; --"
run "who the split speaker" 0 --db "$db" who "x' OR 1=1; --" --format jsonl
expect_grep "\"speaker\":\"x' OR 1=1; --\"" "$tmp/out" "split speaker name as text"
# Metadata from the command line and from articles.
cp "$root/fixtures/seeds/000_eb6442cd20dd2195.txt" "$tmp/meta.txt"
run "ingest with SQL in metadata" 0 --db "$db" ingest --outlet "$drop" --title "x'); DROP TABLE articles; --" \
    --url "https://e.x/?q=';--" "$tmp/meta.txt"
run "articles by the hostile outlet" 0 --db "$db" articles --outlet "$drop" --format jsonl
expect_grep "\"title\":\"x'); DROP TABLE articles; --\"" "$tmp/out" "hostile title stored as text"
tables_after=$(sqlite3 -batch "$db" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master ORDER BY name);")
[ "$tables_after" = "$tables_before" ] && ok || fail "the schema changed: $tables_after"
quotes_after=$(sqlite3 -batch "$db" "SELECT count(*) FROM quotes;")
[ "$quotes_after" -ge "$quotes_before" ] && ok || fail "quotes went from $quotes_before to $quotes_after"
r=$(sqlite3 -batch "$db" "PRAGMA integrity_check;")
[ "$r" = ok ] && ok || fail "integrity_check: $r"
r=$(sqlite3 -batch "$db" "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1); SELECT 'fts ok';" 2>&1)
[ "$r" = "fts ok" ] && ok || fail "FTS index: $r"
# A partial looked up alone is not its own fragment (lookup.c regression).
run "who Kim (a partial inside a claim)" 0 --db "$db" who "Ambassador Kim" --format jsonl
r=$(grep '"kind":"partial"' "$tmp/out" | grep -c '"partials"')
[ "$r" = 0 ] && ok || fail "a partial was printed with itself as its fragment"

echo "hostile: $inputs hostile inputs and queries, $pass checks passed, $fails failed"
[ "$fails" = 0 ]
