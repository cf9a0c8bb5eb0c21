"""What every app's `demo.py` shares: reading fixtures/gaoping/*.csv and idempotent saves.

Each app's `demo.load(stdout)` (called by `manage.py load_demo` in INSTALLED_APPS order,
in one transaction) builds a `DemoLoader`, matches every row by its natural key and
saves it only when something differs, so a second run writes nothing.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import models

COUNTY_REGION_CODE = "140581"  # the demo's county: 高平市教育局


def fixture_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "gaoping"


def value_of(choices: type[models.TextChoices], label: str, column: str) -> str:
    """The stored value of a Chinese label (`高中` → `high`)."""

    for value, choice_label in choices.choices:
        if label in (choice_label, value):
            return value
    allowed = "、".join(str(lbl) for lbl in choices.labels)
    raise CommandError(f"“{column}”的值“{label}”无效，应为：{allowed}")


def label_of(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label)


def parse_date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{column}”的日期“{text}”无效，应为 YYYY-MM-DD") from None


def display_width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""

    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class DemoLoader:
    """Counts what one app's demo created and changed, for its summary line."""

    def __init__(self, directory: Path | None = None) -> None:
        self.dir = directory or fixture_dir()
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}

    def read(self, name: str) -> list[tuple[int, dict[str, str]]]:
        """(line number, row) pairs; cells stripped. Accepts a UTF-8 BOM (Excel)."""

        path = self.dir / name
        if not path.exists():
            raise CommandError(f"找不到演示数据文件：{path}")
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [
                (line, {k.strip(): (v or "").strip() for k, v in row.items()})
                for line, row in enumerate(csv.DictReader(f), start=2)
            ]

    def sync(self, obj: models.Model, values: dict[str, Any], *, validate: bool = True) -> None:
        """Create `obj` if it is new, else save it only when one of `values` differs."""

        label = str(obj._meta.verbose_name)
        if obj.pk is None:
            for field, value in values.items():
                setattr(obj, field, value)
            self._save(obj, validate)
            self.created[label] = self.created.get(label, 0) + 1
            return
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            self._save(obj, validate)
            self.updated[label] = self.updated.get(label, 0) + 1

    @staticmethod
    def _save(obj: models.Model, validate: bool) -> None:
        if validate:
            try:
                obj.full_clean()
            except ValidationError as e:
                raise CommandError(f"{obj._meta.verbose_name}“{obj}”无效：{e.messages}") from None
        obj.save()

    def changes_written(self) -> bool:
        return bool(self.created or self.updated)
