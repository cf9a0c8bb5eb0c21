"""Working days on China's official calendar: Monday to Friday, less the public
holidays, plus the weekend make-up days (调休上班), from the bureau-editable
`CalendarDay` table (seeded by migration 0002 from the State Council's notices)."""

from __future__ import annotations

import datetime
from functools import lru_cache

from .choices import DayKind
from .models import CalendarDay

PUBLISH_WITHIN = 20  # working days from the inspection (《政府信息公开条例》 and the 双随机 rules)
DUE_SOON = 5


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == DayKind.HOLIDAY:
        return False
    if kind == DayKind.WORKDAY:
        return True
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the day itself not counted): 20 working
    days from an inspection on 2024-09-25 is 2024-10-28, past 国庆 and its two
    调休 days. One query for the calendar of the span."""

    # 20 working days never span more than ~45 calendar days, even across 春节.
    exceptions = _exceptions(start, start + datetime.timedelta(days=days * 3 + 30))
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    return day


def publish_due(inspected_on: datetime.date) -> datetime.date:
    return add_working_days(inspected_on, PUBLISH_WITHIN)


@lru_cache(maxsize=8)
def due_soon_limit(today: datetime.date) -> datetime.date:
    """The last day that is "due within 5 working days" of `today`: a list computes it
    once, not per row. Cleared when the calendar is edited (forms.CalendarDayForm)."""

    return add_working_days(today, DUE_SOON)
