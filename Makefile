# formseal — the two commands a newcomer types: `make run` and `make test`.
# Every target does its own idempotent set-up, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := themes/default/static/vendor
# wrk: the HTTP load generator of `make bench` (without it a slower Python one is used)
# fonts-*: every script and emoji a signer can type, drawn in the sealed PDF (docs/deploy.md)
APT_PACKAGES := poppler-utils libharfbuzz-subset0 chromium fonts-dejavu-core fonts-noto-cjk \
  fonts-noto-core fonts-noto-color-emoji nginx wrk

.PHONY: run test setup system-packages venv assets migrate demo lint bench clean

run: setup migrate ## set up, migrate, load the demo and serve on http://127.0.0.1:8000 (FORMSEAL_PORT=8080 make run: another port)
	$(BIN)/formseal demo
	$(BIN)/formseal serve

test: setup lint ## set up, lint, type-check and run the whole suite
	$(BIN)/pytest

setup: system-packages venv assets

# apt packages are only installed when one is missing (needs root, as on the dev and CI machines).
# nginx is only for tests/integration/test_nginx_layout.py, which runs its own nginx on loopback:
# a policy-rc.d that refuses every start keeps Debian's package from starting the system
# nginx on port 80 while it installs, and on a systemd machine it is disabled again (only
# when this target installed it). See docs/deploy.md, "nginx from make setup".
# pg_dump/pg_restore (formseal backup on PostgreSQL, and its test) come with PostgreSQL's
# client package of the server's major version or newer, e.g. postgresql-client-15.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  policy=""; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\n# formseal make setup: no service starts while packages install\nexit 101\n' \
	      | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null && $$SUDO chmod 755 /usr/sbin/policy-rc.d && policy=yes; \
	  fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  status=$$?; \
	  [ -z "$$policy" ] || $$SUDO rm -f /usr/sbin/policy-rc.d; \
	  case " $$missing " in *" nginx "*) \
	    if [ -d /run/systemd/system ]; then $$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true; fi;; \
	  esac; \
	  exit $$status; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/signature_pad/dist/signature_pad.umd.min.js $(VENDOR)/
	cp node_modules/sortablejs/Sortable.min.js $(VENDOR)/
	mkdir -p $(VENDOR)/fonts
	cp node_modules/@fontsource/dancing-script/files/dancing-script-latin-400-normal.woff2 \
	   node_modules/@fontsource/dancing-script/files/dancing-script-latin-ext-400-normal.woff2 \
	   node_modules/@fontsource/dancing-script/files/dancing-script-vietnamese-400-normal.woff2 \
	   $(VENDOR)/fonts/
	touch $@

migrate: setup
	$(BIN)/formseal migrate

lint:
	$(BIN)/ruff check components designer runtime tests migrations
	$(BIN)/ruff format --check components designer runtime tests
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m tests.perf.run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
