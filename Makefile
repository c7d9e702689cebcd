# Two entry points: `make demo` (the main job on the bundled samples) and `make test`.
# Both create .venv from the pinned, hash-checked requirements.lock and install the project.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= out/samples
DEMO_INDEX ?= samples

.PHONY: install demo test lint bench clean lock

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/corpus annotate samples -o $(DEMO_OUT) --jobs 0
	$(BIN)/corpus validate $(DEMO_OUT)
	$(BIN)/corpus index $(DEMO_OUT) --index $(DEMO_INDEX)
	$(BIN)/corpus search security --index $(DEMO_INDEX) --limit 5
	$(BIN)/corpus kwic security --index $(DEMO_INDEX) --width 40 --limit 20
	$(BIN)/corpus kwic security --index $(DEMO_INDEX) --speaker Ushakov --in quote --sort R1

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check corpus tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out indexes/*

lock: $(STAMP)
	rm -rf build/wheels && mkdir -p build/wheels
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > build/freeze.txt
	$(BIN)/pip download --quiet --no-deps -d build/wheels -r build/freeze.txt setuptools==80.9.0
	$(BIN)/python tools/lock.py build/wheels > requirements.lock
