# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-busy install ingest lint format clean chromium bench eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first, pinned: the CPU build on this machine's disk (a bare `torch` pulls CUDA).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Performance: start-up, cold/warm ask, ingest, and the 4/100/1,000-report scale curve,
# each against a baseline run in the same script; writes bench/README.md and scale.png.
BENCH_OUT   ?= /tmp/bench
BENCH_SIZES ?= 4 100 1000
bench: install
	$(BIN)/python -m bench.run --out $(BENCH_OUT)/main
	$(BIN)/python -m bench.scale ingest --out $(BENCH_OUT)/scale --sizes $(BENCH_SIZES)
	$(BIN)/python -m bench.scale query --out $(BENCH_OUT)/scale --sizes $(BENCH_SIZES)
	$(BIN)/python -m bench.reingest --store $(BENCH_OUT)/scale/store-$(lastword $(BENCH_SIZES)) \
	  --out $(BENCH_OUT)/scale/reingest.json
	$(BIN)/python -m bench.report --run $(BENCH_OUT)/main/run.json --scale $(BENCH_OUT)/scale

ingest: install
	$(BIN)/reportqa ingest corpus/

# `make run PORT=8600`. Without it Streamlit's configuration decides (.streamlit/config.toml,
# STREAMLIT_SERVER_PORT, ...): localhost:8501 as shipped. Only a PORT given on make's
# command line counts, not one that happens to be in the environment.
run: ingest
	$(BIN)/reportqa chat $(if $(filter command line,$(origin PORT)),--port $(PORT))

# the golden set against the ingested store; exits 1 below evals/thresholds.toml
eval: ingest
	$(BIN)/reportqa eval

# The browser tests drive Debian's chromium; install it once (sudo only when not root).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

test: install chromium
	$(BIN)/python -m pytest

# the same suite while a spinning process keeps every core busy (a loaded machine)
test-busy: install chromium
	$(BIN)/python -m tests.busy

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .reportqa .pytest_cache
