"""Seed the working-day calendar from the State Council's notices on the holidays of
2024 (国办发明电〔2023〕7号), 2025 (国办发明电〔2024〕12号) and 2026: weekday holidays
and weekend make-up working days. Later years are added by the bureau in the portal."""

import datetime

from django.db import migrations

HOLIDAY, WORKDAY = "holiday", "workday"


def span(first: str, last: str, name: str):
    day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    while day <= end:
        yield day, HOLIDAY, name
        day += datetime.timedelta(days=1)


def days():
    # 2024
    yield from span("2024-01-01", "2024-01-01", "元旦")
    yield from span("2024-02-10", "2024-02-17", "春节")
    yield datetime.date(2024, 2, 4), WORKDAY, "春节"
    yield datetime.date(2024, 2, 18), WORKDAY, "春节"
    yield from span("2024-04-04", "2024-04-06", "清明节")
    yield datetime.date(2024, 4, 7), WORKDAY, "清明节"
    yield from span("2024-05-01", "2024-05-05", "劳动节")
    yield datetime.date(2024, 4, 28), WORKDAY, "劳动节"
    yield datetime.date(2024, 5, 11), WORKDAY, "劳动节"
    yield from span("2024-06-10", "2024-06-10", "端午节")
    yield from span("2024-09-15", "2024-09-17", "中秋节")
    yield datetime.date(2024, 9, 14), WORKDAY, "中秋节"
    yield from span("2024-10-01", "2024-10-07", "国庆节")
    yield datetime.date(2024, 9, 29), WORKDAY, "国庆节"
    yield datetime.date(2024, 10, 12), WORKDAY, "国庆节"
    # 2025
    yield from span("2025-01-01", "2025-01-01", "元旦")
    yield from span("2025-01-28", "2025-02-04", "春节")
    yield datetime.date(2025, 1, 26), WORKDAY, "春节"
    yield datetime.date(2025, 2, 8), WORKDAY, "春节"
    yield from span("2025-04-04", "2025-04-06", "清明节")
    yield from span("2025-05-01", "2025-05-05", "劳动节")
    yield datetime.date(2025, 4, 27), WORKDAY, "劳动节"
    yield from span("2025-05-31", "2025-06-02", "端午节")
    yield from span("2025-10-01", "2025-10-08", "国庆节、中秋节")
    yield datetime.date(2025, 9, 28), WORKDAY, "国庆节、中秋节"
    yield datetime.date(2025, 10, 11), WORKDAY, "国庆节、中秋节"
    # 2026
    yield from span("2026-01-01", "2026-01-03", "元旦")
    yield datetime.date(2026, 1, 4), WORKDAY, "元旦"
    yield from span("2026-02-15", "2026-02-23", "春节")
    yield datetime.date(2026, 2, 14), WORKDAY, "春节"
    yield datetime.date(2026, 2, 28), WORKDAY, "春节"
    yield from span("2026-04-04", "2026-04-06", "清明节")
    yield from span("2026-05-01", "2026-05-05", "劳动节")
    yield datetime.date(2026, 5, 9), WORKDAY, "劳动节"
    yield from span("2026-06-19", "2026-06-21", "端午节")
    yield from span("2026-09-25", "2026-09-27", "中秋节")
    yield from span("2026-10-01", "2026-10-07", "国庆节")
    yield datetime.date(2026, 9, 20), WORKDAY, "国庆节"
    yield datetime.date(2026, 10, 10), WORKDAY, "国庆节"


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("inspections", "CalendarDay")
    for day, kind, name in days():
        # A holiday on a weekend changes nothing for counting, but the table says what it is.
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_audit_links")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
