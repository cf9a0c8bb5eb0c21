"""The 欺凌防治 part of the annual report (三(二)): the documents issued or forwarded, the
self-inspection rounds and their completion, the 督查 (how, how many schools, findings)
and the trainings (date, venue, audience, numbers, speaker). Aggregates only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from apps.core.reporting import Fact
from apps.notices.choices import NoticeKind
from apps.notices.selectors import sent_document_ids

from .choices import Conclusion, Progress
from .models import Checklist, Rectification, Round, SelfInspection, SpotCheck, SpotCheckVisit, Training


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else Decimal("0")


def _document_titles(bureau, year: int, kind: str) -> list[str]:
    """The checklists' documents (the one setting each checklist and the related ones)
    that went to schools in `year` with a notice of `kind`."""

    sent = sent_document_ids(bureau, year, kind)
    checklists = Checklist.objects.filter(bureau=bureau)
    own = checklists.filter(document__in=sent).values_list("document__issued_on", "document__title")
    related = checklists.filter(related_documents__in=sent).values_list(
        "related_documents__issued_on", "related_documents__title"
    )
    # The related documents (the 方案) first, then the checklists themselves, as the report reads.
    titles = [title for _, title in sorted(set(related))] + [title for _, title in sorted(set(own))]
    return [f"《{title}》" for title in dict.fromkeys(titles)]


def facts(bureau, year: int) -> list[Fact]:
    out = [
        Fact(
            "bullying.documents.issue",
            "印发的欺凌防治文件",
            _document_titles(bureau, year, NoticeKind.ISSUE),
            "",
            _url("notices:notice_list", year=year, kind=NoticeKind.ISSUE),
        ),
        Fact(
            "bullying.documents.forward",
            "转发的欺凌防治文件",
            _document_titles(bureau, year, NoticeKind.FORWARD),
            "",
            _url("notices:notice_list", year=year, kind=NoticeKind.FORWARD),
        ),
    ]

    rounds = Round.objects.filter(bureau=bureau, year=year)
    out.append(Fact("bullying.rounds", "学校自查轮次", rounds.count(), "轮", _url("bullying:round_list", year=year)))
    out.append(
        Fact(
            "bullying.rounds.periods",
            "自查学期",
            list(dict.fromkeys(rounds.order_by("deadline").values_list("period", flat=True))),
            "",
            _url("bullying:round_list", year=year),
        )
    )
    forms = SelfInspection.objects.filter(bureau=bureau, round__year=year).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(progress__in=(Progress.SUBMITTED, Progress.PASSED))),
        passed=Count("pk", filter=Q(progress=Progress.PASSED)),
        schools=Count("school", distinct=True),
    )
    out += [
        Fact("bullying.forms", "应自查（校次）", forms["total"], "校次", _url("bullying:selfinspection_list", year=year)),
        Fact(
            "bullying.forms.done",
            "已完成自查（校次）",
            forms["done"],
            "校次",
            _url("bullying:selfinspection_list", year=year, progress="done"),
        ),
        Fact(
            "bullying.forms.passed",
            "审核通过（校次）",
            forms["passed"],
            "校次",
            _url("bullying:selfinspection_list", year=year, progress=Progress.PASSED.value),
        ),
        Fact(
            "bullying.forms.rate",
            "自查完成率",
            _percent(forms["done"], forms["total"]),
            "%",
            _url("bullying:selfinspection_list", year=year),
        ),
        Fact(
            "bullying.forms.schools",
            "参加自查的学校",
            Decimal(forms["schools"]),
            "所",
            _url("bullying:selfinspection_list", year=year),
        ),
    ]

    checks = SpotCheck.objects.filter(bureau=bureau, planned_on__year=year)
    visits = SpotCheckVisit.objects.filter(bureau=bureau, spot_check__planned_on__year=year, recorded_at__isnull=False)
    found = visits.aggregate(total=Count("pk"), rectify=Count("pk", filter=Q(conclusion=Conclusion.RECTIFY)))
    out += [
        Fact("bullying.spot_checks", "督查次数", checks.count(), "次", _url("bullying:spotcheck_list", year=year)),
        Fact(
            "bullying.spot_checks.methods",
            "督查方式",
            list(dict.fromkeys(checks.order_by("planned_on").values_list("method", flat=True))),
            "",
            _url("bullying:spotcheck_list", year=year),
        ),
        Fact(
            "bullying.spot_checks.schools",
            "督查学校（校次）",
            found["total"],
            "校次",
            _url("bullying:spotcheckvisit_list", year=year, recorded="true"),
        ),
        Fact(
            "bullying.spot_checks.rectify",
            "督查结论为限期整改（校次）",
            found["rectify"],
            "校次",
            _url("bullying:spotcheckvisit_list", year=year, recorded="true", conclusion=Conclusion.RECTIFY),
        ),
        Fact(
            "bullying.spot_checks.rectifications",
            "督查提出的整改事项",
            Rectification.objects.filter(bureau=bureau, visit__spot_check__planned_on__year=year).count(),
            "项",
            _url("bullying:rectification_list", year=year, source="visit"),
        ),
    ]

    trainings = Training.objects.filter(bureau=bureau, held_on__year=year).select_related("venue").prefetch_related("audience")
    attendance = trainings.aggregate(total=Sum("attendance"))["total"] or 0
    out += [
        Fact("bullying.trainings", "防治欺凌培训", trainings.count(), "场", _url("bullying:training_list", year=year)),
        Fact("bullying.trainings.attendance", "参训人数", Decimal(attendance), "人次", _url("bullying:training_list", year=year)),
        Fact(
            "bullying.trainings.details",
            "培训情况",
            [_training_text(t) for t in trainings.order_by("held_on", "id")],
            "",
            _url("bullying:training_list", year=year),
        ),
    ]
    return out


def _training_text(training: Training) -> str:
    day = training.held_on
    venue = f"在{training.venue.name}" if training.venue else ""
    audience = "、".join(item.label for item in training.audience.all())
    return (
        f"{day.month}月{day.day}日，{training.organiser}{venue}召开{training.title}，"
        f"对{audience}共{training.attendance}人进行了培训，主讲：{training.speaker_text}"
    )
