# Mitt hjul. Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 5000
LOCALES := sv en ar fa ckb so ti uk pl bs tr fi
FLASK  := $(VENV)/bin/flask --app webapp

.PHONY: run test lint bench translations compile-translations check-translations browser-deps clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Compiled catalogs are build output; made from the committed .po files.
compile-translations: $(VENV)/.installed
	@$(VENV)/bin/pybabel -q compile -d translations -D messages

run: $(VENV)/.installed compile-translations
	$(FLASK) migrate
	$(FLASK) load-demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Extract, update and compile every catalog.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F translations/babel.cfg --no-location \
	    --add-comments=Translators: --sort-output --project='Mitt hjul' -k _l -k lazy_gettext \
	    -o translations/messages.pot .
	@for l in $(LOCALES); do \
	  if [ -f translations/$$l/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel -q update --no-fuzzy-matching --ignore-obsolete \
	      -i translations/messages.pot -d translations -l $$l; \
	  else \
	    $(VENV)/bin/pybabel -q init -i translations/messages.pot -d translations -l $$l; \
	  fi; \
	done
	$(PY) -m webapp.i18n_check fill-english
	$(MAKE) compile-translations

check-translations: $(VENV)/.installed
	$(PY) -m webapp.i18n_check

browser-deps: $(VENV)/.installed
	@$(PY) -m tests.browser.setup

test: $(VENV)/.installed compile-translations lint check-translations browser-deps
	$(PY) -m pytest -n 2 --dist loadgroup -p no:cacheprovider

bench: $(VENV)/.installed compile-translations
	$(PY) -m tests.benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
