#!/bin/sh
# run.sh BINARY - the command-line tests.
#
# Each case is a set of files tests/cli/cases/NAME.* (only NAME.cmd is required):
#   NAME.cmd              the arguments, one shell-quoted line ($QT_TMP is a
#                         fresh scratch directory for the case)
#   NAME.setup            commands run first, one argument line per line (as
#                         in NAME.cmd; '#' lines are comments), each of which
#                         must succeed: ingests that build a database to query
#   NAME.stdin            standard input (default: empty)
#   NAME.expected         the exact expected standard output
#   NAME.stdout-contains  lines that must each appear in standard output
#   NAME.stdout-lacks     lines (fixed strings) that must not appear anywhere
#                         in standard output
#   NAME.stderr           the exact expected standard error
#   NAME.stderr-contains  lines that must each appear in standard error
#   NAME.rc               the expected exit status (default 0)
# Commands run in tests/cli, so input paths (inputs/...) and the messages
# naming them are the same on every machine.  Any sanitizer report fails the
# case whatever it expected.  Prints one line per case, then the summary
# "cli: N passed, N failed"; exits 1 when a case failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: sh tests/cli/run.sh BINARY" >&2
    exit 2
fi
case $1 in
    /*) bin=$1 ;;
    *) bin=$(pwd)/$1 ;;
esac
if [ ! -x "$bin" ]; then
    echo "cli: $1 is not an executable" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/qt-cli.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
# A stray database must never land in the tree or the user's directory.
QUOTETRACK_DB=$work/default.db
export QUOTETRACK_DB
# Tables and wrapped text are as wide as $COLUMNS when output is not a terminal.
COLUMNS=100
export COLUMNS
TO=""
command -v timeout >/dev/null 2>&1 && TO="timeout 120"

passed=0
failed=0

# No line of file $1 may occur (as a fixed string) in file $2; the first
# that does is written to file $3.
lacks_all() {
    while IFS= read -r bad || [ -n "$bad" ]; do
        [ -z "$bad" ] && continue
        if grep -qF -- "$bad" "$2"; then
            echo "    present: $bad" > "$3"
            return 1
        fi
    done < "$1"
    return 0
}

# Every line of file $1 must occur (as a fixed string) in file $2; the first
# that does not is written to file $3.
contains_all() {
    while IFS= read -r want || [ -n "$want" ]; do
        [ -z "$want" ] && continue
        if ! grep -qF -- "$want" "$2"; then
            echo "    missing: $want" > "$3"
            return 1
        fi
    done < "$1"
    return 0
}

for cmd in "$here"/cases/*.cmd; do
    [ -e "$cmd" ] || continue
    case_path=${cmd%.cmd}
    name=${case_path##*/}
    QT_TMP=$work/$name
    mkdir -p "$QT_TMP"
    export QT_TMP
    out=$QT_TMP.out
    err=$QT_TMP.err
    detail=$QT_TMP.detail
    : > "$detail"
    stdin=/dev/null
    [ -f "$case_path.stdin" ] && stdin=$case_path.stdin

    why=""
    if [ -f "$case_path.setup" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in ''|'#'*) continue ;; esac
            # shellcheck disable=SC2086
            if ! (cd "$here" && eval "set -- $line" && exec $TO "$bin" "$@") \
                    > "$QT_TMP.setup.out" 2>&1; then
                why="setup failed: $line"
                sed 's/^/    | /' "$QT_TMP.setup.out" | head -n 10 > "$detail"
                break
            fi
        done < "$case_path.setup"
    fi

    args=$(cat "$cmd")
    # shellcheck disable=SC2086
    (cd "$here" && eval "set -- $args" && exec $TO "$bin" "$@") < "$stdin" > "$out" 2> "$err"
    rc=$?

    want_rc=0
    [ -f "$case_path.rc" ] && want_rc=$(tr -d ' \n' < "$case_path.rc")
    if [ -n "$why" ]; then
        :
    elif [ "$rc" != "$want_rc" ]; then
        why="exit status $rc, expected $want_rc"
    elif grep -qE 'Sanitizer|runtime error:' "$err"; then
        why="sanitizer report"
    elif [ -f "$case_path.expected" ] && ! cmp -s "$case_path.expected" "$out"; then
        why="standard output differs"
        diff -u "$case_path.expected" "$out" | head -n 40 | sed 's/^/    /' > "$detail"
    elif [ -f "$case_path.stderr" ] && ! cmp -s "$case_path.stderr" "$err"; then
        why="standard error differs"
        diff -u "$case_path.stderr" "$err" | head -n 20 | sed 's/^/    /' > "$detail"
    elif [ -f "$case_path.stdout-contains" ] && ! contains_all "$case_path.stdout-contains" "$out" "$detail"; then
        why="standard output lacks a line"
    elif [ -f "$case_path.stdout-lacks" ] && ! lacks_all "$case_path.stdout-lacks" "$out" "$detail"; then
        why="standard output has a line it must not"
    elif [ -f "$case_path.stderr-contains" ] && ! contains_all "$case_path.stderr-contains" "$err" "$detail"; then
        why="standard error lacks a line"
    fi

    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        cat "$detail"
        if [ -s "$err" ]; then
            echo "    stderr:"
            head -n 15 "$err" | sed 's/^/    | /'
        fi
    fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
