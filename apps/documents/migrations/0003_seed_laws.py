"""Seed the law catalogue (法律法规库) from `apps/documents/fixtures_laws.json`.

Idempotent: rows are matched by name and never overwritten, so a bureau's later edits
survive a re-run. Historical models do not run `Law.save()`, so `search_text` is
computed here with the same function the model uses.
"""

import datetime
import json
from pathlib import Path

from django.db import migrations

from apps.core.pinyin import search_key

DATA = Path(__file__).resolve().parent.parent / "fixtures_laws.json"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def seed_laws(apps, schema_editor):
    Law = apps.get_model("documents", "Law")
    rows = json.loads(DATA.read_text(encoding="utf-8"))["laws"]
    for row in rows:
        short_name = row.get("short_name", "")
        Law.objects.get_or_create(
            name=row["name"],
            defaults={
                "short_name": short_name,
                "level": row["level"],
                "issuing_body": row.get("issuing_body", ""),
                "promulgated_on": _date(row.get("promulgated_on")),
                "effective_on": _date(row.get("effective_on")),
                "status": row.get("status", "in_force"),
                "search_text": search_key(row["name"], short_name),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(seed_laws, migrations.RunPython.noop),
    ]
