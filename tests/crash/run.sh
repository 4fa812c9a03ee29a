#!/bin/sh
# run.sh BINARY [CORPUS.jsonl] - crash safety and concurrency of the store
# (make crash-test, run by .ci/run; README "Reliability").
#
#  1. kill -9 (CRASH_TRIALS, default 50) at random moments of an ingest.
#     Before each kill a separate reader lists what is committed (what the
#     store reports as stored to anyone looking); after it, PRAGMA
#     integrity_check and the FTS5 index check pass, every listed article is
#     still there exactly once with the same text hash and all its quotes,
#     nothing is stored twice.  Every fifth trial a rerun must complete the
#     corpus: the same articles, texts and quotes as an uninterrupted ingest.
#  2. 2 and 4 ingests at once into one database, with look-ups (who, search,
#     speakers, articles) running in a loop meanwhile: all succeed, the
#     database equals the reference; 4 ingests of the same file at once
#     store it once.  With a 1 ms busy timeout each writer either succeeds or
#     fails with the "locked" message (exit 4) within a bounded time.
#  3. Disk full (a tmpfs half the size the corpus needs; needs root and mount, skipped with a message
#     otherwise): ingest fails with "the disk is full" (exit 4), the database
#     passes integrity_check and keeps what was committed; with space again
#     a rerun completes it.  A read-only mount: ingest exits 4 with
#     "read-only", look-ups still work.
# CORPUS defaults to a generated one (1500 articles from fixtures/seeds).
set -u
if [ $# -lt 1 ]; then
    echo "usage: sh tests/crash/run.sh BINARY [CORPUS.jsonl]" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-crash.XXXXXX") || exit 2
mounted=""
cleanup() {
    for m in $mounted; do umount "$m" 2> /dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
TRIALS=${CRASH_TRIALS:-50}
# comm and the SQL ORDER BY must agree on the order: bytes.
LC_ALL=C
export LC_ALL
pass=0
fails=0
ok() { pass=$((pass + 1)); }
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}
q() { sqlite3 -batch "$@"; }

corpus=${2:-}
if [ -z "$corpus" ] || [ ! -f "$corpus" ]; then
    corpus=$tmp/corpus.jsonl
    python3 - "$root/fixtures/seeds" 1500 > "$corpus" <<'EOF'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
seeds = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d)) if f.endswith(".txt")]
for i in range(n):
    print(json.dumps({"id": "gen-%05d" % i, "text": seeds[i % len(seeds)] + "\n(copy %d)" % i,
                      "outlet": "Outlet %d" % (i % 7), "published": "2024-11-%02d" % (1 + i % 28)}))
EOF
fi
echo "crash: corpus $corpus ($(wc -l < "$corpus" | tr -d ' ') lines)"

# One line per stored article: doc, text hash, number of quotes of its text.
signature() {
    q "$1" "SELECT a.doc || '|' || t.hash || '|' || (SELECT count(*) FROM quotes q WHERE q.text_id = a.text_id)
            FROM articles a JOIN texts t ON t.text_id = a.text_id ORDER BY a.doc;" 2> /dev/null
}
has_schema() { [ "$(q "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'articles';" 2> /dev/null)" = 1 ]; }

# check_db DB WHAT: integrity, FTS index, nothing stored twice, every article
# complete (same hash and quote count as the reference).
check_db() {
    if ! has_schema "$1"; then
        # Killed before the schema's transaction committed: an empty file.
        [ "$(q "$1" "SELECT count(*) FROM sqlite_master;")" = 0 ] && ok || fail "$2: a partial schema"
        return
    fi
    r=$(q "$1" "PRAGMA integrity_check;")
    [ "$r" = ok ] && ok || fail "$2: integrity_check says: $r"
    r=$(q "$1" "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1); SELECT 'ok';" 2>&1)
    [ "$r" = ok ] && ok || fail "$2: FTS index: $r"
    r=$(q "$1" "SELECT count(*) FROM (SELECT doc FROM articles GROUP BY doc HAVING count(*) > 1);")
    [ "$r" = 0 ] && ok || fail "$2: $r documents stored twice"
    r=$(q "$1" "SELECT count(*) FROM (SELECT hash FROM texts GROUP BY hash HAVING count(*) > 1);")
    [ "$r" = 0 ] && ok || fail "$2: $r texts stored twice"
    signature "$1" > "$tmp/sig"
    r=$(comm -23 "$tmp/sig" "$tmp/ref.sig" | head -n 3)
    [ -z "$r" ] && ok || fail "$2: articles differ from the reference (incomplete or wrong): $r"
}

# ---- the reference: one uninterrupted ingest ------------------------------
start=$(date +%s.%N)
"$bin" --quiet --db "$tmp/ref.db" ingest "$corpus" > "$tmp/out" 2>&1
rc=$?
ref_time=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || fail "reference ingest: exit $rc"
signature "$tmp/ref.db" > "$tmp/ref.sig"
ref_articles=$(wc -l < "$tmp/ref.sig" | tr -d ' ')
ref_quotes=$(q "$tmp/ref.db" "SELECT count(*) FROM quotes;")
echo "crash: reference ingest: $ref_articles articles, $ref_quotes quotes in ${ref_time} s"

# ---- 1. kill -9 at random moments ---------------------------------------
# Five trials per database, each resuming the last one's work; the delay is
# drawn (reproducibly) over the time the work left should take, so most
# kills land mid-ingest: in the schema, in a batch, in a commit.
trial=0
killed_mid=0
db=""
while [ "$trial" -lt "$TRIALS" ]; do
    if [ $((trial % 5)) = 0 ]; then
        db=$tmp/killed-$trial.db
    fi
    stored=0
    has_schema "$db" && stored=$(q "$db" "SELECT count(*) FROM articles;")
    delay=$(awk -v seed="$trial" -v t="$ref_time" -v done_="$stored" -v all="$ref_articles" \
        'BEGIN { srand(seed + 1); left = t * (1 - done_ / all); if (left < 0.1) left = 0.1;
                 printf "%.3f", rand() * left * 1.1 }')
    trial=$((trial + 1))
    "$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/kill.out" 2>&1 &
    pid=$!
    sleep "$delay"
    # What a reader sees as committed just before the kill.
    : > "$tmp/before"
    has_schema "$db" && q "$db" "SELECT doc FROM articles ORDER BY doc;" > "$tmp/before" 2> /dev/null
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    # 137 = killed by SIGKILL; 0 = it had finished before the kill.
    [ $? = 137 ] && killed_mid=$((killed_mid + 1))
    [ -f "$db" ] || continue
    check_db "$db" "trial $trial (kill after ${delay}s)"
    if [ -s "$tmp/before" ]; then
        q "$db" "SELECT doc FROM articles ORDER BY doc;" > "$tmp/after"
        r=$(comm -23 "$tmp/before" "$tmp/after" | head -n 3)
        [ -z "$r" ] && ok || fail "trial $trial: committed articles lost after kill -9: $r"
    fi
    if [ $((trial % 5)) = 0 ]; then
        "$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
        rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || fail "trial $trial: rerun exit $rc: $(head -n 2 "$tmp/out")"
        signature "$db" > "$tmp/sig"
        cmp -s "$tmp/sig" "$tmp/ref.sig" && ok || fail "trial $trial: the rerun did not complete the corpus ($(wc -l < "$tmp/sig") of $ref_articles articles)"
        r=$(q "$db" "SELECT count(*) FROM quotes;")
        [ "$r" = "$ref_quotes" ] && ok || fail "trial $trial: $r quotes after the rerun, expected $ref_quotes"
        rm -f "$db" "$db-wal" "$db-shm"
    fi
done
echo "crash: $trial kill -9 trials ($killed_mid killed mid-ingest), each checked; a rerun completed the corpus every 5"

# ---- 2. concurrent ingests and look-ups ---------------------------------
: > "$tmp/empty.jsonl"
python3 - "$corpus" "$tmp" <<'EOF'
import sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for k in (2, 4):
    for i in range(k):
        open("%s/part-%d-%d.jsonl" % (sys.argv[2], k, i), "w", encoding="utf-8").writelines(lines[i::k])
EOF
lookups() { # DB STOPFILE: look-ups in a loop until STOPFILE exists; bad exits to $tmp/lookup.bad
    n=0
    while [ ! -f "$2" ]; do
        for cmd in "who Blinken" "search troops" "speakers" "articles --limit 5"; do
            # shellcheck disable=SC2086
            "$bin" --db "$1" $cmd --format jsonl > /dev/null 2> "$tmp/lookup.err"
            rc=$?
            n=$((n + 1))
            case $rc in
                0 | 5) ;;
                4) grep -q "locked" "$tmp/lookup.err" || echo "$cmd: exit 4: $(cat "$tmp/lookup.err")" >> "$tmp/lookup.bad" ;;
                *) echo "$cmd: exit $rc: $(cat "$tmp/lookup.err")" >> "$tmp/lookup.bad" ;;
            esac
        done
    done
    echo "$n" > "$tmp/lookup.count"
}
for k in 2 4; do
    db=$tmp/concurrent-$k.db
    # The database exists first (an empty ingest), so look-ups have
    # something to open.
    "$bin" --quiet --db "$db" ingest "$tmp/empty.jsonl" > /dev/null 2>&1
    rm -f "$tmp/stop" "$tmp/lookup.bad"
    lookups "$db" "$tmp/stop" &
    lpid=$!
    pids=""
    i=0
    while [ $i -lt $k ]; do
        "$bin" --quiet --db "$db" ingest "$tmp/part-$k-$i.jsonl" > "$tmp/w$i.out" 2>&1 &
        pids="$pids $!"
        i=$((i + 1))
    done
    i=0
    for p in $pids; do
        wait "$p"
        rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || fail "$k writers: writer $i exit $rc: $(head -n 2 "$tmp/w$i.out")"
        i=$((i + 1))
    done
    touch "$tmp/stop"
    wait "$lpid"
    [ ! -s "$tmp/lookup.bad" ] && ok || fail "$k writers: look-ups failed: $(head -n 3 "$tmp/lookup.bad")"
    check_db "$db" "$k concurrent writers"
    signature "$db" > "$tmp/sig"
    cmp -s "$tmp/sig" "$tmp/ref.sig" && ok || fail "$k writers: the database differs from the reference"
    echo "crash: $k concurrent writers and $(cat "$tmp/lookup.count") look-ups meanwhile: done"
done
# Four ingests of the same file at once: each article stored once.
db=$tmp/same.db
"$bin" --quiet --db "$db" ingest "$tmp/empty.jsonl" > /dev/null 2>&1
pids=""
for i in 0 1 2 3; do
    "$bin" --quiet --db "$db" ingest "$tmp/part-2-0.jsonl" > "$tmp/s$i.out" 2>&1 &
    pids="$pids $!"
done
for p in $pids; do
    wait "$p"
    rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || fail "4 writers of one file: exit $rc"
done
check_db "$db" "4 writers of one file"
r=$(q "$db" "SELECT count(*) FROM articles;")
want=$(grep -c . "$tmp/part-2-0.jsonl")
[ "$r" = "$want" ] && ok || fail "4 writers of one file: $r articles, expected $want"
# A 1 ms busy timeout: a writer that cannot get the lock says so, in time.
db=$tmp/busy.db
"$bin" --quiet --db "$db" ingest "$tmp/empty.jsonl" > /dev/null 2>&1
pids=""
for i in 0 1 2 3; do
    QUOTETRACK_BUSY_MS=1 "$bin" --quiet --db "$db" ingest "$tmp/part-4-$i.jsonl" > "$tmp/b$i.out" 2>&1 &
    pids="$pids $!"
done
start=$(date +%s)
busy=0
i=0
for p in $pids; do
    wait "$p"
    rc=$?
    if [ "$rc" = 4 ] && grep -q "locked" "$tmp/b$i.out"; then
        busy=$((busy + 1))
        ok
    elif [ "$rc" = 0 ] || [ "$rc" = 3 ]; then
        ok
    else
        fail "busy timeout 1 ms: writer $i exit $rc: $(head -n 2 "$tmp/b$i.out")"
    fi
    i=$((i + 1))
done
took=$(($(date +%s) - start))
[ "$took" -le 60 ] && ok || fail "busy timeout 1 ms: the writers took $took s"
check_db "$db" "writers with a 1 ms busy timeout"
echo "crash: 4 writers with a 1 ms busy timeout: $busy gave the locked message (exit 4), the others finished"
if [ "$busy" -gt 0 ]; then
    # What the locked writers did not store, a rerun adds.
    for i in 0 1 2 3; do
        "$bin" --quiet --db "$db" ingest "$tmp/part-4-$i.jsonl" > /dev/null 2>&1 || fail "rerun after busy: part $i"
    done
fi
signature "$db" > "$tmp/sig"
cmp -s "$tmp/sig" "$tmp/ref.sig" && ok || fail "after the busy writers and a rerun: the database differs from the reference"

# ---- 3. disk full and a read-only mount -----------------------------------
mnt=$tmp/mnt
mkdir -p "$mnt"
# The disk holds half of what the whole corpus needs (3 MB at least), so the
# ingest commits some batches before it runs out of space: what is checked
# is that those stay intact, not merely that an empty database does.
ref_kb=$(( $(wc -c < "$tmp/ref.db") / 1024 ))
full_kb=$(( ref_kb / 2 > 3072 ? ref_kb / 2 : 3072 ))
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=${full_kb}k tmpfs "$mnt" 2> /dev/null; then
    mounted="$mnt"
    db=$mnt/full.db
    "$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
    rc=$?
    [ "$rc" = 4 ] && ok || fail "disk full: exit $rc, expected 4"
    grep -q "the disk is full" "$tmp/out" && ok || fail "disk full: message: $(cat "$tmp/out")"
    check_db "$db" "disk full"
    stored=$(q "$db" "SELECT count(*) FROM articles;")
    [ "$stored" -gt 0 ] && ok || fail "disk full: no batch was committed on a $full_kb KB disk (the test proves nothing)"
    # Another ingest into the full disk changes nothing.
    "$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
    rc=$?
    [ "$rc" = 4 ] && ok || fail "disk still full: exit $rc, expected 4"
    check_db "$db" "disk still full"
    r=$(q "$db" "SELECT count(*) FROM articles;")
    [ "$r" -ge "$stored" ] && ok || fail "disk still full: articles went from $stored to $r"
    "$bin" --db "$db" articles --limit 1 --format jsonl > "$tmp/out" 2>&1
    [ $? = 0 ] && ok || fail "look-up on the full disk: $(cat "$tmp/out")"
    echo "crash: disk full ($full_kb KB tmpfs): exit 4 with 'the disk is full', $stored articles committed and intact"
    # With space again, a rerun completes the corpus.
    if mount -o remount,size=256m "$mnt" 2> /dev/null; then
        "$bin" --quiet --db "$db" ingest "$corpus" > "$tmp/out" 2>&1
        rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || fail "after freeing space: exit $rc"
        signature "$db" > "$tmp/sig"
        cmp -s "$tmp/sig" "$tmp/ref.sig" && ok || fail "after freeing space: the database differs from the reference"
        # Read-only mount: ingest refuses, look-ups work.
        if mount -o remount,ro "$mnt" 2> /dev/null; then
            "$bin" --db "$db" ingest "$root/fixtures/seeds/002_457032d09a867f08.txt" > "$tmp/out" 2>&1
            rc=$?
            [ "$rc" = 4 ] && ok || fail "read-only mount: ingest exit $rc, expected 4"
            grep -q "read-only" "$tmp/out" && ok || fail "read-only mount: message: $(cat "$tmp/out")"
            "$bin" --db "$db" search troops --limit 3 --format jsonl > "$tmp/out" 2>&1
            [ $? = 0 ] && grep -q '"text"' "$tmp/out" && ok || fail "read-only mount: search: $(head -n 2 "$tmp/out")"
            mount -o remount,rw "$mnt" 2> /dev/null
            check_db "$db" "after the read-only mount"
            echo "crash: read-only mount: ingest refused (exit 4), look-ups answered"
        else
            echo "crash: skipped the read-only mount (remount,ro failed)"
        fi
    else
        echo "crash: skipped the rerun after disk full (remount failed)"
    fi
    umount "$mnt" && mounted=""
else
    echo "crash: skipped disk full and read-only mount: needs root and a tmpfs mount (run as root, outside a restricted container)"
fi

echo "crash tests: $pass passed, $fails failed"
[ "$fails" = 0 ]
