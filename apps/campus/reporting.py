"""The campus parts of the annual report: 二(二) events by kind and campaign with the
schools taking part, the competitions with the selected students and their awards;
二(三) the schools in 先进校创建 and the year's reviews; 三(一) the appointment batch and
the schools it covers. Every count links to the list that shows exactly its rows."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse

from apps.core.models import DictionaryItem
from apps.core.reporting import Fact
from apps.registry.choices import EntityStatus
from apps.registry.selectors import SCHOOL_KINDS

from .choices import AppointmentRole, EventKind, Level, Prize, Stage
from .dictionary import CAMPAIGN
from .models import Appointment, AppointmentBatch, CampusSchool, CreationCampaign, Entry, Event, Review


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def facts(bureau, year: int) -> list[Fact]:
    events = Event.objects.filter(bureau=bureau, start_on__year=year)
    out: list[Fact] = []
    totals = events.aggregate(n=Count("pk"), students=Sum("students"), teachers=Sum("teachers"))
    out += [
        Fact("campus.events", "法治进校园活动", totals["n"], "次", _url("campus:event_list", year=year)),
        Fact(
            "campus.events.students",
            "参加学生",
            Decimal(totals["students"] or 0),
            "人次",
            _url("campus:event_list", year=year),
        ),
        Fact(
            "campus.events.teachers",
            "参加教师",
            Decimal(totals["teachers"] or 0),
            "人次",
            _url("campus:event_list", year=year),
        ),
    ]
    by_kind = dict(events.values_list("kind").annotate(n=Count("pk")).order_by())
    for kind in EventKind:
        out.append(
            Fact(
                f"campus.events.{kind.value}",
                kind.label,
                by_kind.get(kind.value, 0),
                "次",
                _url("campus:event_list", year=year, kind=kind.value),
            )
        )
    themes = events.exclude(themes__isnull=True).values("themes__label").annotate(n=Count("pk")).order_by("-n", "themes__label")
    labels = [row["themes__label"] for row in themes]
    out.append(Fact("campus.events.themes", "活动主题", labels, "", _url("campus:event_list", year=year)))

    # Each campaign: its events, the schools that took part, and its kinds of activity.
    campaigns = DictionaryItem.objects.filter(bureau=bureau, kind=CAMPAIGN).order_by("sort_order", "id")
    open_schools = CampusSchool.objects.filter(
        bureau=bureau, kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN, parent__isnull=True
    )
    for campaign in campaigns:
        mine = events.filter(campaign=campaign)
        counts = mine.aggregate(n=Count("pk"), schools=Count("school", distinct=True))
        part = open_schools.filter(Exists(mine.filter(school_id=OuterRef("pk")))).count()
        kinds = [EventKind(k).label for k in mine.values_list("kind", flat=True).distinct().order_by("kind")]
        key = f"campus.campaign.{campaign.label}"
        rollup = {"year": year, "campaign": campaign.pk}
        out += [
            Fact(f"{key}.events", f"{campaign.label}活动", counts["n"], "次", _url("campus:event_list", **rollup)),
            Fact(
                f"{key}.schools",
                f"参加{campaign.label}的学校",
                part,
                "所",
                _url("campus:rollup", **rollup, took_part="true"),
            ),
            Fact(f"{key}.kinds", f"{campaign.label}的活动形式", kinds, "", _url("campus:event_list", **rollup)),
        ]

    # Competitions: the selected students and the awards.
    entries = Entry.objects.filter(bureau=bureau, competition__held_on__year=year).select_related("competition", "school")
    competitions = list(
        entries.values_list("competition__name", "competition__level", "competition__stage")
        .distinct()
        .order_by("competition__name")
    )
    out += [
        Fact(
            "campus.competitions",
            "参加的竞赛",
            [f"{name}（{Level(level).label}{Stage(stage).label}）" for name, level, stage in competitions],
            "",
            _url("campus:competition_list", year=year),
        ),
        Fact("campus.entries", "参赛学生", entries.count(), "名", _url("campus:entry_list", year=year)),
        Fact(
            "campus.awards",
            "获奖学生",
            entries.exclude(prize=Prize.NONE).count(),
            "名",
            _url("campus:entry_list", year=year, awarded="true"),
        ),
        Fact(
            "campus.awards.list",
            "获奖情况",
            [
                f"{e.school.name}{e.student_name}：{e.get_group_display()}"
                + (f"第{e.rank}名，" if e.rank else "")
                + e.get_prize_display()
                for e in entries.exclude(prize=Prize.NONE).order_by("group", "rank", "id")
            ],
            "",
            _url("campus:entry_list", year=year, awarded="true"),
        ),
        Fact(
            "campus.entries.represented",
            "代表",
            sorted({r for r in entries.values_list("represented", flat=True) if r}),
            "",
            _url("campus:entry_list", year=year),
        ),
    ]

    # 先进校创建: the schools under way that year and the year's reviews.
    active = CreationCampaign.objects.filter(bureau=bureau, start_year__lte=year).exclude(status="revoked", status_year__lt=year)
    reviews = Review.objects.filter(bureau=bureau, reviewed_on__year=year)
    occasions = list(reviews.values_list("reviewed_on", "body").distinct().order_by("reviewed_on", "body"))
    out += [
        Fact(
            "campus.creation.schools",
            "先进校创建学校",
            active.count(),
            "所",
            _url("campus:creationcampaign_list", active_in=year),
        ),
        Fact(
            "campus.creation.school_names",
            "创建学校",
            list(active.order_by("school__sort_key").values_list("school__name", flat=True)),
            "",
            _url("campus:creationcampaign_list", active_in=year),
        ),
        Fact(
            "campus.creation.since",
            "开始创建年度",
            sorted({str(y) for y in active.values_list("start_year", flat=True)}),
            "",
            _url("campus:creationcampaign_list", active_in=year),
        ),
        Fact("campus.creation.reviews", "创建检查（校次）", reviews.count(), "校次", _url("campus:review_list", year=year)),
        Fact(
            "campus.creation.review_occasions",
            "检查考核",
            [f"{_cn_date(day)} {body}" for day, body in occasions],
            "",
            _url("campus:review_list", year=year),
        ),
    ]

    # 三(一): the year's appointment batches and the schools they cover.
    batches = AppointmentBatch.objects.filter(bureau=bureau, appointed_on__year=year).order_by("appointed_on", "id")
    appointed = Appointment.objects.filter(bureau=bureau, batch__in=batches)
    roles = dict(appointed.values_list("role").annotate(n=Count("pk")).order_by())
    covered = open_schools.filter(
        Exists(Appointment.schools.through.objects.filter(entity_id=OuterRef("pk"), appointment__batch__in=batches))
    ).count()
    out += [
        Fact(
            "campus.appointments.batches",
            "聘任批次",
            [f"{b.name}（{b.led_by}牵头，{_cn_date(b.appointed_on)}）" if b.led_by else b.name for b in batches],
            "",
            _url("campus:appointmentbatch_list", year=year),
        ),
        Fact(
            "campus.appointments",
            "聘任人数",
            sum(roles.values()),
            "人",
            _url("campus:appointment_list", batch_year=year),
        ),
    ]
    for role in AppointmentRole:
        out.append(
            Fact(
                f"campus.appointments.{role.value}",
                f"聘任{role.label}",
                roles.get(role.value, 0),
                "人",
                _url("campus:appointment_list", batch_year=year, role=role.value),
            )
        )
    out += [
        Fact(
            "campus.appointments.schools_covered",
            "聘任覆盖的在办学校",
            covered,
            "所",
            _url("campus:coverage", batch_year=year),
        ),
        Fact(
            "campus.appointments.all_covered",
            "全部在办中小学和幼儿园均已聘任",
            "是" if batches and covered == open_schools.count() else "否",
            "",
            _url("campus:coverage", batch_year=year),
        ),
    ]
    return out
