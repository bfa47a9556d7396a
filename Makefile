# staffroom: `make` builds ./staffroom, `make test` runs every suite,
# `make run` starts the demo district on http://127.0.0.1:8080.

CC      ?= cc
PKGS    := libmicrohttpd jansson libcmark-gfm libsodium sqlite3 inih libcurl vips libmagic
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc $(PKG_CFLAGS)
LDFLAGS_HARD := -pie -Wl,-z,relro,-z,now

SAN_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc $(PKG_CFLAGS)

SRC      := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/%,$(SRC))
CLI_SRC  := $(filter src/cli/%,$(SRC)) src/main.c
OBJ      := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC) $(CLI_SRC))
LIB_OBJ  := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC))
SAN_OBJ  := $(patsubst src/%.c,build/san/%.o,$(LIB_SRC))

# The default lexicon (share/lexicon/*.txt), compiled into the binary and
# the unit tests; its rule is build/gen/lexicon_default.c below.
LEXICON_TXT := $(sort $(wildcard share/lexicon/*.txt))
OBJ      += build/gen/lexicon_default.o
LIB_OBJ  += build/gen/lexicon_default.o
SAN_OBJ  += build/gen/lexicon_default.san.o

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRC))
UNIT_SAN  := $(patsubst tests/unit/%.c,build/tests-san/%,$(UNIT_SRC))

# Keep the sanitizer objects between test links.
.SECONDARY: $(SAN_OBJ)

WEB_SRC := $(shell find web -path web/dist -prune -o -type f -print 2>/dev/null)

.PHONY: all deps test unit unit-san api e2e run bench format clean web

all: staffroom

deps:
	scripts/install-deps.sh build

staffroom: $(OBJ)
	@echo '  LINK    $@'
	@$(CC) $(LDFLAGS_HARD) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(ALL_CFLAGS) $(HARDEN) -c -o $@ $<

build/san/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo '  CC-SAN  $<'
	@$(CC) $(SAN_CFLAGS) -c -o $@ $<

# A test of a command's code links the cli/ objects it names below.
build/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	@$(CC) $(ALL_CFLAGS) $(HARDEN) -Itests/unit -o $@ $< $(filter build/obj/cli/%,$^) $(LIB_OBJ) $(PKG_LIBS) -lcmocka

build/tests-san/%: tests/unit/%.c $(SAN_OBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	@$(CC) $(SAN_CFLAGS) -Itests/unit -o $@ $< $(filter build/san/cli/%,$^) $(SAN_OBJ) $(PKG_LIBS) -lcmocka

build/tests/test_benchgen: build/obj/cli/benchgen.o build/obj/cli/demo_data.o
build/tests-san/test_benchgen: build/san/cli/benchgen.o build/san/cli/demo_data.o

# The web client: Vite builds web/ into web/dist; the .gz twins let the
# server send compressed files without compressing on every request.
web: web/dist/index.html

web/dist/index.html: $(WEB_SRC) package.json package-lock.json
	@test -f node_modules/.package-lock.json -a node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund
	@echo '  WEB     web/dist'
	@npm run --silent build:web
	@find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \
		-o -name '*.webmanifest' -o -name '*.json' \) -exec gzip -9 -k -f {} \;

unit: $(UNIT_BIN)
unit-san: $(UNIT_SAN)

test:
	scripts/run-tests.sh

run:
	scripts/run-demo.sh

# The load harness on the 50,000-staff synthetic district (bench/README.md);
# BENCH_SCALE, BENCH_DURATION and the other BENCH_* settings pass through.
bench: staffroom
	bench/run
	bench/run --growth

format:
	clang-format -i $(SRC) src/*/*.h $(UNIT_SRC) tests/unit/*.h

clean:
	rm -rf build staffroom web/dist

# The student-privacy matcher's benchmark and labelled evaluation (bench/guard,
# figures in docs/PERFORMANCE.md). Bounded: about a minute on 2 cores.
GUARD_OBJ := $(patsubst src/%.c,build/obj/%.o,$(wildcard src/guard/*.c))
build/bench/guard-%: bench/guard/%.c bench/guard/roster.h $(GUARD_OBJ)
	@mkdir -p $(dir $@)
	@echo '  BENCH   $@'
	@$(CC) $(ALL_CFLAGS) $(HARDEN) -Ibench/guard $(LDFLAGS_HARD) -o $@ $< $(GUARD_OBJ)
# The query plans of the hot paths against a district: build/bench/explain DB.
build/bench/explain: bench/explain/explain.c $(wildcard src/store/sql_*.h)
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(ALL_CFLAGS) $(HARDEN) $(LDFLAGS_HARD) -o $@ $< $(PKG_LIBS)

.PHONY: bench-guard
bench-guard: staffroom build/bench/guard-bench build/bench/guard-eval build/bench/guard-lexicon-bench
	build/bench/guard-bench
	build/bench/guard-eval 350000 20000 build/bench/guard-eval.tsv
	build/bench/guard-lexicon-bench
	bench/guard/import.sh 350000

# The professional-language check's default lexicon, embedded: the lists in
# share/lexicon become byte arrays (scripts/embed-lexicon.sh, od and awk).
build/gen/lexicon_default.c: $(LEXICON_TXT) scripts/embed-lexicon.sh
	@mkdir -p $(dir $@)
	@echo '  GEN     $@'
	@scripts/embed-lexicon.sh $(LEXICON_TXT) > $@.tmp && mv $@.tmp $@

build/gen/lexicon_default.o: build/gen/lexicon_default.c $(wildcard src/*/*.h)
	@echo '  CC      $<'
	@$(CC) $(ALL_CFLAGS) $(HARDEN) -c -o $@ $<

build/gen/lexicon_default.san.o: build/gen/lexicon_default.c $(wildcard src/*/*.h)
	@echo '  CC-SAN  $<'
	@$(CC) $(SAN_CFLAGS) -c -o $@ $<
