#!/bin/sh
# run.sh BINARY SHARED - accuracy on the shared evaluation sets (make eval).
#
# Quote attribution on SHARED/eval/ggt-dev.jsonl, following
# SHARED/eval/README.md: articles -> scan --format jsonl -> predictions ->
# score_attribution.py, for all kinds, direct quotes alone, and indirect plus
# mixed.  Then text reuse on counter-dev.jsonl, once quotetrack has the
# ingest and reuse commands.  Everything is written to a temporary
# directory: the evaluation data never enters the project.  Skipped (exit 0)
# when SHARED/eval is absent.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh tests/eval/run.sh BINARY SHARED" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
eval_dir=$2/eval
if [ ! -d "$eval_dir" ]; then
    echo "eval: skipped: $eval_dir not found (clone the project beside shared/ to run it)"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qt-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Runs the binary with stdout to $1 and stderr to $tmp/stderr; a partial run
# (exit 3: some lines skipped, each reported) still gives a score, anything
# else is a failure of the evaluation.
run_qt() {
    out=$1
    shift
    rc=0
    "$bin" "$@" > "$out" 2> "$tmp/stderr" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "eval: quotetrack $* failed with exit status $rc:" >&2
        head -n 20 "$tmp/stderr" >&2
        exit 1
    fi
    if [ -s "$tmp/stderr" ]; then
        echo "   ($(wc -l < "$tmp/stderr") message(s) from quotetrack; first ones:)"
        head -n 5 "$tmp/stderr" | sed 's/^/   | /'
    fi
}

# ---- quote attribution: ggt-dev ----------------------------------------
gold=$eval_dir/ggt-dev.jsonl
echo "== quote attribution: $gold"
python3 "$eval_dir/to_articles.py" "$gold" > "$tmp/ggt.articles.jsonl"
start=$(date +%s)
run_qt "$tmp/ggt.scan.jsonl" scan --input jsonl --format jsonl "$tmp/ggt.articles.jsonl"
end=$(date +%s)
echo "   $(wc -l < "$tmp/ggt.scan.jsonl") quotes predicted in $((end - start)) s"
python3 "$eval_dir/from_scan.py" "$gold" "$tmp/ggt.scan.jsonl" > "$tmp/ggt.pred.jsonl"
echo "-- all kinds (direct, mixed, indirect)"
python3 "$eval_dir/score_attribution.py" "$gold" "$tmp/ggt.pred.jsonl"
echo "-- direct quotes only"
python3 "$eval_dir/score_attribution.py" "$gold" "$tmp/ggt.pred.jsonl" --kinds direct
echo "-- indirect and mixed"
python3 "$eval_dir/score_attribution.py" "$gold" "$tmp/ggt.pred.jsonl" --kinds indirect,mixed

# ---- text reuse: counter-dev --------------------------------------------
# Follows SHARED/eval/README.md: ingest the articles into a fresh database,
# then score the edges `reuse` reports.  Skipped until quotetrack has reuse.
pairs=$eval_dir/counter-dev.jsonl
echo
echo "== text reuse: $pairs"
if ! "$bin" reuse --help > /dev/null 2>&1; then
    echo "   skipped: this quotetrack has no 'reuse' command yet"
    exit 0
fi
python3 "$eval_dir/reuse_articles.py" "$pairs" > "$tmp/counter.articles.jsonl"
run_qt "$tmp/ingest.out" --db "$tmp/counter.db" ingest --input jsonl "$tmp/counter.articles.jsonl"
run_qt "$tmp/counter.edges.jsonl" --db "$tmp/counter.db" reuse --format jsonl
python3 "$eval_dir/score_reuse.py" "$pairs" "$tmp/counter.edges.jsonl"
