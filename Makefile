# nq57 — build with `make`; `make SAN=1` builds under AddressSanitizer + UBSan into build-san/.
CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libutf8proc zlib xlsxwriter libxml-2.0 libzip
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm

ifeq ($(SAN),1)
BUILD   := build-san
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   := build
endif

SRC       := $(wildcard src/*.c src/store/*.c)
OBJ       := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC))
DOMAIN    := $(filter-out $(BUILD)/obj/main.o,$(OBJ))
EMBED_IN  := $(sort $(wildcard sql/sqlite/*.sql sql/postgres/*.sql web/*.* web/js/*.js web/img/*.* data/*.csv data/documents/*.txt)) docs/openapi.json
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all test-unit bench-rollup bench-feedback clean
all: $(BUILD)/nq57

$(BUILD)/nq57: $(OBJ) $(BUILD)/obj/embedded_data.o
	@echo "  LD $@"; $(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/store/*.h) | $(BUILD)/obj/store
	@echo "  CC $<"; $(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj/store
	$(CC) -O1 -o $@ $<

$(BUILD)/embedded_data.c: $(BUILD)/embed $(EMBED_IN)
	$(BUILD)/embed $@ . $(EMBED_IN)

$(BUILD)/obj/embedded_data.o: $(BUILD)/embedded_data.c
	@echo "  CC $<"; $(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/store:
	mkdir -p $@ $(BUILD)/tests

# Unit tests link every module except main.c, plus the embedded files.
$(BUILD)/tests/%: tests/unit/%.c $(DOMAIN) $(BUILD)/obj/embedded_data.o
	@echo "  LD $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The roll-up benchmark (bench/rollup_bench.c): the domain objects like a unit test, plus libpq
# for the PostgreSQL comparison. Not part of `all`: the server does not need libpq.
$(BUILD)/bench-rollup: bench/rollup_bench.c $(DOMAIN) $(BUILD)/obj/embedded_data.o
	@echo "  LD $@"; $(CC) $(CFLAGS) $(shell pkg-config --cflags libpq) $(LDFLAGS) -o $@ $^ \
	    $(LDLIBS) $(shell pkg-config --libs libpq)

# The raw side of the feedback benchmark (bench/feedback_bench.c, run by bench/feedback.sh).
$(BUILD)/bench-feedback: bench/feedback_bench.c $(DOMAIN) $(BUILD)/obj/embedded_data.o
	@echo "  LD $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

bench-rollup: $(BUILD)/bench-rollup
bench-feedback: $(BUILD)/bench-feedback

clean:
	rm -rf build build-san
