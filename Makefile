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

.PHONY: all setup build run test test-fast asan tsan bench format check-format clean

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
# tests again under ASan+UBSan and under TSan.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	@for s in $(SANITIZERS); do $(MAKE) --no-print-directory $$s || exit 1; done

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

bench: build
	$(BUILD)/bench/store/bench_store

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan
