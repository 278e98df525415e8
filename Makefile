# Two commands set everything up on a fresh machine:
#   make demo   creates .venv, installs the package, extracts the bundled fixtures (pretty output)
#   make test   creates .venv with the dev extras and runs the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHAINLP_OFFLINE := 1

.PHONY: demo test eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[fast,ner]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/thainews extract fixtures/articles --format pretty

test: $(VENV)/.installed-dev
	$(PY) -m pytest -q

eval: $(VENV)/.installed
	$(VENV)/bin/thainews eval fixtures/articles
	@if [ -d ../shared/data/thaigov/dev ]; then $(VENV)/bin/thainews eval ../shared/data/thaigov/dev; fi

clean:
	rm -rf $(VENV) build *.egg-info
