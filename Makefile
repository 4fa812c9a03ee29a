# quotetrack - quote attribution and provenance tracker.
# `make` builds ./quotetrack; `make demo` and `make check` install missing
# Debian dependencies first (as root) or say what to install.

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
PKGS = libpcre2-8 libxxhash sqlite3 json-c libxml-2.0
SHARED ?= ../shared

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla -Werror
OPT ?= -O2 -g
# Recursive (=) so pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) $(SAN) -Isrc -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

LIB_SRC = $(wildcard src/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/lib/%.o,$(LIB_SRC)) $(BUILD)/lib/qt_embedded.o \
	$(BUILD)/lib/qt_embedded_db.o
CLI_OBJ = $(patsubst src/cli/%.c,$(BUILD)/cli/%.o,$(CLI_SRC))
UNIT_SRC = $(wildcard tests/unit/*.c)
PATTERN_FILES = $(sort $(wildcard patterns/*))
DB_FILES = $(sort $(wildcard db/*.sql))
LIB = $(BUILD)/libquotetrack.a

.PHONY: FORCE all deps check unit cli-tests store-tests export-tests hostile-tests asan asan-run eval bench demo \
	install uninstall clean fuzz fuzz-build fuzz-replay fuzz-total valgrind valgrind-run crash-test bench-rss

all: quotetrack

deps:
	@sh tools/deps.sh

$(BUILD)/embed: tools/embed.c | $(BUILD)
	$(CC) -O1 -o $@ tools/embed.c

# The lists of embedded files: rewritten only when a file is added or
# removed, so that either change rebuilds the embedded arrays (a removed
# file leaves no newer prerequisite behind).
$(BUILD)/patterns.list $(BUILD)/db.list: FORCE | $(BUILD)
	@echo $(if $(findstring db.list,$@),$(DB_FILES),$(PATTERN_FILES)) | cmp -s - $@ || \
		echo $(if $(findstring db.list,$@),$(DB_FILES),$(PATTERN_FILES)) > $@

FORCE:

$(BUILD)/qt_embedded.c: $(BUILD)/embed $(PATTERN_FILES) $(BUILD)/patterns.list
	$(BUILD)/embed qt_embedded_patterns qt_embedded_pattern_count $@ $(PATTERN_FILES)

# The database schema and migrations (db/*.sql) go into their own array,
# qt_embedded_db, read by the store (src/qt_store.c).
$(BUILD)/qt_embedded_db.c: $(BUILD)/embed $(DB_FILES) $(BUILD)/db.list
	$(BUILD)/embed qt_embedded_db qt_embedded_db_count $@ $(DB_FILES)

$(BUILD)/lib/qt_embedded.o: $(BUILD)/qt_embedded.c src/qt_patterns.h | $(BUILD)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lib/qt_embedded_db.o: $(BUILD)/qt_embedded_db.c src/qt_patterns.h | $(BUILD)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lib/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/lib
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/cli/%.o: src/cli/%.c $(wildcard src/*.h src/cli/*.h) | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

quotetrack: $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS) -lm

$(BUILD) $(BUILD)/lib $(BUILD)/cli $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/fuzz-replay:
	mkdir -p $@

# The unit tests also cover the CLI's output writers (src/cli/output.c).
UNIT_CLI_OBJ = $(BUILD)/cli/output.o

$(BUILD)/tests/unit: $(UNIT_SRC) $(wildcard tests/unit/*.h) $(UNIT_CLI_OBJ) $(LIB) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $(UNIT_SRC) $(UNIT_CLI_OBJ) $(LIB) $(PKG_LIBS) $(CHECK_LIBS) -lm

# The tests: Check unit tests, then the CLI tests against expected output.
check: deps
	@$(MAKE) --no-print-directory quotetrack $(BUILD)/tests/unit
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory cli-tests
	@$(MAKE) --no-print-directory store-tests
	@$(MAKE) --no-print-directory export-tests
	@$(MAKE) --no-print-directory hostile-tests
	@$(MAKE) --no-print-directory fuzz-replay

unit: $(BUILD)/tests/unit
	CK_FORK=yes QT_FIXTURES=fixtures $(BUILD)/tests/unit

cli-tests: quotetrack
	sh tests/cli/run.sh ./quotetrack

# The store's reliability: kill -9 during ingest, concurrent ingests, locked,
# read-only and missing databases (needs the sqlite3 command).
store-tests: quotetrack
	sh tests/store/run.sh ./quotetrack

# Every export format read back with real parsers; the HTML report in headless
# Chromium and the DOT graph through Graphviz when those are installed (else
# skipped with a message).  Leaves build/export-report.png.
export-tests: quotetrack
	sh tests/export/run.sh ./quotetrack
# Hostile and broken input made at test time: 100 000 quote marks, a 100 MB
# line, a 50 MB JSON string, binary files, deep nesting, SQL and FTS5 syntax
# in names and searches (tests/hostile/run.sh; small cases are in tests/cli).
hostile-tests: quotetrack
	sh tests/hostile/run.sh ./quotetrack

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer, in a
# separate build tree so the normal build is untouched.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		QT_BIN=build-asan/quotetrack asan-run

asan-run: $(BUILD)/tests/unit $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $(BUILD)/quotetrack $(CLI_OBJ) $(LIB) $(PKG_LIBS) -lm
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		CK_FORK=no QT_FIXTURES=fixtures $(BUILD)/tests/unit
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		sh tests/cli/run.sh $(BUILD)/quotetrack
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 STORE_TEST_ARTICLES=300 \
		sh tests/store/run.sh $(BUILD)/quotetrack
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		sh tests/export/run.sh $(BUILD)/quotetrack
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 HOSTILE_BIG_MB=20 \
		HOSTILE_JSON_MB=10 HOSTILE_TIME=180 sh tests/hostile/run.sh $(BUILD)/quotetrack
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory fuzz-replay

# ---- fuzzing (tests/fuzz, README "Reliability") ----
# A target is one file, tests/fuzz/fuzz_NAME.c, plus its NAME in this list.
FUZZ_TARGETS = text jsonl html scan segment output fingerprint export
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DEPS = tests/fuzz/fuzz.h tests/fuzz/fuzz_engine.h $(UNIT_CLI_OBJ) $(LIB)
FUZZ_LINK = $(UNIT_CLI_OBJ) $(LIB) $(PKG_LIBS) -lm

# libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer, in its own
# build tree (the library is instrumented for coverage there); each target
# runs FUZZ_SECONDS, one after the other.
fuzz:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" fuzz-build
	sh tests/fuzz/run.sh fuzz build-fuzz $(SHARED) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LINK)

# Seconds and runs each target has gone without a crash (from build-fuzz/fuzz-log.tsv).
fuzz-total:
	@sh tests/fuzz/run.sh total build-fuzz

# The same targets without libFuzzer, replaying fixtures/fuzz-regressions/NAME
# (every crash ever found) and seeds from the committed fixtures.
$(BUILD)/fuzz-replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS) | $(BUILD)/fuzz-replay
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(FUZZ_LINK)

fuzz-replay: $(addprefix $(BUILD)/fuzz-replay/,$(FUZZ_TARGETS))
	sh tests/fuzz/run.sh replay $(BUILD) $(FUZZ_TARGETS)

# ---- Valgrind (README "Reliability") ----
# Memcheck over the unit tests, the CLI tests and the fuzz replays, in a
# build without sanitizers (build-valgrind).  Any memory error or leak
# (definite, indirect or possible) fails: valgrind exits 99, which no test
# expects (tests/valgrind.supp hides only PCRE2 JIT code).  The CLI runs
# through a wrapper script logging to build-valgrind/vg/, so the tests
# still compare the command's own stderr.
VALGRIND = valgrind --quiet --error-exitcode=99 --suppressions=$(abspath tests/valgrind.supp) --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible

valgrind:
	@sh tools/deps.sh valgrind
	@$(MAKE) --no-print-directory BUILD=build-valgrind OPT="-O1 -g" valgrind-run

valgrind-run: $(BUILD)/tests/unit $(CLI_OBJ) $(LIB) $(addprefix $(BUILD)/fuzz-replay/,$(FUZZ_TARGETS))
	$(CC) $(ALL_LDFLAGS) -o $(BUILD)/quotetrack $(CLI_OBJ) $(LIB) $(PKG_LIBS) -lm
	rm -rf $(BUILD)/vg && mkdir -p $(BUILD)/vg
	printf '#!/bin/sh\nexec %s --log-file=%s/vg/%%p.log %s "$$@"\n' "$(VALGRIND)" \
		"$(abspath $(BUILD))" "$(abspath $(BUILD))/quotetrack" > $(BUILD)/vg-quotetrack
	chmod +x $(BUILD)/vg-quotetrack
	CK_FORK=no QT_FIXTURES=fixtures $(VALGRIND) $(BUILD)/tests/unit
	sh tests/cli/run.sh $(BUILD)/vg-quotetrack
	@if grep -l . $(BUILD)/vg/*.log 2>/dev/null; then cat $(BUILD)/vg/*.log; \
		echo "valgrind: the CLI tests above reported memory errors"; exit 1; fi
	FUZZ_REPLAY_WRAP="$(VALGRIND)" sh tests/fuzz/run.sh replay $(BUILD) $(FUZZ_TARGETS)
	@echo "valgrind: unit tests, CLI tests and fuzz replays clean (no errors, no leaks)"

# Accuracy on the shared evaluation sets (skipped when ../shared is absent).
eval: quotetrack
	@sh tests/eval/run.sh ./quotetrack $(SHARED)

# The store's look-up benchmark tool (tests/bench/ingest.sh builds and runs it).
$(BUILD)/store-bench: tests/bench/store_bench.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ tests/bench/store_bench.c $(LIB) $(PKG_LIBS) -lm

# Crash safety and concurrency of the store: 50 kill -9 trials, 2 and 4
# concurrent writers with look-ups, busy timeouts, disk full and a read-only
# mount (tests/crash/run.sh; a few minutes, so not in make check).  The
# corpus is bbc-2225 when ../shared is there, else generated from fixtures.
CRASH_CORPUS ?= $(wildcard $(SHARED)/corpora/bbc-2225.jsonl)
crash-test: quotetrack
	sh tests/crash/run.sh ./quotetrack $(CRASH_CORPUS)

# Peak memory of scan on 10 MB, 100 MB and 1 GB of JSON Lines (constant memory).
bench-rss: quotetrack
	@sh tests/bench/scan_rss.sh ./quotetrack $(SHARED)

# Throughput and memory benchmarks.
bench: quotetrack $(BUILD)/store-bench
	@sh tests/bench/run.sh ./quotetrack $(SHARED)

# The main job on a fresh machine: scan the seed articles, show who said what,
# and write their HTML report (build/demo-report.html).
demo: deps
	@$(MAKE) --no-print-directory quotetrack
	@sh tools/demo.sh ./quotetrack

install: quotetrack
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/quotetrack/patterns
	install -m 755 quotetrack $(DESTDIR)$(PREFIX)/bin/quotetrack
	install -m 644 $(PATTERN_FILES) $(DESTDIR)$(PREFIX)/share/quotetrack/patterns/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/quotetrack
	rm -rf $(DESTDIR)$(PREFIX)/share/quotetrack

clean:
	rm -rf build build-asan build-fuzz build-valgrind quotetrack tests/out
