# lvss - top-level build. See README.md and docs/layout.md.
#
#   make            lvss.ko for $(KVER) and the userspace tools
#   make deps       install every Debian package the build, tests and demo need
#   make demo       deps + build + boot the test VM and show lvss at work
#   make test       unit tests (plain and ASan+UBSan), KUnit, VM suite on 6.1 and 6.12
#   make test-debug the VM suite under a KASAN/lockdep/kmemleak 6.1 kernel
#                   (built once into the cache: tests/debug-kernel/README.md)
#   make fuzz-host  the libFuzzer targets of the userspace parsers, 60 s each
#   make fuzz-kernel the netlink fuzzer for 10 min under the debug kernel
#                   (tests/fuzz/README.md)
#   make soak       SOAK_CYCLES (200) snapshot/verify cycles with mixed workloads
#                   on SOAK_KVER (default 6.1 and 6.12): tests/soak/README.md
#   make check      checkpatch, sparse (C=1) and the W=1 build of kmod/
#   make install    DKMS install of the module + the userspace tools (root)

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Recursively expanded on purpose: evaluated only when a target needs it,
# so 'make deps' works before any kernel headers are installed.
KVER ?= $(shell $(ROOT)/scripts/default-kver.sh)
BUILD ?= $(ROOT)/build
PREFIX ?= /usr/local
export ROOT BUILD

.PHONY: all kmod user user-test deps demo test check install uninstall \
	kunit vmtest test-debug dkms-test bench-quick bench-tracking bench-copy soak clean \
	fuzz-host fuzz-kernel

all: kmod user

kmod:
	$(MAKE) -C kmod KVER=$(KVER)

# The tools and the test tools the VM guest gets (tests/tools: lvss-pattern).
user:
	$(MAKE) -C user
	$(MAKE) -C tests/tools
	$(MAKE) -C tests/nlcheck
	$(MAKE) -C tests/fuzz
	$(MAKE) -C tests/failnth

user-test:
	$(MAKE) -C user test
	$(MAKE) -C user SAN=1 test
	$(MAKE) -C tests/tools test
	$(MAKE) -C tests/nlcheck test
	$(MAKE) -C tests/fuzz SAN=1 test
	$(MAKE) -C tests/fuzz regress

deps:
	$(ROOT)/scripts/deps.sh

# A sub-make, so KVER is chosen after deps has installed the headers.
demo:
	$(ROOT)/scripts/deps.sh
	$(MAKE) -C $(ROOT) user
	$(ROOT)/tests/vm/run.sh --demo

test:
	$(ROOT)/tests/run-all.sh

check:
	$(ROOT)/scripts/check.sh

kunit:
	$(ROOT)/tests/kunit/run.sh

vmtest:
	$(ROOT)/tests/vm/run.sh --kver $(KVER)

test-debug:
	$(ROOT)/tests/debug-kernel/run.sh

# FUZZ_SECONDS per target (default 60); new inputs in build/fuzz/work/.
fuzz-host:
	$(MAKE) -C tests/fuzz fuzz-host

# FUZZ_SECONDS (default 600), FUZZ_SEED: tests/fuzz/kernel.sh.
fuzz-kernel:
	$(ROOT)/tests/fuzz/kernel.sh

dkms-test:
	$(ROOT)/tests/dkms/run.sh

# A benchmark, not a test: ratios measured in one guest boot per kernel.
bench-quick:
	$(ROOT)/tests/bench/bench-quick.sh

# A benchmark: what tracking alone costs a write (instructions and disk).
bench-tracking:
	$(ROOT)/tests/bench/bench-tracking.sh

# A benchmark: what copy-on-write costs a first write, in instructions.
bench-copy:
	$(ROOT)/tests/bench/bench-copy.sh

# Long: about 10-30 s a cycle per kernel under TCG; not part of make test.
SOAK_CYCLES ?= 200
SOAK_KVER ?=
soak:
	$(ROOT)/tests/soak/run.sh --cycles $(SOAK_CYCLES) $(foreach k,$(SOAK_KVER),--kver $(k))

install:
	$(ROOT)/scripts/install.sh install $(PREFIX)

uninstall:
	$(ROOT)/scripts/install.sh uninstall $(PREFIX)

clean:
	rm -rf $(BUILD)
	$(MAKE) -C user clean
