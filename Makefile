# Two entry points a new user needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
EVAL_STAMP := $(VENV)/.installed-eval

.PHONY: demo test setup eval-setup system gate lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newswire ingest --samples --db newswire.duckdb
	$(VENV)/bin/newswire read --samples
	$(VENV)/bin/newswire query --db newswire.duckdb --ask top-actors --limit 10

test: $(EVAL_STAMP) system
	$(VENV)/bin/python -m pytest -q
	$(VENV)/bin/newswire evaluate gate --check

# textacy, for the side-by-side attribution comparison in `newswire evaluate polnear` (the tests use it too)
$(EVAL_STAMP): $(STAMP) requirements-eval.lock
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-eval.lock
	touch $(EVAL_STAMP)

eval-setup: $(EVAL_STAMP)

# System packages the tests need, from Debian: chromium for the web app's browser tests (Playwright's
# own browser download is not used) and Java 17 for the Spark test. Installed only when missing.
SUDO := $(shell command -v sudo)
system:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium"; \
		$(SUDO) apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }; }
	@command -v java >/dev/null || { echo "installing Debian's openjdk-17"; \
		$(SUDO) apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q openjdk-17-jre-headless; }; }

gate: $(STAMP)
	$(VENV)/bin/newswire evaluate gate

lock:
	$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links --generate-hashes --allow-unsafe --extra test --strip-extras -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --no-emit-index-url --no-emit-find-links --generate-hashes --allow-unsafe --extra test --extra eval --strip-extras -o requirements-eval.lock pyproject.toml

clean:
	rm -rf $(VENV) build src/*.egg-info
