# SMM Desk — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test soak lint fmt bench dist audit lock i18n icons install-desktop system-deps clean

# One line per step; pip's own output (and the build tools' chatter) goes to $(LOG), which
# is shown when something fails.
LOG    := $(VENV)/install.log
$(STAMP): pyproject.toml
	@test -x $(PY) || { echo "Creating the virtual environment…"; $(PYTHON) -m venv $(VENV); }
	@if [ -e $(STAMP) ]; then echo "Updating the installation (pyproject.toml changed)…"; \
	else echo "Installing (first time: a few minutes)…"; fi
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -e ".[dev]"; } \
		> $(LOG) 2>&1 || { tail -n 40 $(LOG); \
		echo "Installing failed (the whole log: $(LOG))."; exit 1; }
	@touch $(STAMP)

# Creates the venv, installs, opens the app.
run: $(STAMP) i18n
	@echo "Opening SMM Desk"
	@$(PY) main.py

# The whole suite: unit, GUI (offscreen), real keyring, Xvfb end-to-end, frozen smoke test.
test: $(STAMP) i18n
	bash scripts/run-tests.sh

# The suite N times in a row, two copies at once in separate clones of HEAD (scripts/soak.sh):
# `make soak N=10`; PYTEST_ARGS="tests/core" narrows each run.
N ?= 10
soak: $(STAMP)
	bash scripts/soak.sh $(N)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) scripts/check_imports.py
	$(PY) -m mypy

fmt: $(STAMP)
	$(PY) -m ruff check --fix .

bench: $(STAMP) i18n
	$(PY) bench/run_all.py

# Compile Qt translations (.ts -> .qm); harmless when there are none yet.
i18n: $(STAMP)
	@$(PY) scripts/build_i18n.py

i18n-update: $(STAMP)
	$(PY) scripts/update_i18n.py

icons: $(STAMP)
	$(PY) scripts/make_icons.py

# A release bundle, built in its own venv from the hashed pins of requirements-lock.txt (every
# download checked against its sha256): the bundle carries exactly the locked versions.
DIST_VENV := .venv-dist
DIST_PY   := $(DIST_VENV)/bin/python
dist: $(STAMP) i18n
	@test -x $(DIST_PY) || $(PYTHON) -m venv $(DIST_VENV)
	$(DIST_PY) -m pip install --quiet --require-hashes --no-deps -r requirements-lock.txt
	$(DIST_PY) -m PyInstaller --noconfirm --clean build.spec

# Known vulnerabilities in the locked release dependencies (pip-audit; needs the network, so it
# is run by hand, not by `make test`).
audit: $(STAMP)
	@$(PY) -m pip_audit --version >/dev/null 2>&1 || $(PY) -m pip install --quiet pip-audit
	$(PY) -m pip_audit --require-hashes --disable-pip -r requirements-lock.txt

# Regenerate requirements-lock.txt after a change to the dependencies in pyproject.toml.
lock: $(STAMP)
	@$(PY) -m piptools --version >/dev/null 2>&1 || $(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --extra build --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
		-o requirements-lock.txt pyproject.toml

install-desktop: $(STAMP)
	bash scripts/install-desktop.sh

# docs/screenshots/<view>-<en|tr>.png: the real app on the demo panel, on a private Xvfb, driven by xdotool.
.PHONY: screenshots
screenshots: $(STAMP) i18n
	$(PY) scripts/screenshots.py

# Debian packages the GUI and tests need (Xvfb, xcb, gnome-keyring, dbus); root installs, others get a list.
system-deps:
	bash scripts/install-system-deps.sh

clean:
	rm -rf build dist .pytest_cache .ruff_cache
