"""The notices' part of the annual report: what the bureau issued (印发) and forwarded
(转发) to schools, with which documents, and how many schools signed for them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.urls import reverse

from apps.core.reporting import Fact, Series, by_month

from .choices import NoticeKind, NoticeStatus, Progress
from .models import Notice, NoticeAddressee


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    notices = Notice.objects.filter(bureau=bureau, status=NoticeStatus.SENT, sent_at__year=year)
    by_kind = dict(notices.values_list("kind").annotate(n=Count("pk")).order_by())
    out = [
        Fact(
            "notices.sent",
            "下发通知",
            sum(by_kind.values()),
            "件",
            _url("notices:notice_list", year=year),
        )
    ]
    for kind in NoticeKind:
        out.append(
            Fact(
                f"notices.sent.{kind.value}",
                f"{kind.label}通知",
                by_kind.get(kind.value, 0),
                "件",
                _url("notices:notice_list", year=year, kind=kind.value),
            )
        )
    for kind in (NoticeKind.ISSUE, NoticeKind.FORWARD):
        titles = list(
            notices.filter(kind=kind)
            .values_list("documents__title", flat=True)
            .exclude(documents__isnull=True)
            .order_by("documents__issued_on", "documents__title")
            .distinct()
        )
        out.append(
            Fact(
                f"notices.documents.{kind.value}",
                f"{kind.label}的文件",
                [f"《{title}》" for title in dict.fromkeys(titles)],
                "",
                _url("notices:notice_list", year=year, kind=kind.value),
            )
        )
    copies = NoticeAddressee.objects.filter(notice__in=notices).aggregate(
        total=Count("pk"), signed=Count("pk", filter=Q(progress__gte=Progress.ACKNOWLEDGED))
    )
    out += [
        Fact("notices.copies", "下发学校（校次）", copies["total"], "校次", _url("notices:receipt_list", year=year)),
        Fact(
            "notices.acknowledged",
            "已签收（校次）",
            copies["signed"],
            "校次",
            _url("notices:receipt_list", year=year, acknowledged="true"),
        ),
    ]
    rate = (
        (Decimal(copies["signed"] * 100) / copies["total"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if copies["total"]
        else Decimal("0")
    )
    out.append(Fact("notices.receipt_rate", "签收率", rate, "%", _url("notices:receipt_list", year=year)))
    return out


def series(bureau, year: int) -> list[Series]:
    sent = Notice.objects.filter(bureau=bureau, status=NoticeStatus.SENT, sent_at__year=year)
    months = dict(sent.annotate(month=ExtractMonth("sent_at")).values_list("month").annotate(n=Count("pk")).order_by())
    return [Series("notices.by_month", "各月下发通知", by_month(months), "件", _url("notices:notice_list", year=year))]
