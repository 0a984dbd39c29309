# Thin wrappers over SwiftPM. `make demo` and `make test` are the README's two set-up commands.
SWIFT ?= swift
BIN_DEBUG = .build/debug/hporun

.PHONY: build release test demo bench clean

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
