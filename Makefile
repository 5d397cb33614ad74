# SMM Desk — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint fmt bench dist i18n icons install-desktop system-deps clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Creates the venv, installs, opens the app.
run: $(STAMP) i18n
	$(PY) main.py

# The whole suite: unit, GUI (offscreen), real keyring, Xvfb end-to-end, frozen smoke test.
test: $(STAMP) i18n
	bash scripts/run-tests.sh

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) scripts/check_imports.py

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

dist: $(STAMP) i18n
	$(PY) -m PyInstaller --noconfirm --clean build.spec

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
