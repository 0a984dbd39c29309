# Thin wrappers over SwiftPM. `make demo` and `make test` are the README's two set-up commands.
SWIFT ?= swift
BIN_DEBUG = .build/debug/hporun

.PHONY: build release test demo bench bench-optimizers bench-suite bench-suite-long bench-suite-peers bench-heldout bench-heldout-peers bench-runner bench-report bench-tee bench-pruning bench-pruning-rbfopt digits-sample tune-digits \
	bench-digits clean slurm-up slurm-down torture wheel wheel-test wheel-check

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Builds everything (tests included) first so test time is not spent compiling, then runs
# every suite: unit tests and the end-to-end tests that drive the built hporun.
# One test target at a time: the end-to-end tests block test threads while the built hporun
# runs, and on two cores that starved the in-process runner tests of the cooperative pool
# (a 0.2 s test took 60 s when it ran beside them).
test: digits-sample
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '^HPOKitTests\.'
	$(SWIFT) test --skip-build --filter '^EMetricsTests\.'
	$(SWIFT) test --skip-build --filter '^HPOReportTests\.'
	$(SWIFT) test --skip-build --filter '^HPORunTests\.'

clean:
	rm -rf .build hpo-runs Samples/swift-training/.build

# A one-node Slurm cluster on this machine (Debian's packages; state in /tmp/hporun-slurm),
# for the Slurm end-to-end tests, which are skipped without it, and for trying
# `--launcher slurm`: export SLURM_CONF=/tmp/hporun-slurm/slurm.conf to use it by hand.
slurm-up:
	Scripts/slurm-cluster.sh up

slurm-down:
	Scripts/slurm-cluster.sh down

# The README's first command: tune the quickstart sample into a fresh hpo-runs/quickstart.
# The line before the build says why the first run takes a while.
demo:
	@echo "make demo: building hporun first (a minute or two the first time, seconds after that)"
	$(SWIFT) build
	rm -rf hpo-runs/quickstart
	$(BIN_DEBUG) --manifest Samples/quickstart/exp.yml --experiment-dir hpo-runs/quickstart \
		-- python3 $(CURDIR)/Samples/quickstart/train.py
	$(BIN_DEBUG) status hpo-runs/quickstart
	@echo "The report, to open in a browser (the run kept it current; this writes it once more):"
	$(BIN_DEBUG) report hpo-runs/quickstart
	@echo "To type hporun yourself (the README's next commands): export PATH=\"$(CURDIR)/.build/debug:\$$PATH\""

bench: bench-optimizers bench-runner

# The optimizers on branin, goldstein_price, camel6, hartmann3, rosenbrock4 and a mixed
# problem (10 seeds, 50 evaluations), then the RBF suggestion time against history length.
bench-optimizers:
	$(SWIFT) build -c release --product OptimizerBench
	.build/release/OptimizerBench $(BENCH_ARGS)

# The suite (Scripts/suite/problems.py = Sources/OptimizerBench/Suite*.swift, 59 problems): an
# optimizer in process (SUITE_METHOD, default rbfopt) at budget 50 x 10 seeds and 100 x 5, per
# problem its median [q1, q3] gap at 20/50/100 beside each peer's (Scripts/suite/peers/gaps.json,
# committed), then the summary lines. SUITE_ARGS adds flags (--parallel K, --noise SD, --problem A,B).
# Last, the budget-50 summary on 30 seeds from 100000, seeds no change was chosen on: seeds 0-9
# flatter whatever was tuned on them (README, rbfopt), and this is the figure to expect elsewhere.
SUITE_METHOD ?= rbfopt
bench-suite:
	$(SWIFT) build -c release --product OptimizerBench
	.build/release/OptimizerBench --suite --method $(SUITE_METHOD) --budget 50 --seeds 10 $(SUITE_ARGS)
	.build/release/OptimizerBench --suite --method $(SUITE_METHOD) --budget 100 --seeds 5 $(SUITE_ARGS)
	.build/release/OptimizerBench --suite --method $(SUITE_METHOD) --budget 50 --seeds 30 --first-seed 100000 $(SUITE_ARGS) | grep -A1 '^summary'

# The long-run target: budget 300 (5 seeds) on the suite's problems of 6 or more dimensions;
# whether each third's median gap falls, and seeds flat for a third of the run.
bench-suite-long:
	$(SWIFT) build -c release --product OptimizerBench
	.build/release/OptimizerBench --suite --long-run --method $(SUITE_METHOD) $(SUITE_ARGS)

# Re-runs the peers on the suite (hours on 2 cores; needs ../shared/peers/setup.sh) into
# PEERS_OUT, then rewrites Scripts/suite/peers/gaps.json from everything found there.
PEERS_OUT ?= /tmp/peers-suite
PEERS_PY ?= /tmp/hporun-peers-venv/bin/python
PEERS_DIR ?= /work/shared/peers
bench-suite-peers:
	$(PEERS_PY) $(PEERS_DIR)/peers_bench.py run --problems-module Scripts/suite/problems.py -B 50 -S 10 \
		--optimizers random,rbfopt,optuna_tpe,optuna_gp,hyperopt_tpe --out $(PEERS_OUT)
	$(PEERS_PY) $(PEERS_DIR)/peers_bench.py run --problems-module Scripts/suite/problems.py -B 100 -S 5 \
		--optimizers random,rbfopt,optuna_tpe,optuna_gp,hyperopt_tpe --out $(PEERS_OUT)
	python3 Scripts/suite/collect-peers.py $(PEERS_OUT) Scripts/suite/peers/gaps.json

# The held-out set (Scripts/heldout/problems.py = Sources/OptimizerBench/SuiteHeldout*.swift, 19
# problems no optimizer constant is tuned on): rbfopt, tpe and bo as bench-suite does, against the
# peers' gaps in Scripts/heldout/peers/gaps.json (bench-heldout-peers re-runs them, about two hours).
HELDOUT_METHODS ?= rbfopt tpe bo
bench-heldout:
	$(SWIFT) build -c release --product OptimizerBench
	for method in $(HELDOUT_METHODS); do \
		.build/release/OptimizerBench --suite --set heldout --method $$method --budget 50 --seeds 10 $(SUITE_ARGS) || exit 1; \
		.build/release/OptimizerBench --suite --set heldout --method $$method --budget 100 --seeds 5 $(SUITE_ARGS) || exit 1; \
	done

HELDOUT_PEERS_OUT ?= /tmp/peers-heldout
bench-heldout-peers:
	$(PEERS_PY) $(PEERS_DIR)/peers_bench.py run --problems-module Scripts/heldout/problems.py -B 50 -S 10 \
		--optimizers random,rbfopt,optuna_tpe,optuna_gp,hyperopt_tpe --out $(HELDOUT_PEERS_OUT)
	$(PEERS_PY) $(PEERS_DIR)/peers_bench.py run --problems-module Scripts/heldout/problems.py -B 100 -S 5 \
		--optimizers random,rbfopt,optuna_tpe,optuna_gp,hyperopt_tpe --out $(HELDOUT_PEERS_OUT)
	python3 Scripts/suite/collect-peers.py $(HELDOUT_PEERS_OUT) Scripts/heldout/peers/gaps.json

# hporun's per-trial overhead against a plain shell loop (500 trials of a shell script writing the objective, 5 rounds), and the
# emetrics reader on a 1-million-line file (time, peak memory).
bench-runner:
	$(SWIFT) build -c release --product hporun
	$(SWIFT) build -c release --product MetricsBench
	Scripts/bench-runner.sh

# The HTML report of a generated 10,000-trial experiment: the time to write it, its size, and
# headless Chromium's load-and-layout time (printed, not asserted).
bench-report:
	$(SWIFT) build -c release --product hporun
	Scripts/bench-report.sh

# --tee's throughput: a trial printing 200 MB (MB=...) through hporun --tee into a file, against
# cat of the same file and hporun without --tee (best of 3; printed, not asserted).
bench-tee:
	$(SWIFT) build -c release --product hporun
	Scripts/bench-tee.sh

# Epochs and wall time that pruning saves (none, median, asha, hyperband; Optuna's TPE with
# MedianPruner and HyperbandPruner on the same programs, from /tmp/hporun-peers-venv or
# OPTUNA_PYTHON) on two workloads with known curves and on the digits MLP: rbfopt, every
# method the same epoch budget, 5 seeds; medians printed (Scripts/bench-pruning.py says the rule).
bench-pruning: digits-sample
	$(SWIFT) build -c release --product hporun
	Scripts/bench-pruning.py

# bench-pruning's two curve workloads (and noisier copies) simulated in process with the real
# rbfopt and pruners, one trial at a time: epochs to the target for none, median, asha and
# hyperband over 30 seeds in a few minutes (Sources/OptimizerBench/SuitePruning.swift).
# PRUNING_ARGS adds flags (--seeds N, --first-seed N, --rule hporun|median|early, --per-seed,
# --workloads curves,powerlaw,curves-noisy,powerlaw-noisy, --pruners none,asha).
PRUNING_ARGS ?= --seeds 30 --workloads curves,powerlaw,curves-noisy,powerlaw-noisy
bench-pruning-rbfopt:
	$(SWIFT) build -c release --product OptimizerBench
	.build/release/OptimizerBench --pruning $(PRUNING_ARGS)

# The long hardening campaigns (SIGKILL at random instants, escaping descendants, hostile
# metrics files and values, a full disk): counts printed, see Scripts/torture/README.md.
torture:
	$(SWIFT) build -c release --product hporun
	Scripts/torture.sh

DIGITS = Samples/swift-training
DIGITS_BIN = $(DIGITS)/.build/release/digits-mlp

# The Swift training sample (an MLP on the 8x8 digits, linking EMetrics), built in release mode.
digits-sample:
	$(SWIFT) build -c release --package-path $(DIGITS)

# Tunes the digits MLP: 30 trials of rbfopt into a fresh hpo-runs/digits.
tune-digits: build digits-sample
	rm -rf hpo-runs/digits
	$(BIN_DEBUG) --manifest $(DIGITS)/digits.yml --experiment-dir hpo-runs/digits \
		-- $(CURDIR)/$(DIGITS_BIN) --data $(CURDIR)/$(DIGITS)/digits.csv
	$(BIN_DEBUG) status hpo-runs/digits

# Best TEST accuracy of rbfopt, tpe, random and Optuna's TPE after 10, 20 and 30 trials (SEEDS, default 5).
bench-digits: release digits-sample
	Scripts/bench-digits.sh

# The wheel for `pip install` (dist/hporun-<version>-py3-none-manylinux_2_<N>_<arch>.whl): hporun
# built in release mode with the Swift runtime linked in (it needs only the C library),
# stripped, with the Python package of python/ (emetrics writer, experiment reader).
wheel:
	$(SWIFT) build -c release --static-swift-stdlib --product hporun
	rm -f dist/hporun-*.whl
	python3 Scripts/build-wheel.py --binary .build/release/hporun --out dist

# The wheel installed into a fresh venv and used with no Swift toolchain on the PATH, and
# the Python reader's tests on experiments made by the binary (python/tests/).
wheel-test: wheel
	cd python/tests && HPORUN_WHEEL_DIR=$(CURDIR)/dist HPORUN_BIN=$(CURDIR)/.build/release/hporun \
		python3 -m unittest -v test_reader test_wheel

# The wheel's hporun running the quickstart inside a minimal Debian root (debootstrap, python3
# only, no Swift): needs root and Debian's mirrors, so it is not part of CI.
wheel-check: wheel
	Scripts/wheel-check.sh dist/hporun-*.whl
