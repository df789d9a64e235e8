# The two commands README.md promises:
#   make run   set up, build and start a single-node cluster (k1s server)
#   make test  set up, build and run every test (what CI runs)
# Everything else here is a convenience for developers.

BUILD      ?= build
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
# Arguments for `make run`, e.g. make run ARGS="--data-dir /tmp/k1s -v 1"
ARGS       ?=
# Sanitizer passes of `make test`; SANITIZERS= skips them.
SANITIZERS ?= asan tsan
# The unit tests the sanitizer passes build and run: the foundation libraries
# whose threads everything else stands on. Building the whole tree twice more
# under sanitizers would not fit CI's hour on two cores.
SANITIZED_TESTS ?= util_test store_test http_test cli_test pki_test api_test proto_test
SANITIZED_REGEX := ^($(shell echo $(SANITIZED_TESTS) | tr ' ' '|'))$$
# The fuzz pass of `make test` (FUZZ= skips it): the libFuzzer targets under
# fuzz/, built with clang, each run for FUZZ_TIME seconds from fuzz/corpus/.
FUZZ       ?= fuzz
FUZZ_TIME  ?= 20

.PHONY: all setup build run test test-fast asan tsan fuzz bench format check-format clean

all: build

setup:
	@packaging/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DK1S_WERROR=ON $(CMAKE_ARGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/k1s server $(ARGS)

# Everything: the warnings-as-errors build and its whole suite, then the unit
# tests again under ASan+UBSan and under TSan, then a short fuzz run.
# A failing test is run up to twice more before it fails the run, and the
# failed attempt stays in the log. The stall that made this necessary is
# found: a controller parked a key on its FakeClock while its informers
# listed (fixed in HousekeepingController). The retries stay as a guard for
# the end-to-end tests' timing on two busy cores; a real regression fails
# all three runs.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --repeat until-pass:3
	@for s in $(SANITIZERS); do $(MAKE) --no-print-directory $$s || exit 1; done
	@for f in $(FUZZ); do $(MAKE) --no-print-directory $$f || exit 1; done

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE slow

asan: setup
	cmake -S . -B $(BUILD)-asan -G Ninja -DK1S_WERROR=ON -DK1S_SANITIZE_ADDRESS=ON -DK1S_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(BUILD)-asan -j $(JOBS) --target $(SANITIZED_TESTS)
	ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS) -L unit -R '$(SANITIZED_REGEX)'

tsan: setup
	cmake -S . -B $(BUILD)-tsan -G Ninja -DK1S_WERROR=ON -DK1S_SANITIZE_THREAD=ON -DK1S_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD)-tsan -j $(JOBS) --target $(SANITIZED_TESTS)
	ctest --test-dir $(BUILD)-tsan --output-on-failure -j $(JOBS) -L unit -R '$(SANITIZED_REGEX)'

# The request decoders, patch engines and HTTP parser under libFuzzer with
# ASan+UBSan (clang; only the fuzz targets and the libraries they link are
# built), each for FUZZ_TIME seconds from a copy of fuzz/corpus/.
fuzz: setup
	CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DK1S_FUZZ=ON -DK1S_BUILD_TESTS=OFF \
	  -DK1S_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_targets
	fuzz/run.sh $(BUILD)-fuzz/fuzz $(FUZZ_TIME) $(JOBS)

bench: build
	$(BUILD)/bench/store/bench_store

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan $(BUILD)-fuzz
