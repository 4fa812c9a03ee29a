#!/bin/sh
# ingest.sh BINARY SHARED - store benchmarks (called by tests/bench/run.sh):
#   1. ingest throughput into a fresh SQLite database on
#      SHARED/corpora/bbc-2225.jsonl: MB/s of article text, DB size per
#      article, peak RSS;
#   2. with BENCH_LARGE=1, the same on a >= 1 GB corpus generated from it
#      (every copy's text changed, so every article is new and scanned;
#      built once into build/bench/);
#   3. look-up latency on a database of BENCH_QUOTES (default 1,000,000)
#      synthetic quotes built through the library (build/store-bench; the
#      database is kept in build/bench/ and reused).
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh tests/bench/ingest.sh BINARY SHARED" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$2/corpora/bbc-2225.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-ingest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$root/build/bench"
gnu_time=""
[ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1 && gnu_time=/usr/bin/time

# ingest_bench LABEL FILE: fresh database, one ingest, figures.
ingest_bench() {
    db=$tmp/bench.db
    rm -f "$db" "$db-wal" "$db-shm"
    cpu=0
    if [ -n "$gnu_time" ]; then
        "$gnu_time" -f '%e %U %S %M' -o "$tmp/time" "$bin" --quiet --db "$db" ingest "$2" > "$tmp/out"
        read -r secs user sys rss_kb < "$tmp/time"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    else
        t0=$(date +%s.%N)
        "$bin" --quiet --db "$db" ingest "$2" > "$tmp/out"
        secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
        rss_kb=0
    fi
    # "ingested N articles: ...; Q quotes, S new speakers (X MB in T s)"
    line=$(cat "$tmp/out")
    size=$(wc -c < "$db")
    echo "$line" | awk -v label="$1" -v s="$secs" -v kb="$rss_kb" -v size="$size" -v cpu="$cpu" '{
        n = $2; mb = $0; sub(/.*\(/, "", mb); sub(/ MB.*/, "", mb)
        q = $0; sub(/.*; /, "", q); sub(/ quotes.*/, "", q)
        printf "%-14s %8.1f MB text  %7d articles  %8d quotes  %7.2f s  %6.2f MB/s  DB %.1f MB (%.1f KB/article)  peak RSS %.1f MB",
               label, mb, n, q, s, mb / s, size / 1e6, size / 1024 / n, kb / 1024
        if (cpu > 0) printf "  (CPU %.2f s: %.2f MB/s)", cpu, mb / cpu
        printf "\n" }'
}

echo
echo "== ingest into SQLite (scan + store, one thread; figures are MB of article text)"
if [ -f "$corpus" ]; then
    ingest_bench "bbc-2225" "$corpus"
    if [ "${BENCH_LARGE:-0}" = 1 ]; then
        big=$root/build/bench/bbc-ingest-1g.jsonl
        if [ ! -f "$big" ]; then
            echo "   building $big (>= 1 GB; every copy's text differs) ..."
            python3 - "$corpus" "$big.part" <<'PY'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
size, n = 0, 0
with open(dst, "w", encoding="utf-8") as out:
    while size < 1_000_000_000:
        for d in rows:
            e = dict(d)
            e["id"] = "%s#%d" % (d["id"], n)
            e["text"] = "Edition %d.\n%s" % (n, d["text"])
            size += len(e["text"].encode("utf-8"))
            out.write(json.dumps(e, ensure_ascii=False) + "\n")
        n += 1
PY
            mv "$big.part" "$big"
        fi
        ingest_bench "bbc >= 1 GB" "$big"
    else
        echo "   (BENCH_LARGE=1 adds the >= 1 GB corpus; it takes several minutes)"
    fi
else
    echo "   skipped: $corpus not found"
fi

echo
quotes=${BENCH_QUOTES:-1000000}
mdb=$root/build/bench/quotes-$quotes.db
sb=$root/build/store-bench
if [ ! -x "$sb" ]; then
    echo "== look-up latency: skipped ($sb missing; run 'make bench')"
    exit 0
fi
if [ ! -f "$mdb" ]; then
    echo "== building a database of $quotes synthetic quotes (once; kept as $mdb)"
    rm -f "$mdb.part" "$mdb.part-wal" "$mdb.part-shm"
    "$sb" build "$mdb.part" "$quotes"
    mv "$mdb.part" "$mdb"
fi
echo "== look-up latency on $quotes quotes ($(du -m "$mdb" | cut -f1) MB), in the library, rows fetched"
"$sb" query "$mdb" 200
# And through the command line, process start and output included.
one=$("$bin" --db "$mdb" speakers --limit 200 --format csv | awk -F, 'NR == 101 { print $2 }')
t0=$(date +%s%N)
for i in 1 2 3 4 5 6 7 8 9 10; do "$bin" --db "$mdb" who "$one" --limit 50 --format jsonl > /dev/null; done
t1=$(date +%s%N)
for i in 1 2 3 4 5 6 7 8 9 10; do "$bin" --db "$mdb" search '"kaka lolo"' --format jsonl > /dev/null; done
t2=$(date +%s%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v who="$one" 'BEGIN {
    printf "CLI: quotetrack who \"%s\" --limit 50: %.1f ms per call; search \"kaka lolo\": %.1f ms per call (whole process)\n",
           who, (b - a) / 1e7, (c - b) / 1e7 }'
