#!/bin/sh
# run.sh - drive the libFuzzer targets of tests/fuzz.
#
#   sh tests/fuzz/run.sh fuzz BUILD SHARED SECONDS TARGET...
#       builds each target's seeds (tests/fuzz/seeds.py: fixtures/, tests/cli/inputs/
#       and SHARED/corpora/*.jsonl) into BUILD/fuzz-seeds/TARGET, then runs
#       BUILD/fuzz/TARGET for SECONDS, one target after the other (one fuzzer
#       process at a time).  The corpus each run grows is kept in
#       BUILD/fuzz-corpus/TARGET, so later runs go on from it; crashes, leaks,
#       timeouts and out-of-memory inputs land in BUILD/fuzz-artifacts/TARGET.
#       Each run is logged to BUILD/fuzz-log.tsv.  Exits 1 when a target failed.
#   sh tests/fuzz/run.sh replay BUILD TARGET...
#       runs BUILD/fuzz-replay/TARGET (no libFuzzer) over
#       fixtures/fuzz-regressions/TARGET and the seeds built from the committed
#       fixtures only: part of make check, make asan and make valgrind
#       ($FUZZ_REPLAY_WRAP, e.g. a valgrind command, goes in front).
#   sh tests/fuzz/run.sh total BUILD
#       sums BUILD/fuzz-log.tsv: seconds and runs per target without a crash.
#
# A target's seed kind and dictionary come from its source's first lines:
# "fuzz-seeds: KIND" and "fuzz-dict: NAME" (tests/fuzz/NAME.dict).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

field() { # field NAME TARGET: a "fuzz-NAME: value" header of the target's source
    sed -n "1,12s/.*fuzz-$1: *\\([A-Za-z0-9_-]*\\).*/\\1/p" "$here/fuzz_$2.c" | head -n 1
}

mode=${1:-}
[ $# -gt 0 ] && shift
case $mode in
fuzz)
    [ $# -ge 4 ] || { echo "usage: run.sh fuzz BUILD SHARED SECONDS TARGET..." >&2; exit 2; }
    build=$1; shared=$2; seconds=$3; shift 3
    corpora=""
    for c in "$shared"/corpora/*.jsonl; do
        [ -f "$c" ] && corpora="$corpora $c"
    done
    [ -n "$corpora" ] || echo "fuzz: no corpora in $shared/corpora: seeds from fixtures/ only"
    log=$build/fuzz-log.tsv
    failed=0
    summary=""
    for t in "$@"; do
        bin=$build/fuzz/$t
        kind=$(field seeds "$t"); kind=${kind:-text}
        dict=$(field dict "$t")
        seeds=$build/fuzz-seeds/$t
        corpus=$build/fuzz-corpus/$t
        art=$build/fuzz-artifacts/$t
        rm -rf "$seeds"
        mkdir -p "$corpus" "$art"
        # shellcheck disable=SC2086
        python3 "$here/seeds.py" "$kind" "$seeds" $corpora || exit 2
        dict_opt=""
        [ -n "$dict" ] && dict_opt="-dict=$here/$dict.dict"
        before=$(ls "$art" | wc -l)
        echo "== fuzz $t: $seconds s, $(ls "$seeds" | wc -l) seeds ($kind), corpus $(ls "$corpus" | wc -l)"
        # -timeout: an input that takes 10 s is a denial of service, not
        # merely slow; -rss_limit_mb bounds memory the same way.
        start=$(date +%s)
        # shellcheck disable=SC2086
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$art/" $dict_opt "$corpus" "$seeds" > "$build/fuzz-$t.log" 2>&1
        rc=$?
        took=$(( $(date +%s) - start ))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-$t.log" | tail -n 1)
        after=$(ls "$art" | wc -l)
        if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
            result=ok
        else
            result=FAIL
            failed=1
            grep -E 'ERROR|invariant|Sanitizer|runtime error|Test unit written' "$build/fuzz-$t.log" |
                head -n 12 | sed 's/^/    /'
        fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$t" "$took" "${runs:-0}" \
            "$result" >> "$log"
        summary="$summary$(printf '%-12s %6s s %10s runs  %s' "$t" "$took" "${runs:-0}" "$result")
"
    done
    echo "== fuzz summary (logs in $build/fuzz-TARGET.log, artifacts in $build/fuzz-artifacts)"
    printf '%s' "$summary"
    [ "$failed" = 0 ] || echo "fuzz: a target failed: reproduce with $build/fuzz/TARGET FILE, then add FILE to fixtures/fuzz-regressions/TARGET/"
    exit "$failed"
    ;;
replay)
    [ $# -ge 2 ] || { echo "usage: run.sh replay BUILD TARGET..." >&2; exit 2; }
    build=$1; shift
    status=0
    for t in "$@"; do
        kind=$(field seeds "$t"); kind=${kind:-text}
        seeds=$build/fuzz-replay-seeds/$t
        rm -rf "$seeds"
        python3 "$here/seeds.py" "$kind" "$seeds" || exit 2
        regress=$root/fixtures/fuzz-regressions/$t
        if [ -d "$regress" ]; then
            ${FUZZ_REPLAY_WRAP:-} "$build/fuzz-replay/$t" "$regress" "$seeds" || status=1
        else
            ${FUZZ_REPLAY_WRAP:-} "$build/fuzz-replay/$t" "$seeds" || status=1
        fi
    done
    exit "$status"
    ;;
total)
    [ $# -ge 1 ] || { echo "usage: run.sh total BUILD" >&2; exit 2; }
    log=$1/fuzz-log.tsv
    [ -f "$log" ] || { echo "fuzz: no runs logged in $log"; exit 0; }
    # Seconds and runs per target since its last failed run.
    printf '%-12s %10s %14s\n' target seconds runs
    awk -F'\t' '{ if ($5 != "ok") { s[$2] = 0; r[$2] = 0; f[$2]++ } else { s[$2] += $3; r[$2] += $4 }
                  seen[$2] = 1 }
                END { for (t in seen) printf "%-12s %10d %14d%s\n", t, s[t], r[t],
                                             f[t] ? "  (" f[t] " failed runs before)" : "" }' "$log" | sort
    ;;
*)
    echo "usage: run.sh fuzz|replay|total ..." >&2
    exit 2
    ;;
esac
