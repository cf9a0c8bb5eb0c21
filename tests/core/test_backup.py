"""Backups with a recorded restore test (等保 8.1.4.9 a)."""

from pathlib import Path

import psycopg
import pytest
from django.db import DatabaseError, transaction
from psycopg import sql

from apps.core import backup
from apps.core.models import BackupCheck


def test_backup_is_restored_into_a_fresh_database_compared_and_recorded(db, tmp_path):
    check = backup.backup_verify(directory=tmp_path)
    assert check.ok, check.detail
    assert check.tables > 30 and check.rows > 0  # the migrations' roles and law catalogue
    assert Path(check.dump_file).stat().st_size == check.dump_bytes
    with psycopg.connect(backup.conninfo("postgres"), autocommit=True) as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE '%restore_check%'").fetchone()[0]
    assert left == 0
    # The record is evidence: it cannot be rewritten.
    with pytest.raises(DatabaseError), transaction.atomic():
        BackupCheck.objects.filter(pk=check.pk).update(ok=False)


def test_a_restore_that_lost_rows_is_reported_by_table(db, tmp_path):
    dump = tmp_path / "check.dump"
    backup._run(backup._bin("pg_dump"), "--format=custom", f"--file={dump}", f"--dbname={backup.conninfo()}")
    scratch = "gaoping_test_restore_compare"
    admin = backup.conninfo("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch)))
    try:
        backup._run(backup._bin("pg_restore"), "--no-owner", f"--dbname={backup.conninfo(scratch)}", str(dump))
        with psycopg.connect(backup.conninfo(scratch), autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")  # no triggers: only this row goes
            conn.execute("DELETE FROM auth_group WHERE name = 'inspector'")
        result = backup.compare(backup.conninfo(), backup.conninfo(scratch))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
    assert [d.split("：")[0] for d in result.differences] == ["auth_group"]
