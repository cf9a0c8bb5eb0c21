"""Reads of the pledges app: campaign summaries, a school's own pledges, meetings'
open decisions, and the dashboard's seams. Every read is scoped by `for_user`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem
from apps.registry.choices import EntityKind

from .choices import PledgeStatus
from .filtersets import unsigned_overdue_q
from .models import Campaign, Decision, Meeting, Pledge

SIGNED = Q(status=PledgeStatus.SIGNED)


def campaigns_for(user: Any, *, write: bool = False) -> QuerySet[Campaign]:
    """Campaigns with their counts (three aggregates over the pledges, one query)."""

    return Campaign.objects.for_user(user, write=write).annotate(
        total=Count("pledges"),
        signed=Count("pledges", filter=Q(pledges__status=PledgeStatus.SIGNED)),
        unsigned=Count("pledges", filter=~Q(pledges__status=PledgeStatus.SIGNED)),
    )


def pledges_for(user: Any, *, write: bool = False) -> QuerySet[Pledge]:
    return Pledge.objects.for_user(user, write=write)


def campaign_summary(campaign: Campaign, user: Any) -> dict[str, Any]:
    """Signed / unsigned per school kind, the kinds with unsigned schools first, and the
    totals: one grouped aggregate over the campaign's pledges."""

    rows = (
        pledges_for(user)
        .filter(campaign=campaign)
        .values("school_kind")
        .annotate(
            total=Count("pk"), signed=Count("pk", filter=SIGNED), returned=Count("pk", filter=Q(status=PledgeStatus.RETURNED))
        )
        .order_by()
    )
    order = {kind: i for i, kind in enumerate(EntityKind.values)}
    kinds = [
        {
            "kind": row["school_kind"],
            "label": EntityKind(row["school_kind"]).label,
            "total": row["total"],
            "signed": row["signed"],
            "unsigned": row["total"] - row["signed"],
            "returned": row["returned"],
        }
        for row in rows
    ]
    kinds.sort(key=lambda k: (k["unsigned"] == 0, order.get(k["kind"], 99)))
    total = sum(k["total"] for k in kinds)
    signed = sum(k["signed"] for k in kinds)
    past = campaign.deadline < timezone.localdate()
    return {"kinds": kinds, "total": total, "signed": signed, "unsigned": total - signed, "past_deadline": past}


def meetings_for(user: Any, *, write: bool = False) -> QuerySet[Meeting]:
    return Meeting.objects.for_user(user, write=write).annotate(
        open_decisions=Count("decisions", filter=Q(decisions__done_on__isnull=True))
    )


def overdue_decisions(user: Any, *, write: bool = False) -> QuerySet[Decision]:
    return Decision.objects.for_user(user, write=write).filter(done_on__isnull=True, due_on__lt=timezone.localdate())


def attention(user: Any) -> list[AttentionItem]:
    """The bureau: schools past a deadline without a signed pledge, meetings' decisions
    past due. A school: its own pledge waiting to be signed (or signed again)."""

    items: list[AttentionItem] = []
    pledge_list = reverse("pledges:pledge_list")
    if user.has_perm("pledges.sign_pledge") and user.school_id:
        counts = pledges_for(user, write=True).aggregate(
            pending=Count("pk", filter=Q(status=PledgeStatus.PENDING)),
            returned=Count("pk", filter=Q(status=PledgeStatus.RETURNED)),
        )
        items += [
            AttentionItem("待签订的目标责任承诺书", counts["pending"], f"{pledge_list}?status={PledgeStatus.PENDING}", "danger"),
            AttentionItem(
                "被退回、需重新签订的承诺书", counts["returned"], f"{pledge_list}?status={PledgeStatus.RETURNED}", "danger"
            ),
        ]
    if user.has_perm("pledges.change_campaign") and not user.school_id:
        items.append(
            AttentionItem(
                "逾期未签订承诺书的学校",
                pledges_for(user, write=True).filter(unsigned_overdue_q()).count(),
                f"{pledge_list}?overdue=true",
                "danger",
            )
        )
    if user.has_perm("pledges.change_meeting") and not user.school_id:
        items.append(
            AttentionItem(
                "逾期未办结的例会决定事项",
                overdue_decisions(user, write=True).count(),
                reverse("pledges:decision_list") + "?overdue=true",
            )
        )
    return items
