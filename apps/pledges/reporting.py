"""The pledges' part of the annual report (part 一): the guidance documents the year's
campaign issued (titles and month), the pledges signed of those sent, and the safety
and rule-of-law meetings held. Aggregates only; every count links to its list."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from apps.core.reporting import Fact

from .choices import PledgeStatus
from .models import Campaign, Decision, Meeting, Pledge


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    campaigns = Campaign.objects.filter(bureau=bureau, year=year)
    campaign_url = _url("pledges:campaign_list", year=year)
    links = (
        Campaign.documents.through.objects.filter(campaign__in=campaigns)
        .values_list("document__title", "document__issued_on")
        .order_by("document__issued_on", "document__title")
        .distinct()
    )
    guidance = list(dict.fromkeys(links))
    months = list(dict.fromkeys(f"{day.year}年{day.month}月" for _, day in guidance))
    texts = list(campaigns.values_list("pledge_document__title", flat=True).order_by("pledge_document__title").distinct())
    pledges = Pledge.objects.filter(bureau=bureau, year=year).aggregate(
        total=Count("pk"), signed=Count("pk", filter=Q(status=PledgeStatus.SIGNED))
    )
    rate = (
        (Decimal(pledges["signed"] * 100) / pledges["total"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if pledges["total"]
        else Decimal("0")
    )
    out = [
        Fact("pledges.guidance.documents", "印发的指导性文件", [f"《{title}》" for title, _ in guidance], "", campaign_url),
        Fact("pledges.guidance.months", "指导性文件印发时间", months, "", campaign_url),
        Fact("pledges.texts", "签订的承诺书", [f"《{title}》" for title in texts], "", campaign_url),
        Fact("pledges.total", "应签订承诺书的学校", pledges["total"], "所", _url("pledges:pledge_list", year=year)),
        Fact(
            "pledges.signed",
            "已签订承诺书的学校",
            pledges["signed"],
            "所",
            _url("pledges:pledge_list", year=year, status=PledgeStatus.SIGNED.value),
        ),
        Fact(
            "pledges.unsigned",
            "未签订承诺书的学校",
            pledges["total"] - pledges["signed"],
            "所",
            _url("pledges:pledge_list", year=year, status="unsigned"),
        ),
        Fact("pledges.signed_rate", "承诺书签订率", rate, "%", _url("pledges:pledge_list", year=year)),
    ]
    meetings = Meeting.objects.filter(bureau=bureau, held_on__year=year)
    out.append(
        Fact("pledges.meetings", "召开安全法治工作例会等会议", meetings.count(), "次", _url("pledges:meeting_list", year=year))
    )
    for kind_id, label, n in (
        meetings.values_list("kind_id", "kind__label").annotate(n=Count("pk")).order_by("kind__sort_order", "kind_id")
    ):
        out.append(Fact(f"pledges.meetings.{label}", label, n, "次", _url("pledges:meeting_list", year=year, kind=kind_id)))
    months_met = meetings.dates("held_on", "month").count()
    out.append(Fact("pledges.meeting_months", "召开会议的月份", f"{months_met}个月", "", _url("pledges:meeting_list", year=year)))
    decisions = Decision.objects.filter(bureau=bureau, meeting__held_on__year=year).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False))
    )
    out += [
        Fact("pledges.decisions", "例会决定事项", decisions["total"], "项", _url("pledges:decision_list", year=year)),
        Fact(
            "pledges.decisions.done",
            "已办结的决定事项",
            decisions["done"],
            "项",
            _url("pledges:decision_list", year=year, done="true"),
        ),
    ]
    return out
