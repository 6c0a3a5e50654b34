# FlowCanvas: `make run` launches the designer on a demo project, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO := $(HOME)/.local/share/flowcanvas/demo.fcproj
# Debian packages Qt needs to start (offscreen in tests, xcb on a desktop) and PostgreSQL for the scale-out tests.
SYSTEM_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 \
	libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 fonts-dejavu-core fonts-wqy-microhei \
	postgresql xvfb xauth

BUNDLE := dist/flowcanvas/flowcanvas

.PHONY: run test lint system-deps venv bench clean bundle bundle-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

run: system-deps $(STAMP)
	@[ -f "$(DEMO)" ] || { mkdir -p "$(dir $(DEMO))" && $(PY) main.py init "$(DEMO)" --demo; }
	$(PY) main.py --project "$(DEMO)"

# ruff (rules and complexity limit in pyproject.toml), mypy --strict on runtime/, and the size limits
# of the developers' guide (module <= 600 lines, function <= 80)
lint: $(STAMP)
	$(VENV)/bin/ruff check runtime designer tools
	$(VENV)/bin/mypy
	$(PY) tools/check_size.py runtime designer

test: system-deps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

# The PyInstaller one-folder app in dist/flowcanvas/ (not part of `make test`: a few minutes).
bundle: $(STAMP)
	$(PY) -m pip install -q -e '.[bundle]'
	@for ts in $$(find designer resources -name '*.ts' 2>/dev/null); do \
		$(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm" || exit 1; done
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/flowcanvas.spec
	@du -sh dist/flowcanvas

# Build, then start the bundled binary offscreen, away from the source tree: it creates the demo
# project in a temporary folder, runs a virtual day through the embedded runtime, prints JSON, exits 0.
bundle-test: system-deps bundle
	cd "$$(mktemp -d)" && QT_QPA_PLATFORM=offscreen "$(CURDIR)/$(BUNDLE)" --smoke

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
