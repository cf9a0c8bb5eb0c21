"""The study part of the annual report (二(一) 严格落实机关工作人员学法制度, 四 扫黑除恶): the
year's sessions by kind, the 中心组's Friday sessions and what they studied, the laws
studied in 主题党日 and 机关大讲堂, the enforcement trainings by name, and the sessions
on 扫黑除恶. Every figure links to the filtered session list that shows it."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Min, Sum
from django.urls import reverse

from apps.core.reporting import Fact
from apps.documents.models import Law

from .choices import AttendanceStatus, SessionKind
from .models import Attendance, StudySession

ANTI_GANG = "扫黑除恶"
FRIDAY = 6  # Django's week_day


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _laws(sessions) -> list[str]:
    # In the order first studied that year (filter() before annotate(): that year's only).
    laws = Law.objects.filter(study_sessions__in=sessions).annotate(first=Min("study_sessions__date")).order_by("first", "name")
    return [f"《{name}》" for name in laws.values_list("name", flat=True)]


def facts(bureau, year: int) -> list[Fact]:
    sessions = StudySession.objects.filter(bureau=bureau, date__year=year)
    by_kind = {row["kind"]: row for row in sessions.values("kind").annotate(n=Count("pk"), hours=Sum("hours")).order_by()}
    sessions_url = "study:studysession_list"
    out = [
        Fact("study.sessions", "学法活动", sum(r["n"] for r in by_kind.values()), "次", _url(sessions_url, year=year)),
        Fact(
            "study.hours",
            "学法活动学时",
            sum((r["hours"] for r in by_kind.values()), Decimal("0")),
            "学时",
            _url(sessions_url, year=year),
        ),
    ]
    for kind in SessionKind:
        out.append(
            Fact(
                f"study.sessions.{kind.value}",
                str(kind.label),
                by_kind.get(kind.value, {}).get("n", 0),
                "次",
                _url(sessions_url, year=year, kind=kind.value),
            )
        )
    central = sessions.filter(kind=SessionKind.CENTRAL_GROUP)
    out += [
        Fact(
            "study.central_group.friday",
            "周五中心组学习",
            central.filter(date__week_day=FRIDAY).count(),
            "次",
            _url(sessions_url, year=year, kind=SessionKind.CENTRAL_GROUP, weekday=FRIDAY),
        ),
        Fact(
            "study.central_group.laws",
            "中心组学习的内容",
            _laws(central),
            "",
            _url(sessions_url, year=year, kind=SessionKind.CENTRAL_GROUP),
        ),
    ]
    for kind in (SessionKind.PARTY_DAY, SessionKind.LECTURE):
        out.append(
            Fact(
                f"study.laws.{kind.value}",
                f"{kind.label}学习的法律法规",
                _laws(sessions.filter(kind=kind)),
                "",
                _url(sessions_url, year=year, kind=kind.value),
            )
        )
    out.append(
        Fact(
            "study.laws.party_day_lecture",
            "主题党日、机关大讲堂学习的法律法规",
            _laws(sessions.filter(kind__in=[SessionKind.PARTY_DAY, SessionKind.LECTURE])),
            "",
            _url(sessions_url, year=year),
        )
    )
    out.append(Fact("study.laws", "全年学习的法律法规", _laws(sessions), "", _url(sessions_url, year=year)))
    enforcement = sessions.filter(enforcement_training=True).order_by("date", "id")
    out += [
        Fact(
            "study.enforcement",
            "执法人员培训",
            enforcement.count(),
            "次",
            _url(sessions_url, year=year, enforcement="true"),
        ),
        Fact(
            "study.enforcement.titles",
            "执法人员培训名称",
            [f"“{title}”" for title in enforcement.values_list("title", flat=True)],
            "",
            _url(sessions_url, year=year, enforcement="true"),
        ),
    ]
    anti_gang = sessions.filter(
        pk__in=StudySession.topics.through.objects.filter(dictionaryitem__label=ANTI_GANG).values("studysession_id")
    ).order_by("date", "id")
    out += [
        Fact(
            "study.anti_gang",
            f"{ANTI_GANG}主题学法活动",
            anti_gang.count(),
            "次",
            _url(sessions_url, year=year, topic_label=ANTI_GANG),
        ),
        Fact(
            "study.anti_gang.laws",
            f"{ANTI_GANG}主题学习的法律法规",
            _laws(anti_gang),
            "",
            _url(sessions_url, year=year, topic_label=ANTI_GANG),
        ),
    ]
    present = Attendance.objects.filter(bureau=bureau, date__year=year, status=AttendanceStatus.PRESENT).count()
    out.append(
        Fact(
            "study.attendances",
            "参加学法（人次）",
            present,
            "人次",
            _url("study:attendance_list", year=year, status=AttendanceStatus.PRESENT),
        )
    )
    return out
