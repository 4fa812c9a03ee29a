#!/bin/sh
# scan_rss.sh BINARY SHARED - does `scan` run in constant memory? (make
# bench-rss; not part of make check; README "Reliability").
#
# Builds, once, JSON Lines corpora of about 10 MB, 100 MB and 1 GB in
# build/bench/ from SHARED/corpora/bbc-2225.jsonl (copies with changed ids),
# then scans each with `scan --input jsonl --format jsonl` under
# /usr/bin/time -v and prints the peak resident set size ("Maximum resident
# set size") beside the input size and the time.  Constant memory means the
# three peaks are about the same.  RSS_MAX_MB (default 64) is the bound the
# 1 GB run must stay under; exceeding it fails.  Skipped (exit 0) when the
# shared corpus is absent.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh tests/bench/scan_rss.sh BINARY SHARED" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
corpus=$2/corpora/bbc-2225.jsonl
if [ ! -f "$corpus" ]; then
    echo "bench-rss: skipped: $corpus not found (clone the project beside shared/ to run it)"
    exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
sh "$root/tools/deps.sh" time:time > /dev/null 2>&1 || true
if ! [ -x /usr/bin/time ] || ! /usr/bin/time -v true > /dev/null 2>&1; then
    echo "bench-rss: needs GNU time (/usr/bin/time): apt-get install time" >&2
    exit 2
fi
out=$root/build/bench
mkdir -p "$out"
limit_mb=${RSS_MAX_MB:-64}

# make_corpus MB FILE: copies of the corpus, ids changed, until FILE >= MB.
make_corpus() {
    [ -f "$2" ] && [ "$(wc -c < "$2")" -ge $(($1 * 1000000)) ] && return
    echo "bench-rss: building $2 (${1} MB)"
    python3 - "$corpus" "$1" "$2.tmp" <<'EOF'
import json, sys
src, mb, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
written, copy = 0, 0
with open(dst, "w", encoding="utf-8") as f:
    while written < mb * 1000000:
        for obj in lines:
            o = dict(obj)
            o["id"] = "%s#%d" % (obj["id"], copy)
            s = json.dumps(o, ensure_ascii=False) + "\n"
            f.write(s)
            written += len(s.encode("utf-8"))
        copy += 1
EOF
    mv "$2.tmp" "$2"
}

echo "== scan --input jsonl: peak memory against input size ($(uname -m), GNU time -v)"
peak_1g=0
for mb in 10 100 1000; do
    file=$out/bbc-$mb-mb.jsonl
    make_corpus "$mb" "$file"
    /usr/bin/time -v "$bin" --quiet scan --input jsonl --format jsonl "$file" > /dev/null 2> "$out/rss-$mb.txt"
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$out/rss-$mb.txt")
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/rss-$mb.txt")
    bytes=$(wc -c < "$file")
    printf '  %8.1f MB input  %8d articles  wall %8s  peak RSS %6.1f MB\n' \
        "$(echo "$bytes" | awk '{ print $1 / 1e6 }')" "$(grep -c . "$file")" "$wall" \
        "$(echo "$rss" | awk '{ print $1 / 1024 }')"
    [ "$mb" = 1000 ] && peak_1g=$rss
done
if [ "$peak_1g" -gt $((limit_mb * 1024)) ]; then
    echo "bench-rss: FAIL: the 1 GB scan peaked at $((peak_1g / 1024)) MB, over RSS_MAX_MB=$limit_mb" >&2
    exit 1
fi
echo "bench-rss: the 1 GB scan stayed under $limit_mb MB"
