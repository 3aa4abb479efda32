# The host-side libFuzzer targets (host/fuzz_*.c): included by Makefile.
# liblvss and the CLI are built again here with clang and
# -fsanitize=fuzzer-no-link,address,undefined; each target links them.

FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_PKGS := libnl-genl-3.0 libkmod blkid json-c
FUZZ_CPPFLAGS = -D_DEFAULT_SOURCE -I$(ROOT)/include -I$(ROOT)/user/lib \
	-I$(ROOT)/user/cli $(shell pkg-config --cflags $(FUZZ_PKGS))
FUZZ_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link -MMD -MP
FUZZ_LIBS = $(shell pkg-config --libs $(FUZZ_PKGS))

FUZZ_TARGETS := fuzz_nl_reply fuzz_nl_dump fuzz_storefile fuzz_cli \
	fuzz_dev_path
FUZZ_LIB_SRCS := $(wildcard $(ROOT)/user/lib/*.c)
FUZZ_CLI_SRCS := $(filter-out %/lvss.c,$(wildcard $(ROOT)/user/cli/*.c))
FUZZ_LIB_OBJS := $(FUZZ_LIB_SRCS:$(ROOT)/user/%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_CLI_OBJS := $(FUZZ_CLI_SRCS:$(ROOT)/user/%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/%)
FUZZ_SECONDS ?= 60

.PHONY: host host-clean regress fuzz-host corpus

host: $(FUZZ_BINS)

$(FUZZ_OUT)/obj/lib/lvss_version.o: FUZZ_VERSION = \
	-DLVSS_TOOLS_VERSION='"$(shell cat $(ROOT)/VERSION)"'

$(FUZZ_OUT)/obj/%.o: $(ROOT)/user/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_VERSION) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_OUT)/obj/host/%.o: host/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

# The CLI target's lvss_open() fails (host/fuzz_cli.c): no kernel, no files.
$(FUZZ_OUT)/bin/fuzz_cli: FUZZ_LDEXTRA = -Wl,--wrap=lvss_open
$(FUZZ_OUT)/bin/fuzz_cli: $(FUZZ_CLI_OBJS)

$(FUZZ_OUT)/bin/%: $(FUZZ_OUT)/obj/host/%.o $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(FUZZ_LDEXTRA) -o $@ \
		$(filter %.o,$^) $(FUZZ_LIBS)

# Each target over its corpus once (seconds): TAP and "N passed, N failed".
regress: host
	./host.sh regress $(FUZZ_OUT)/bin $(FUZZ_TARGETS)

# Each target for FUZZ_SECONDS; new inputs go to $(FUZZ_OUT)/work/.
fuzz-host: host
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./host.sh fuzz $(FUZZ_OUT)/bin $(FUZZ_TARGETS)

# Rewrites the seed files in corpus/ from host/mkcorpus.c (crash
# reproducers added by hand stay).
corpus:
	@mkdir -p $(FUZZ_OUT)
	$(CC) -D_GNU_SOURCE -I$(ROOT)/include -I$(ROOT)/user/lib \
		-I$(ROOT)/user/tests $(shell pkg-config --cflags libnl-genl-3.0) \
		-std=c11 -Wall -Wextra -Werror -o $(FUZZ_OUT)/mkcorpus \
		host/mkcorpus.c $(shell pkg-config --libs libnl-genl-3.0)
	$(FUZZ_OUT)/mkcorpus corpus

host-clean:
	rm -rf $(FUZZ_OUT)

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_CLI_OBJS:.o=.d) \
	$(FUZZ_TARGETS:%=$(FUZZ_OUT)/obj/host/%.d)
