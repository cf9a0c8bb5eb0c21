"""The benchmark's own databases, on the server of DATABASE_URL but never its database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# BENCH_DATABASE_PREFIX lets two checkouts bench on one server without sharing databases.
PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "gaoping_bench_")


class BenchError(RuntimeError):
    """A failure that stops the benchmark (exit code 2), as opposed to a FAILed target."""


def base_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def with_database(url: str, name: str) -> str:
    """The same server, user and options as `url`, another database."""

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def bench_url(scale: str) -> str:
    url = base_url()
    name = PREFIX + scale
    if database_name(url) == name:
        raise BenchError(f"DATABASE_URL already names {name}; point it at the dev database's server instead.")
    return with_database(url, name)


def _libpq(url: str) -> str:
    # libpq knows postgresql:// and postgres://; django-environ also takes postgis:// etc.
    scheme, rest = url.split("://", 1)
    return ("postgresql" if scheme.startswith("postgres") else scheme) + "://" + rest


def connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(_libpq(url), **kwargs)


def _maintenance(url: str) -> psycopg.Connection:
    """A connection to the server but not to the bench database (to create or drop it)."""

    for name in (database_name(base_url()) or "postgres", "postgres", "template1"):
        if name == database_name(url):
            continue
        try:
            return connect(with_database(url, name), autocommit=True)
        except psycopg.OperationalError:
            continue
    raise BenchError(f"cannot reach the PostgreSQL server of {base_url()}")


def exists(url: str) -> bool:
    with _maintenance(url) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]).fetchone()
    return row is not None


def drop(url: str) -> None:
    name = database_name(url)
    assert name.startswith(PREFIX), name  # never anything but a bench database
    with _maintenance(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create(url: str) -> str:
    """Create the database UTF-8 with a C.UTF-8 ctype (pg_trgm makes no trigrams from
    Chinese under LC_CTYPE C); without locale options where that locale is missing."""

    name = sql.Identifier(database_name(url))
    with _maintenance(url) as conn:
        try:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'").format(
                    name
                )
            )
            return "C.UTF-8"
        except psycopg.Error as exc:
            print(f"  CREATE DATABASE with C.UTF-8 failed ({exc.diag.message_primary}); retrying without locale")
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(name))
            return "server default"


def django_env(url: str) -> dict[str, str]:
    """The environment every Django process of the benchmark runs with."""

    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        BENCHMARK_ANCHOR="1",
        DEBUG="0",
        SECRET_KEY="bench",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
        PYTHONWARNINGS="ignore",
        # The public pages speak for the bench user's county (apps.core.context_processors.site_bureau).
        PUBLIC_BUREAU_REGION_CODE="140581",
    )
    return env


def manage(url: str, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=django_env(url),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
