#!/bin/sh
# demo.sh BINARY - the main job on a fresh machine, as `make demo` runs it:
# scan the seed articles and show who said what.
set -eu
if [ $# -ne 1 ]; then
    echo "usage: sh tools/demo.sh BINARY" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
# Run from the checkout so the document ids read fixtures/seeds/NAME.txt.
cd "$(dirname "$0")/.."

echo "== quotetrack demo: quotes and reported claims in the seed articles"
echo "   (fixtures/seeds/*.txt; kind: direct = in quote marks, partial = a quoted"
echo "   fragment inside reported speech, indirect = reported without quote marks)"
echo
"$bin" scan --format table fixtures/seeds/*.txt
