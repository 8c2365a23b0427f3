# Two commands do all set-up on a fresh machine:
#   make site   install what is needed, then build the site into site/
#   make test   install what is needed (Chromium included), then run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
# Debian's Chromium for the browser tests; root installs it, others need sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SIZE   ?= 1000000
PLANS  ?= 40

.PHONY: install site data check test browser bench bench-site serve clean golden readme i18n

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(STAMP) $(NODE_STAMP)

site: install
	$(BIN)/gongkai build

data: install
	$(BIN)/gongkai import --all

check: install
	$(BIN)/gongkai check --strict

browser:
	@{ command -v chromium && command -v soffice && command -v tesseract && command -v pdftoppm && command -v hugo && \
	  tesseract --list-langs 2>/dev/null | grep -qx chi_sim; } >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk \
	  libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim poppler-utils hugo >/dev/null; }

# One pytest worker per core (pytest-xdist, at most 4): each worker builds the session's sites once and
# runs whole test files, so a file's module fixtures are made once.
test: install browser
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile

# The README's generated tables (site_config.yml keys) and the editors' schema, rewritten from the code.
readme: install
	$(BIN)/python -m generator.readme README.md
	$(BIN)/gongkai config --json-schema > site_config.schema.json

# The interface strings (Chinese msgids in templates/, generator/site/, templates/assets/*.js) extracted
# again, and the English catalogue updated from them: translate the new entries (empty msgstr) and
# commit both files. tests/unit/test_catalogue.py fails until every msgid has its English.
i18n: install
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k Text -k t --add-location=file --sort-output --no-wrap \
	  --omit-header -o generator/locale/messages.pot .
	$(BIN)/pybabel -q update -i generator/locale/messages.pot -d generator/locale -l en --no-wrap --ignore-obsolete \
	  --omit-header --no-fuzzy-matching

golden: install
	$(BIN)/gongkai import --all

serve: site
	$(BIN)/gongkai serve

bench: install browser
	$(BIN)/python bench/results_scale.py --size $(SIZE)

# A province on one site (bench/README.md): PLANS copies of the real plans, against Debian's hugo
# (installed by `browser`) on the same pages; the last line printed is one JSON object.
bench-site: install browser
	$(BIN)/python bench/site_scale.py --plans $(PLANS)

clean:
	rm -rf site .site-* tests/artifacts bench/out
