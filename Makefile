# SPDX-License-Identifier: GPL-3.0-or-later
# fitplay: plain GNU make. `make run` and `make check` install what is missing.
# Files are found by wildcard: a new src/<family>-<member>.c, tests/unit/test-*.c,
# tests/cli/*.sh, tests/tmux/*.sh, tests/golden/*.sh or bench/*.c is built and run
# without touching this file (tests/run.sh says which kind each test is).

# The version: the one place it is written. --version, the man page installed and the
# dist tarball's name follow it; tests/cli/docs.sh checks that the man page's title,
# NEWS and debian/changelog say the same.
VERSION = 0.2.0

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/fitplay

CC ?= cc
PKGS = ncursesw gsl json-c
CORE_PKGS = gsl
OPT ?= -O2
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -DFITPLAY_DATADIR='"$(DATADIR)"' \
	    -DFITPLAY_VERSION='"$(VERSION)"'
CFLAGS ?= $(OPT) -g
CFLAGS += $(WARN)

ifeq ($(SANITIZE),1)
  BUILD ?= build-san
  CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS += -fsanitize=address,undefined
else
  BUILD ?= build
endif
# The top-level ./fitplay for the default build; other build dirs keep their own.
ifeq ($(BUILD),build)
  BIN ?= fitplay
else
  BIN ?= $(BUILD)/fitplay
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The table models call gsl_blas_* (dgemm, dgemv, ddot); GSL hands them to whichever
# CBLAS is linked. Default: OpenBLAS (Debian's libopenblas-serial-dev, installed by
# scripts/deps.sh), vectorised for the CPU it runs on: several times faster than
# GSL's reference CBLAS on tables (figures in `make bench`). It is linked before
# libgsl, so its cblas_* win over libgslcblas's. CBLAS=gsl: GSL's own reference
# CBLAS; CBLAS=/path/to/libfoo.so: any other CBLAS.
CBLAS ?= openblas
ifeq ($(CBLAS),openblas)
  CBLAS_LINK = -Wl,--push-state,--no-as-needed -lopenblas -Wl,--pop-state
  CPPFLAGS += -DFITPLAY_CBLAS_OPENBLAS=1 # the tests check it is the one that runs
else ifneq ($(filter-out gsl,$(CBLAS)),)
  CBLAS_LINK = -Wl,--push-state,--no-as-needed $(CBLAS) -Wl,--pop-state
endif
# LAPACK's dsyevd (the closed forms on big tables, src/solve.c): in OpenBLAS itself;
# with another CBLAS, Debian's reference liblapack (liblapack-dev).
ifneq ($(CBLAS),openblas)
  CBLAS_LINK += -llapack
endif
PKG_LIBS = $(CBLAS_LINK) $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS = $(CBLAS_LINK) $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null) -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

ALL_SRC = $(sort $(wildcard src/*.c))
UI_SRC = $(filter src/ui%.c,$(ALL_SRC))
BIN_SRC = $(filter src/main.c src/cli%.c,$(ALL_SRC))
CORE_SRC = $(filter-out $(UI_SRC) $(BIN_SRC),$(ALL_SRC))
CORE_OBJ = $(CORE_SRC:src/%.c=$(BUILD)/%.o)
APP_OBJ = $(UI_SRC:src/%.c=$(BUILD)/%.o) $(BIN_SRC:src/%.c=$(BUILD)/%.o)
LIB = $(BUILD)/libfitplay.a

TEST_SRC = $(sort $(wildcard tests/unit/test-*.c))
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(sort $(wildcard bench/*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps deps-test run check test bench install uninstall clean demo fuzz format format-check \
	fuzz-build fuzz-afl completion dist deb

all: $(BIN)

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh all

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) $(BUILD)/version.stamp | $(BUILD)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

# The table models' row loops (clip, add, mask) are worth vectorising: -O3 turns
# their branches into vector selects (nnet:8 on 1M rows: see make bench).
$(BUILD)/model-matrix.o: CFLAGS += -O3

$(BUILD):
	@mkdir -p $(BUILD)/tests $(BUILD)/bench

# Rewritten only when VERSION changes, so that the objects that print it follow.
$(BUILD)/version.stamp: FORCE | $(BUILD)
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' >$@
.PHONY: FORCE
FORCE:

$(LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(wildcard tests/unit/*.h) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(CMOCKA_LIBS) $(CORE_LIBS) $(LDFLAGS)

# The fuzz corpus replay includes the harnesses (fuzz/*.c): rebuilt when they change.
$(BUILD)/tests/test-fuzz-replay: $(wildcard fuzz/*.c fuzz/*.h)

$(BUILD)/bench/%: bench/%.c $(wildcard bench/*.h) $(LIB) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) $(LDFLAGS)

# Build, install what is missing, start the explorer on the lesson's data.
run:
	@sh scripts/deps.sh build
	@$(MAKE) --no-print-directory all
	./$(BIN)

# Build and pass every test, by kind: unit (cmocka), cli (command line, no terminal),
# tmux (a real terminal), golden (screens and files against tests/golden/).
check:
	@sh scripts/deps.sh all
	@$(MAKE) --no-print-directory all tests
	@sh tests/run.sh $(BIN) $(BUILD)

test: check

.PHONY: tests
tests: $(TEST_BIN)

bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; ./$$b || true; done
	@sh bench/cli.sh ./$(BIN) || true

# Play the built-in lesson in the explorer on its timers (chapters turn by
# themselves; a key takes a chapter over, PgDn/PgUp still turn).
demo: all
	./$(BIN) --lesson --play

# Shell completions, written by the binary from its own tables (src/completion.c).
COMPLETIONS = $(BUILD)/completion/fitplay $(BUILD)/completion/_fitplay
completion: $(COMPLETIONS)
$(BUILD)/completion/fitplay: $(BIN)
	@mkdir -p $(@D)
	./$(BIN) --completion bash >$@.tmp && mv $@.tmp $@
$(BUILD)/completion/_fitplay: $(BIN)
	@mkdir -p $(@D)
	./$(BIN) --completion zsh >$@.tmp && mv $@.tmp $@

# make install strips the binary (INSTALL_STRIP= keeps its symbols: debian/rules
# leaves stripping to dh_strip); the man page carries VERSION.
INSTALL_STRIP ?= -s
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions
install: all $(COMPLETIONS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR) \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(INSTALL_STRIP) $(BIN) $(DESTDIR)$(BINDIR)/fitplay
	sed '1,/^\.TH/s/"fitplay [0-9][^"]*"/"fitplay $(VERSION)"/' man/fitplay.1 \
		>$(DESTDIR)$(MANDIR)/fitplay.1 && chmod 644 $(DESTDIR)$(MANDIR)/fitplay.1
	for f in assets/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/; done; true
	install -m 644 $(BUILD)/completion/fitplay $(DESTDIR)$(BASHCOMPDIR)/fitplay
	install -m 644 $(BUILD)/completion/_fitplay $(DESTDIR)$(ZSHCOMPDIR)/_fitplay

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fitplay $(DESTDIR)$(MANDIR)/fitplay.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/fitplay $(DESTDIR)$(ZSHCOMPDIR)/_fitplay
	rm -rf $(DESTDIR)$(DATADIR)

# Releases: fitplay-VERSION.tar.gz of git's tracked files at HEAD (git archive), and
# the Debian package fitplay_VERSION-1_ARCH.deb (debian/, dpkg-buildpackage in
# build-deb/, from git's tracked files at HEAD too; lintian must find no error).
# `sh .ci/dist-check` unpacks the tarball and runs make check in it;
# `sh tests/pkg/deb.sh` installs the .deb and runs it (CI runs both).
DIST = fitplay-$(VERSION)
dist:
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DIST).tar.gz HEAD
	@echo "wrote $(DIST).tar.gz"

deb:
	@sh scripts/deps.sh deb
	rm -rf build-deb && mkdir -p build-deb
	git archive --format=tar --prefix=fitplay-$(VERSION)/ HEAD | tar -x -C build-deb
	cd build-deb/fitplay-$(VERSION) && dpkg-buildpackage -b -us -uc -j2
	lintian --fail-on error build-deb/fitplay_$(VERSION)-*.changes
	cp build-deb/fitplay_$(VERSION)-*_*.deb .
	@ls fitplay_$(VERSION)-*.deb

# Fuzzing (fuzz/README.md): libFuzzer builds of every harness in build-fuzz/, each run
# FUZZ_SECONDS on a copy of its committed corpus; `make fuzz-afl` the same with AFL++.
FUZZ_TARGETS = csv cli quote keys table session lesson
FUZZ_SECONDS ?= 60
FUZZ_CORE_SRC = $(CORE_SRC)
FUZZ_CFLAGS = $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 -g -O1
FUZZ_BIN = $(FUZZ_TARGETS:%=build-fuzz/fuzz-%)
AFL_BIN = $(FUZZ_TARGETS:%=build-afl/fuzz-%)

.PRECIOUS: build-fuzz/obj/%.o build-afl/obj/%.o
build-fuzz/obj/%.o: src/%.c $(wildcard include/*.h)
	@mkdir -p build-fuzz/obj
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=undefined -c $< -o $@

build-fuzz/fuzz-%: fuzz/fuzz-%.c fuzz/fuzz.h $(FUZZ_CORE_SRC:src/%.c=build-fuzz/obj/%.o)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ $< $(FUZZ_CORE_SRC:src/%.c=build-fuzz/obj/%.o) $(CORE_LIBS)

build-afl/obj/%.o: src/%.c $(wildcard include/*.h)
	@mkdir -p build-afl/obj
	AFL_QUIET=1 AFL_USE_ASAN=1 afl-clang-fast $(FUZZ_CFLAGS) -c $< -o $@

build-afl/fuzz-%: fuzz/fuzz-%.c fuzz/fuzz.h $(FUZZ_CORE_SRC:src/%.c=build-afl/obj/%.o)
	AFL_QUIET=1 AFL_USE_ASAN=1 afl-clang-fast $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_CORE_SRC:src/%.c=build-afl/obj/%.o) $(CORE_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz:
	@sh scripts/deps.sh all
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@sh fuzz/run.sh libfuzzer $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-afl:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(AFL_BIN)
	@sh fuzz/run.sh afl $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf build build-san build-fuzz build-afl build-gslcblas build-deb fitplay fitplay-*.tar.gz \
		fitplay_*.deb

FORMAT_SRC = $(wildcard src/*.c include/*.h tests/unit/*.c tests/unit/*.h bench/*.c bench/*.h fuzz/*.c fuzz/*.h)
format:
	clang-format -i $(FORMAT_SRC)

# Every C file as .clang-format has it (CI runs this): a list of the files that are not.
format-check:
	@bad=0; for f in $(FORMAT_SRC); do \
		clang-format "$$f" | cmp -s - "$$f" || { echo "not formatted: $$f (make format)"; bad=1; }; \
	done; exit $$bad
