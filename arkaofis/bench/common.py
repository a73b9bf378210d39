"""What every benchmark shares: a scratch database of its own, timing helpers, progress on stderr.

A benchmark never touches the user's database. On PostgreSQL it creates a database named after
its process (so two runs, or a run beside the test suite, never collide) on the server of
DATABASE_URL, migrates it, and drops it at the end; on SQLite it uses a temporary file in WAL
mode with the same IMMEDIATE transactions as the application.
"""

import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connections

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASES = ("sqlite", "postgres")


def progress(message: str) -> None:
    """Progress goes to stderr: stdout carries only the one JSON line."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def default_db() -> str:
    """The vendor the user already runs on, so `arkaofis bench reserve` alone measures it."""
    return "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def server_url(database: str) -> str:
    """DATABASE_URL's PostgreSQL server (or the local default), pointed at `database`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_SERVER
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def database_config(url: str) -> dict:
    """The same connection settings the application uses (settings.database_config)."""
    from arkaofis import settings as project_settings

    return project_settings.database_config(url)


class BenchSetupError(RuntimeError):
    """The benchmark could not get a database of its own (server down, no CREATEDB right…)."""


def _admin_execute(sql: str) -> None:
    """Run CREATE/DROP DATABASE on the server's maintenance database (autocommit)."""
    import psycopg

    try:
        with psycopg.connect(server_url("postgres"), autocommit=True, connect_timeout=10) as admin:
            admin.execute(sql)
    except psycopg.Error as error:
        server = server_url("postgres").rsplit("@", 1)[-1]
        raise BenchSetupError(f"PostgreSQL at {server}: {error}".strip()) from error


def _point_default_at(config: dict) -> None:
    """Switch Django's default connection to `config` (closing the one it had)."""
    connections.close_all()
    full = {**connections.settings["default"], **config, "OPTIONS": dict(config.get("OPTIONS") or {})}
    settings.DATABASES["default"] = full
    connections.settings["default"] = full
    with suppress(AttributeError):  # this thread never opened it
        del connections["default"]


@contextmanager
def scratch_database(db: str) -> Iterator[dict]:
    """Create, migrate and yield a throw-away database; drop it afterwards. Yields its settings."""
    if db not in DATABASES:
        raise ValueError(f"--db must be one of {DATABASES}, not {db!r}")
    previous = dict(connections.settings["default"])
    previous_debug = settings.DEBUG
    # Production runs with DEBUG off; with it on, Django would also log every query in memory.
    settings.DEBUG = False
    tmpdir = None
    name = f"arkaofis_bench_{os.getpid()}"
    if db == "postgres":
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}"')
        _admin_execute(f'CREATE DATABASE "{name}"')
        url = server_url(name)
    else:
        tmpdir = tempfile.TemporaryDirectory(prefix="arkaofis-bench-")
        url = f"sqlite:///{Path(tmpdir.name) / 'bench.sqlite3'}"
    config = database_config(url)
    try:
        _point_default_at(config)
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        progress(f"{db}: scratch database migrated in {time.monotonic() - started:.1f}s")
        yield config
    finally:
        _point_default_at(previous)
        settings.DEBUG = previous_debug
        if db == "postgres":
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if tmpdir is not None:
            tmpdir.cleanup()


def raw_connect(config: dict):
    """A DB-API connection to the scratch database without Django: the baseline's driver."""
    if config["ENGINE"] == "django.db.backends.sqlite3":
        import sqlite3

        conn = sqlite3.connect(config["NAME"], timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn
    import psycopg

    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
    )


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def vendor_of(config: dict) -> str:
    return "sqlite" if config["ENGINE"] == "django.db.backends.sqlite3" else "postgres"
