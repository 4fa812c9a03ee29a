#!/bin/sh
# run.sh BINARY SHARED - scan throughput and memory (make bench).
#
# Scans SHARED/corpora/bbc-2225.jsonl (5 MB; best of 3 runs) and a corpus
# BENCH_COPIES (default 100) times larger, built once into build/bench/ by
# streaming copies of it with changed ids and reused afterwards.  Prints
# MB/s, articles/s and peak resident memory for each.  The scan streams its
# input, so peak memory should not grow with the corpus.  Skipped (exit 0)
# when the shared corpus is absent.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh tests/bench/run.sh BINARY SHARED" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
corpus=$2/corpora/bbc-2225.jsonl
if [ ! -f "$corpus" ]; then
    echo "bench: skipped: $corpus not found (clone the project beside shared/ to run it)"
    exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
copies=${BENCH_COPIES:-100}
big=$root/build/bench/bbc-x$copies.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# GNU time reports peak memory; install it when missing (as root), else fall
# back to sampling the process's VmHWM from /proc.
sh "$root/tools/deps.sh" time:time >/dev/null 2>&1 || true
gnu_time=""
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 && gnu_time=/usr/bin/time

# measure FILE: scans FILE once; sets secs (wall clock), cpu (user + system
# seconds; on a shared machine the steadier figure) and rss_kb.
measure() {
    cpu=""
    if [ -n "$gnu_time" ]; then
        "$gnu_time" -f '%e %U %S %M' -o "$tmp/time" "$bin" --quiet scan --input jsonl --format jsonl "$1" \
            > /dev/null 2> "$tmp/err" || check_rc $?
        read -r secs user sys rss_kb < "$tmp/time"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        return
    fi
    t0=$(date +%s.%N)
    "$bin" --quiet scan --input jsonl --format jsonl "$1" > /dev/null 2> "$tmp/err" &
    pid=$!
    rss_kb=0
    while kill -0 "$pid" 2>/dev/null; do
        hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$hwm" ] && rss_kb=$hwm
        sleep 0.05
    done
    wait "$pid" || check_rc $?
    secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
}

# Exit 3 (some lines skipped) still measures the scan; anything else is a failure.
check_rc() {
    if [ "$1" -ne 3 ]; then
        echo "bench: quotetrack failed with exit status $1:" >&2
        head -n 20 "$tmp/err" >&2
        exit 1
    fi
}

# report LABEL FILE ARTICLES SECS RSS_KB CPU
report() {
    bytes=$(wc -c < "$2")
    awk -v label="$1" -v bytes="$bytes" -v n="$3" -v s="$4" -v kb="$5" -v cpu="$6" 'BEGIN {
        if (s < 0.01) s = 0.01  # GNU time counts hundredths
        printf "%-22s %8.1f MB  %8d articles  %7.2f s  %8.1f MB/s  %9.0f articles/s  peak RSS %.1f MB",
               label, bytes / 1e6, n, s, bytes / 1e6 / s, n / s, kb / 1024
        if (cpu != "" && cpu > 0) printf "  (CPU %.2f s: %.1f MB/s)", cpu, bytes / 1e6 / cpu
        printf "\n" }'
}

echo "== scan throughput ($(uname -m), $(nproc 2>/dev/null || echo ?) CPUs; one scanner thread)"
echo "   timer: ${gnu_time:-/proc sampling}"
articles=$(grep -c . "$corpus")
best=""
best_cpu=""
for run in 1 2 3; do
    measure "$corpus"
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$secs
        best_rss=$rss_kb
    fi
    if [ -n "$cpu" ] && { [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; }; then
        best_cpu=$cpu
    fi
done
report "bbc-2225 (best of 3)" "$corpus" "$articles" "$best" "$best_rss" "$best_cpu"

# Build the large corpus once, line by line: every copy gets ids ending in
# "#N" so that no two articles share an id.  Written to a temporary name and
# renamed, so an interrupted build is never reused.
if [ ! -s "$big" ] || [ "$corpus" -nt "$big" ]; then
    echo "   building $big ($copies copies; reused by later runs)"
    mkdir -p "$(dirname "$big")"
    python3 - "$corpus" "$copies" "$big.part" <<'PY'
import json, sys
src, copies, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(dst, "w", encoding="utf-8") as out:
    for n in range(copies):
        with open(src, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                d = json.loads(line)
                d["id"] = f"{d['id']}#{n}"
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
    mv "$big.part" "$big"
fi
measure "$big"
report "bbc x$copies" "$big" "$((articles * copies))" "$secs" "$rss_kb" "$cpu"

# The store: ingest throughput into SQLite and look-up latency.
sh "$root/tests/bench/ingest.sh" "$bin" "$2"

# Reuse detection at ingest, and sim_text on the same texts.
sh "$root/tests/bench/reuse.sh" "$bin" "$2"
