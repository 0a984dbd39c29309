# Thin wrappers over SwiftPM. `make demo` and `make test` are the README's two set-up commands.
SWIFT ?= swift
BIN_DEBUG = .build/debug/hporun

.PHONY: build release test demo bench bench-optimizers bench-runner clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Builds everything (tests included) first so test time is not spent compiling, then runs
# every suite: unit tests and the end-to-end tests that drive the built hporun.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build hpo-runs

# The README's first command: tune the quickstart sample into a fresh hpo-runs/quickstart.
demo: build
	rm -rf hpo-runs/quickstart
	$(BIN_DEBUG) --manifest Samples/quickstart/exp.yml --experiment-dir hpo-runs/quickstart \
		-- python3 $(CURDIR)/Samples/quickstart/train.py
	$(BIN_DEBUG) status hpo-runs/quickstart

bench: bench-optimizers bench-runner

# The optimizers on branin, goldstein_price, camel6, hartmann3, rosenbrock4 and a mixed
# problem (10 seeds, 50 evaluations), then the RBF suggestion time against history length.
bench-optimizers:
	$(SWIFT) build -c release --product OptimizerBench
	.build/release/OptimizerBench $(BENCH_ARGS)

# hporun's per-trial overhead against a plain shell loop (500 trials of `true`), and the
# emetrics reader on a 1-million-line file (time, peak memory).
bench-runner:
	$(SWIFT) build -c release --product hporun
	$(SWIFT) build -c release --product MetricsBench
	Scripts/bench-runner.sh
