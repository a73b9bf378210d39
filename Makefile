# The two commands a newcomer needs: `make demo` and `make test`. Only Python 3.11+ is required.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres install lint bench-reserve bench-atp bench-intake clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Run the demo store on the embedded SQLite database at http://127.0.0.1:$(PORT) (make demo PORT=8001)
demo: $(STAMP)
	$(BIN)/arkaofis migrate --noinput
	$(BIN)/arkaofis compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(BIN)/arkaofis load_demo
	$(BIN)/arkaofis runserver 127.0.0.1:$(PORT)

## Run the whole suite: SQLite always; PostgreSQL too when DATABASE_URL points at a server.
test: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$(echo $$DATABASE_URL | sed 's#//[^@]*@#//#')"; \
		$(BIN)/pytest; \
	else \
		echo "== PostgreSQL run skipped: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/arkaofis)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench-reserve: $(STAMP)
	$(BIN)/arkaofis bench reserve --db sqlite
	$(BIN)/arkaofis bench reserve --db postgres

bench-atp: $(STAMP)
	$(BIN)/arkaofis bench atp --db sqlite
	$(BIN)/arkaofis bench atp --db postgres

bench-intake: $(STAMP)
	$(BIN)/arkaofis bench intake --db sqlite
	$(BIN)/arkaofis bench intake --db postgres

clean:
	rm -rf var $(VENV)
