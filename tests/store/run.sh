#!/bin/sh
# run.sh BINARY - reliability of the SQLite store (part of make check):
#   * kill -9 at random moments of an ingest, then PRAGMA integrity_check and
#     no duplicates; running the same ingest again completes it;
#   * two ingests into one database at once both succeed;
#   * a locked database, a read-only file, a missing directory and a
#     database from a newer schema each give exit 4 and a clear message;
#   * re-ingest, revisions, copies, hostile search input, curation from the CLI.
# Needs the sqlite3 and python3 commands (tools/deps.sh installs them).
set -u
if [ $# -ne 1 ]; then
    echo "usage: sh tests/store/run.sh BINARY" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-store.XXXXXX")
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
pass=0

ok() { pass=$((pass + 1)); }
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}
# expect_rc WANT GOT WHAT
expect_rc() {
    if [ "$1" = "$2" ]; then ok; else fail "$3: exit $2, expected $1"; fi
}
# expect_grep PATTERN FILE WHAT
expect_grep() {
    if grep -q -- "$1" "$2"; then ok; else
        fail "$3: '$1' not in output:"
        sed 's/^/    /' "$2" >&2
    fi
}
q() { sqlite3 -batch "$@"; }
check_db() { # DB WHAT: integrity and no duplicate articles or quotes
    # Killed before the schema's transaction committed: an empty database,
    # which is intact (the next ingest creates the schema).
    if [ "$(q "$1" "SELECT count(*) FROM sqlite_master;")" = 0 ]; then
        ok
        return
    fi
    r=$(q "$1" "PRAGMA integrity_check;")
    [ "$r" = ok ] && ok || fail "$2: integrity_check says: $r"
    # Killed before the schema transaction committed: an empty database is
    # the consistent outcome (the next run creates the schema).
    r=$(q "$1" "SELECT count(*) FROM sqlite_schema WHERE name = 'articles';")
    if [ "$r" = 0 ]; then
        r=$(q "$1" "SELECT count(*) FROM sqlite_schema;")
        [ "$r" = 0 ] && ok || fail "$2: a partial schema ($r objects, no articles table)"
        return
    fi
    r=$(q "$1" "SELECT count(*) FROM (SELECT doc FROM articles WHERE is_current GROUP BY doc HAVING count(*) > 1);")
    [ "$r" = 0 ] && ok || fail "$2: $r documents stored twice"
    r=$(q "$1" "SELECT count(*) FROM (SELECT hash FROM texts GROUP BY hash HAVING count(*) > 1);")
    [ "$r" = 0 ] && ok || fail "$2: $r texts stored twice"
    r=$(q "$1" "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1); SELECT 'fts ok';" 2>&1)
    [ "$r" = "fts ok" ] && ok || fail "$2: FTS index: $r"
}

# A corpus of N distinct articles built from the seed fixtures.
N=${STORE_TEST_ARTICLES:-1500}
corpus=$tmp/corpus.jsonl
python3 - "$root/fixtures/seeds" "$N" > "$corpus" <<'EOF'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
seeds = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d)) if f.endswith(".txt")]
for i in range(n):
    print(json.dumps({"id": "gen-%05d" % i, "text": seeds[i % len(seeds)] + "\n(copy %d)" % i,
                      "outlet": "Outlet %d" % (i % 7), "published": "2024-11-%02d" % (1 + i % 28)}))
EOF

# Reference: one uninterrupted ingest.
"$bin" --quiet --db "$tmp/ref.db" ingest "$corpus" > "$tmp/out" 2>&1
expect_rc 0 $? "reference ingest"
ref_quotes=$(q "$tmp/ref.db" "SELECT count(*) FROM quotes;")
ref_articles=$(q "$tmp/ref.db" "SELECT count(*) FROM articles;")
[ "$ref_articles" = "$N" ] && ok || fail "reference ingest stored $ref_articles of $N articles"

# kill -9 at random moments, check, resume; repeat.
db=$tmp/killed.db
for delay in 0.05 0.3 0.1 0.6 0.2 0.45 0.02 0.8; do
    "$bin" --quiet --db "$db" ingest "$corpus" > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ -f "$db" ] && check_db "$db" "after kill -9 at ${delay}s"
done
"$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
expect_rc 0 $? "ingest after the kills"
check_db "$db" "completed after kills"
r=$(q "$db" "SELECT count(*) FROM articles;")
[ "$r" = "$N" ] && ok || fail "after kills: $r articles, expected $N"
r=$(q "$db" "SELECT count(*) FROM quotes;")
[ "$r" = "$ref_quotes" ] && ok || fail "after kills: $r quotes, expected $ref_quotes"
"$bin" --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
expect_grep "0 new, $N unchanged, 0 revised, 0 copies" "$tmp/out" "re-ingest changes nothing"

# Two ingests at once into one database.
python3 - "$corpus" "$tmp/a.jsonl" "$tmp/b.jsonl" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
open(sys.argv[2], "w").writelines(lines[0::2])
open(sys.argv[3], "w").writelines(lines[1::2])
EOF
db=$tmp/two.db
"$bin" --quiet --db "$db" ingest "$tmp/a.jsonl" > "$tmp/outa" 2>&1 &
pa=$!
"$bin" --quiet --db "$db" ingest "$tmp/b.jsonl" > "$tmp/outb" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
expect_rc 0 "$ra" "first of two concurrent ingests"
expect_rc 0 "$rb" "second of two concurrent ingests"
check_db "$db" "two concurrent ingests"
r=$(q "$db" "SELECT count(*) FROM articles;")
[ "$r" = "$N" ] && ok || fail "concurrent: $r articles, expected $N"
r=$(q "$db" "SELECT count(*) FROM quotes;")
[ "$r" = "$ref_quotes" ] && ok || fail "concurrent: $r quotes, expected $ref_quotes"

# A database locked by another writer past the busy timeout.
seed=$root/fixtures/seeds/000_eb6442cd20dd2195.txt
db=$tmp/locked.db
"$bin" --quiet --db "$db" ingest "$root/fixtures/seeds/001_293c7af737423495.txt" > /dev/null 2>&1
(echo "BEGIN IMMEDIATE; INSERT INTO curation(op, a, a_key, created_at) VALUES ('x','x','x','x');"; sleep 3; echo "ROLLBACK;") | sqlite3 "$db" &
lock=$!
sleep 0.5
QUOTETRACK_BUSY_MS=300 "$bin" --db "$db" ingest "$seed" > "$tmp/out" 2>&1
expect_rc 4 $? "ingest into a locked database"
expect_grep "locked" "$tmp/out" "locked database message"
wait $lock
"$bin" --quiet --db "$db" ingest "$seed" > /dev/null 2>&1
expect_rc 0 $? "ingest once the lock is gone"

# A missing directory.
"$bin" --db "$tmp/no/such/dir/x.db" ingest "$seed" > "$tmp/out" 2>&1
expect_rc 4 $? "missing directory"
expect_grep "does not exist" "$tmp/out" "missing directory message"
"$bin" --db "$tmp/none.db" who Blinken > "$tmp/out" 2>&1
expect_rc 4 $? "look-up without a database"
expect_grep "run 'quotetrack ingest' first" "$tmp/out" "no database message"
[ ! -e "$tmp/none.db" ] && ok || fail "a look-up created a database"

# A read-only database file (checked as an unprivileged user when run as root).
db=$tmp/ro.db
"$bin" --quiet --db "$db" ingest "$seed" > /dev/null 2>&1
chmod 444 "$db"
as_user=""
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv > /dev/null 2>&1; then
        as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; then
    $as_user "$bin" --db "$db" ingest "$root/fixtures/seeds/002_457032d09a867f08.txt" > "$tmp/out" 2>&1
    expect_rc 4 $? "read-only database"
    expect_grep "read-only" "$tmp/out" "read-only message"
    $as_user "$bin" --db "$db" who Blinken --format jsonl > "$tmp/out" 2>&1
    expect_rc 0 $? "look-up in a read-only database"
else
    echo "store: skipped the read-only check (root without setpriv)"
fi
chmod 644 "$db"

# A database written by a newer quotetrack.
db=$tmp/newer.db
"$bin" --quiet --db "$db" ingest "$seed" > /dev/null 2>&1
q "$db" "PRAGMA user_version = 99;"
"$bin" --db "$db" ingest "$seed" > "$tmp/out" 2>&1
expect_rc 4 $? "newer schema"
expect_grep "newer quotetrack" "$tmp/out" "newer schema message"
r=$(q "$db" "PRAGMA user_version;")
[ "$r" = 99 ] && ok || fail "newer schema: user_version changed to $r"

# Revisions, copies, look-ups and hostile search input through the CLI.
db=$tmp/cli.db
cp "$seed" "$tmp/art.txt"
"$bin" --db "$db" ingest --outlet "Outlet A" --published "Nov 1, 2024" "$tmp/art.txt" > "$tmp/out" 2>&1
expect_grep "1 new" "$tmp/out" "first ingest"
cp "$tmp/art.txt" "$tmp/copy.txt"
"$bin" --db "$db" ingest --outlet "Outlet B" "$tmp/copy.txt" > "$tmp/out" 2>&1
expect_grep "1 copy" "$tmp/out" "verbatim copy"
echo "An added line." >> "$tmp/art.txt"
"$bin" --db "$db" ingest --outlet "Outlet A" "$tmp/art.txt" > "$tmp/out" 2>&1
expect_grep "1 revised" "$tmp/out" "revision"
"$bin" --db "$db" articles --format jsonl --all > "$tmp/out" 2>&1
r=$(grep -c '"revision":2' "$tmp/out")
[ "$r" = 1 ] && ok || fail "articles --all: expected one revision 2"
"$bin" --db "$db" who "Blinken" --format jsonl > "$tmp/out" 2>&1
expect_rc 0 $? "who Blinken"
expect_grep '"speaker":"Antony Blinken"' "$tmp/out" "who by alias"
expect_grep '"quote_id":' "$tmp/out" "who rows carry quote_id"
"$bin" --db "$db" who "Blinken" --format csv > "$tmp/out" 2>&1
expect_grep "^quote_id,doc,published,outlet" "$tmp/out" "who csv header"
for text in "'; DROP TABLE quotes; --" '"' 'NEAR(troops' 'troops*' '"north korean' 'a:b OR (c' '*'; do
    "$bin" --db "$db" search "$text" --format jsonl > "$tmp/out" 2>&1
    rc=$?
    if [ $rc = 0 ] || [ $rc = 2 ]; then ok; else fail "search [$text]: exit $rc"; sed 's/^/    /' "$tmp/out" >&2; fi
done
check_db "$db" "after hostile searches"
"$bin" --db "$db" search "north korean troops" --format jsonl > "$tmp/out" 2>&1
expect_grep '"score":' "$tmp/out" "search results"
"$bin" --db "$db" speaker rename "Antony Blinken" "Antony J. Blinken" > "$tmp/out" 2>&1
expect_rc 0 $? "speaker rename"
"$bin" --db "$db" who "Antony Blinken" --format jsonl > "$tmp/out" 2>&1
expect_grep '"speaker":"Antony J. Blinken"' "$tmp/out" "old name finds the renamed speaker"
"$bin" --db "$db" speaker merge "Nobody" "Antony J. Blinken" > "$tmp/out" 2>&1
expect_rc 5 $? "merge with an unknown speaker"
"$bin" --db "$db" show "$tmp/art.txt" --format table > "$tmp/out" 2>&1
expect_grep "\[Q1>" "$tmp/out" "show marks quotes"
"$bin" --db "$db" show nope > "$tmp/out" 2>&1
expect_rc 5 $? "show an unknown article"

echo "store tests: $pass passed, $fails failed"
[ "$fails" = 0 ]
