#!/bin/sh
# deps.sh - make sure the build dependencies are present.
# Checks each pkg-config module (and each extra command); when one is missing,
# installs the Debian packages with apt-get when running as root, otherwise
# prints the exact command to run and fails.
set -u
# module:package pairs, kept in step with the README's dependency table.
MODULES="libpcre2-8:libpcre2-dev libxxhash:libxxhash-dev sqlite3:libsqlite3-dev check:check json-c:libjson-c-dev libxml-2.0:libxml2-dev"
# commands used by the tests and the evaluation: command:package
COMMANDS="python3:python3 cc:gcc make:make sqlite3:sqlite3"
# tools only the benchmarks use (`deps.sh --bench`): GNU time for peak
# memory, and Debian's similarity-tester (sim_text), which the reuse
# benchmark runs on the same texts for comparison.
BENCH_COMMANDS="time:time sim_text:similarity-tester"
if [ "${1:-}" = "--bench" ]; then
    shift
    # shellcheck disable=SC2086
    set -- $BENCH_COMMANDS "$@"
fi

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
for pair in $MODULES; do
    mod=${pair%%:*}; pkg=${pair#*:}
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
        missing="$missing $pkg"
    fi
done
for pair in $COMMANDS; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
# Extra arguments: cmd:package pairs, or a named set of tools for one target:
#   fuzz      clang with its libFuzzer and sanitizer runtimes (make fuzz) and
#             llvm-symbolizer for readable crash stacks
#   valgrind  valgrind (make valgrind)
# libclang-rt-dev and llvm are Debian's meta packages for the default LLVM
# version (14 on Debian 12), so this needs no version number.
has_fuzzer_runtime() {
    command -v clang >/dev/null 2>&1 || return 1
    rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
    [ -f "$rt" ] && return 0
    rt=$(clang -print-file-name=libclang_rt.fuzzer-aarch64.a 2>/dev/null)
    [ -f "$rt" ]
}
for extra in "$@"; do
    case $extra in
    fuzz)
        command -v clang >/dev/null 2>&1 || missing="$missing clang"
        has_fuzzer_runtime || missing="$missing libclang-rt-dev"
        command -v llvm-symbolizer >/dev/null 2>&1 || missing="$missing llvm"
        ;;
    valgrind)
        command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
        ;;
    *)
        cmd=${extra%%:*}; pkg=${extra#*:}
        command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
        ;;
    esac
done

# Optional test tools: the export tests load the HTML report in headless
# Chromium, render the DOT graph with Graphviz and read PROV-JSON with the
# `prov` package; without them those checks are skipped with a message.
# Installed when running as root (QT_NO_OPTIONAL=1 skips them); a failure
# here never fails the build.
optional=""
if [ -z "${QT_NO_OPTIONAL:-}" ]; then
    command -v chromium >/dev/null 2>&1 || optional="$optional chromium"
    command -v dot >/dev/null 2>&1 || optional="$optional graphviz"
    [ -x /usr/bin/python3 ] && ! /usr/bin/python3 -c 'import prov' >/dev/null 2>&1 &&
        optional="$optional python3-prov"
fi
if [ -n "$optional" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "quotetrack: installing optional test tools:$optional" >&2
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends $optional; } >&2 ||
            echo "quotetrack: could not install$optional; those tests will be skipped" >&2
    else
        echo "quotetrack: optional test tools missing:$optional (tests using them are skipped)" >&2
    fi
fi

[ -z "$missing" ] && exit 0

echo "quotetrack: missing build dependencies:$missing" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "quotetrack: installing them with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || exit 1
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends pkg-config $missing >&2 || exit 1
    exit 0
fi
echo "quotetrack: run this as root, then try again:" >&2
echo "    apt-get update && apt-get install -y pkg-config$missing" >&2
exit 1
