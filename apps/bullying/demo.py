"""The 欺凌防治 data behind part 三(二) of the 2024 report, and the open 2025 spring round.

- 《中小学防治校园暴力与学生欺凌检查清单》 (its 文件库 document, with the 综合治理方案 and the
  forwarded “十项要求” as related documents), version 1 published 2024-04-02; version 2
  (one item added) published 2025-02-20.
- Self-inspections by every 中小学 in both 2024 terms, all passed (高平六中's spring form
  after one 整改 round trip).
- The bureau's 督察组 “四不两直” spot checks in May and November 2024, findings recorded
  (one school 限期整改, answered and accepted), and a planned 2025 check that the schools
  cannot see.
- The 2024-04-20 training at 高平六中: principals, vice principals and 初中班主任, 500 人,
  董新良 of 山西师范大学.
- The 2025 spring round of the high schools, sent with notices' 2025 notice: 高平二中 in
  draft, two schools submitted, the others not started.
- Two incidents in the 专门档案 (高平二中, 高平六中), pseudonyms, names encrypted.

Runs after notices (INSTALLED_APPS order); idempotent: everything is matched by title.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.models import DictionaryItem
from apps.documents.selectors import documents_titled
from apps.registry.choices import EntityKind
from apps.registry.models import Bureau, Entity

from . import services
from .choices import AnswerType, Compliance, Conclusion, IncidentStatus, LogKind, Progress, VersionStatus
from .dictionary import INCIDENT_HANDLING, TRAINING_AUDIENCE, TRAINING_ORGANISER
from .models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistVersion,
    Incident,
    InspectionLog,
    Rectification,
    Round,
    SelfInspection,
    SpotCheck,
    SpotCheckVisit,
    Training,
)

COUNTY = "140581"
CHECKLIST = "中小学防治校园暴力与学生欺凌检查清单"
RELATED = ("加强中小学生欺凌综合治理方案", "中小学校园暴力与学生欺凌防治治理专项行动“十项要求”")
PRIMARY_AND_SECONDARY = [
    EntityKind.HIGH_SCHOOL,
    EntityKind.MIDDLE_SCHOOL,
    EntityKind.PRIMARY_SCHOOL,
    EntityKind.NINE_YEAR,
    EntityKind.PRIVATE_SCHOOL,
]
OPEN_2025_NOTICE = "关于报送2025年春季学期防治校园欺凌工作自查情况的通知"

DICTIONARY = {
    TRAINING_AUDIENCE: ("校长（园长）", "分管副校长（园长）", "初中班主任", "班主任", "法治副校长"),
    TRAINING_ORGANISER: ("高平市教育局",),
    INCIDENT_HANDLING: ("教育惩戒", "家长沟通", "心理辅导", "移交公安机关"),
}

# (section, text, answer type, evidence required, guidance)
ITEMS = [
    ("一、组织领导", "成立学生欺凌治理委员会（工作小组），明确职责分工。", AnswerType.COMPLIANCE, True, "上传成立文件。"),
    ("一、组织领导", "制定学生欺凌防治工作方案和应急处置预案。", AnswerType.COMPLIANCE, True, "上传方案和预案。"),
    (
        "二、教育预防",
        "本学期开展防治学生欺凌专题教育（主题班会、法治讲座）的次数。",
        AnswerType.NUMBER,
        True,
        "上传活动照片或记录。",
    ),
    ("二、教育预防", "开展教职工防治学生欺凌专题培训。", AnswerType.COMPLIANCE, False, ""),
    ("二、教育预防", "通过家长会、告家长书等向家长宣传防治学生欺凌知识。", AnswerType.COMPLIANCE, False, ""),
    ("三、排查与处置", "每月开展学生欺凌隐患排查，建立排查台账。", AnswerType.COMPLIANCE, True, "上传排查台账或问卷结果。"),
    ("三、排查与处置", "设立并公布学生欺凌举报电话、举报信箱。", AnswerType.COMPLIANCE, False, ""),
    ("三、排查与处置", "本学期发现并处置的学生欺凌事件数。", AnswerType.NUMBER, False, "没有填 0。"),
    ("三、排查与处置", "对学生欺凌事件按规定建立专门档案。", AnswerType.COMPLIANCE, False, ""),
    ("四、其他", "其他需要说明的情况。", AnswerType.TEXT, False, "没有填“无”。"),
]
ITEM_V2 = ("二、教育预防", "对照“十项要求”逐项落实并留存记录。", AnswerType.COMPLIANCE, False, "")

ROUNDS_2024 = [
    ("2024年春季学期防治校园欺凌自查", "2024年春季学期", datetime.date(2024, 4, 8), datetime.date(2024, 6, 14)),
    ("2024年秋季学期防治校园欺凌自查", "2024年秋季学期", datetime.date(2024, 10, 8), datetime.date(2024, 12, 13)),
]
ROUND_2025 = ("2025年春季学期防治校园欺凌自查", "2025年春季学期", datetime.date(2025, 3, 10), datetime.date(2025, 6, 13))

# (title, date, schools, the school concluded 限期整改 or None)
SPOT_CHECKS_2024 = [
    (
        "2024年春季防治校园欺凌“四不两直”督查",
        datetime.date(2024, 5, 15),
        ("高平一中", "高平六中", "高平三中", "东方红小学", "神农镇中学", "北诗镇中学"),
        "神农镇中学",
    ),
    (
        "2024年秋季防治校园欺凌“四不两直”督查",
        datetime.date(2024, 11, 20),
        ("高平二中", "高平五中", "寺庄镇第一中学", "建宁乡中学", "马村镇中学", "陈区镇中学"),
        None,
    ),
]
PLANNED_2025 = ("2025年春季防治校园欺凌“四不两直”督查", datetime.date(2025, 5, 20), ("高平二中", "高平四中", "河西镇中学"))

TRAINING = "全市中小学防治校园暴力与学生欺凌培训会"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _dictionary(bureau: Bureau) -> dict[str, DictionaryItem]:
    found = {}
    for kind, labels in DICTIONARY.items():
        for order, label in enumerate(labels, start=1):
            item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=kind, label=label, defaults={"sort_order": order})
            found[label] = item
    return found


def _schools(bureau: Bureau, names) -> list[Entity]:
    by_name = {e.name: e for e in Entity.objects.filter(bureau=bureau, name__in=list(names))}
    return [by_name[name] for name in names if name in by_name]


def _checklist(admin: User, bureau: Bureau) -> tuple[ChecklistVersion, ChecklistVersion]:
    checklist = Checklist.objects.filter(bureau=bureau, title=CHECKLIST).first()
    if checklist is None:
        docs = documents_titled(admin, [CHECKLIST, *RELATED])
        checklist = services.checklist_save(
            by=admin,
            values={
                "title": CHECKLIST,
                "document": docs.get(CHECKLIST),
                "description": "各中小学每学期对照本清单开展自查，逐项填报并上传佐证材料。",
            },
        )
        checklist.related_documents.set([docs[t] for t in RELATED if t in docs])
        v1 = checklist.versions.get()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                bureau=bureau, version=v1, position=n, section=s, text=t, answer_type=a, evidence_required=e, guidance=g
            )
            for n, (s, t, a, e, g) in enumerate(ITEMS, start=1)
        )
        services.checklist_publish(version=v1, by=admin)
        ChecklistVersion.objects.filter(pk=v1.pk).update(published_at=_at(datetime.date(2024, 4, 2)))
        v2 = services.checklist_draft(checklist=checklist, by=admin)
        s, t, a, e, g = ITEM_V2
        ChecklistItem.objects.create(
            bureau=bureau, version=v2, position=len(ITEMS) + 1, section=s, text=t, answer_type=a, evidence_required=e, guidance=g
        )
        services.checklist_publish(version=v2, by=admin)
        ChecklistVersion.objects.filter(pk=v2.pk).update(published_at=_at(datetime.date(2025, 2, 20)))
    versions = list(checklist.versions.filter(status=VersionStatus.PUBLISHED).order_by("number"))
    return versions[0], versions[-1]


def _answer_value(item: ChecklistItem, n: int) -> str:
    if item.answer_type == AnswerType.NUMBER:
        return str(2 + n % 3) if "次数" in item.text else "0"
    if item.answer_type == AnswerType.TEXT:
        return "无"
    return Compliance.YES


def _fill(inspection: SelfInspection, items: list[ChecklistItem], n: int) -> list[Answer]:
    return [
        Answer(bureau_id=inspection.bureau_id, inspection=inspection, item=item, value=_answer_value(item, n + i))
        for i, item in enumerate(items)
    ]


def _rounds_2024(admin: User, bureau: Bureau, version: ChecklistVersion, users: dict[int, User]) -> int:
    items = list(version.items.all())
    created = 0
    for title, period, opened, deadline in ROUNDS_2024:
        if Round.objects.filter(bureau=bureau, title=title).exists():
            continue
        round_ = services.round_open(
            by=admin,
            title=title,
            version=version,
            period=period,
            year=2024,
            kinds=PRIMARY_AND_SECONDARY,
            deadline=deadline,
            notify=False,
        )
        Round.objects.filter(pk=round_.pk).update(opened_at=_at(opened))
        inspections = list(round_.inspections.select_related("school"))
        answers, logs = [], []
        submitted, reviewed = _at(deadline - datetime.timedelta(days=5)), _at(deadline + datetime.timedelta(days=3))
        for n, inspection in enumerate(inspections):
            answers += _fill(inspection, items, n)
            by = users.get(inspection.school_id, admin)
            if inspection.school.name == "高平六中" and period.endswith("春季学期"):
                continue  # its round trip is written below
            logs.append(InspectionLog(bureau=bureau, inspection=inspection, kind=LogKind.SUBMITTED, by=by, at=submitted))
            logs.append(InspectionLog(bureau=bureau, inspection=inspection, kind=LogKind.PASSED, by=admin, at=reviewed))
        Answer.objects.bulk_create(answers, batch_size=2000)
        InspectionLog.objects.bulk_create(logs, batch_size=2000)
        round_.inspections.update(
            progress=Progress.PASSED,
            started_at=submitted,
            submitted_at=submitted,
            reviewed_at=reviewed,
            reviewed_by=admin,
            version=3,
        )
        if period.endswith("春季学期"):
            _liuzhong_round_trip(admin, bureau, round_, items, users, deadline)
        created += 1
    return created


def _liuzhong_round_trip(admin, bureau, round_, items, users, deadline) -> None:
    """高平六中's spring form: returned for 整改 on the 排查台账 item, answered, then passed."""

    inspection = round_.inspections.filter(school__name="高平六中").first()
    if inspection is None:
        return
    item = next(i for i in items if "排查台账" in i.text)
    school_user = users.get(inspection.school_id, admin)
    first, returned = _at(deadline - datetime.timedelta(days=8)), _at(deadline - datetime.timedelta(days=6))
    answered, passed = _at(deadline - datetime.timedelta(days=2)), _at(deadline + datetime.timedelta(days=1))
    rectification = Rectification.objects.create(
        bureau=bureau,
        school_id=inspection.school_id,
        inspection=inspection,
        item=item,
        trip=1,
        comment="排查台账只有4月的记录，请补充3月、5月的排查台账并上传。",
        created_by=admin,
        answer="已补充3月、5月排查台账，并明确由德育处每月底汇总。",
        answered_at=answered,
        answered_by=school_user,
        closed_at=passed,
        closed_by=admin,
    )
    Rectification.objects.filter(pk=rectification.pk).update(updated_at=passed)
    InspectionLog.objects.bulk_create(
        InspectionLog(bureau=bureau, inspection=inspection, kind=kind, trip=trip, detail=detail, by=by, at=at)
        for kind, trip, at, detail, by in (
            (LogKind.SUBMITTED, 0, first, "", school_user),
            (LogKind.RETURNED, 1, returned, "1 项需整改", admin),
            (LogKind.RESUBMITTED, 1, answered, "", school_user),
            (LogKind.PASSED, 1, passed, "", admin),
        )
    )
    SelfInspection.objects.filter(pk=inspection.pk).update(trip=1, submitted_at=answered, reviewed_at=passed)


def _round_2025(admin: User, bureau: Bureau, version: ChecklistVersion, users: dict[int, User]) -> int:
    title, period, opened, deadline = ROUND_2025
    if Round.objects.filter(bureau=bureau, title=title).exists():
        return 0
    round_ = services.round_open(
        by=admin,
        title=title,
        version=version,
        period=period,
        year=2025,
        kinds=[EntityKind.HIGH_SCHOOL],
        deadline=deadline,
        notify=False,
    )
    # It went out with the notices app's 2025 notice (apps/notices/demo.py).
    from apps.notices.selectors import notices_for

    notice = notices_for(admin).filter(title=OPEN_2025_NOTICE).first()
    Round.objects.filter(pk=round_.pk).update(opened_at=_at(opened), notice=notice)
    items = list(version.items.all())
    inspections = {i.school.name: i for i in round_.inspections.select_related("school")}
    erzhong = inspections.get("高平二中")
    if erzhong is not None:
        # In draft: the first four items answered, nothing attached yet.
        Answer.objects.bulk_create(_fill(erzhong, items[:4], 0))
        SelfInspection.objects.filter(pk=erzhong.pk).update(
            progress=Progress.DRAFT, started_at=_at(datetime.date(2025, 3, 18)), version=2
        )
    for name in ("高平一中", "高平三中"):
        inspection = inspections.get(name)
        if inspection is None:
            continue
        Answer.objects.bulk_create(_fill(inspection, items, 1))
        at = _at(datetime.date(2025, 4, 2))
        SelfInspection.objects.filter(pk=inspection.pk).update(
            progress=Progress.SUBMITTED, started_at=at, submitted_at=at, version=3
        )
        InspectionLog.objects.create(
            bureau=bureau, inspection=inspection, kind=LogKind.SUBMITTED, by=users.get(inspection.school_id, admin), at=at
        )
    return 1


def _spot_checks(admin: User, bureau: Bureau, version: ChecklistVersion, team: list[User]) -> int:
    items = list(version.items.all())
    created = 0
    for title, day, names, rectify in SPOT_CHECKS_2024:
        if SpotCheck.objects.filter(bureau=bureau, title=title).exists():
            continue
        check = services.spot_check_save(
            by=admin,
            values={
                "title": title,
                "planned_on": day,
                "method": "四不两直",
                "version": version,
                "notes": "教育局督察组不发通知、不打招呼，直奔学校。",
            },
            schools=_schools(bureau, names),
            team=team,
        )
        for visit in check.visits.select_related("school"):
            drafts = []
            if visit.school.name == rectify:
                drafts = [
                    services.RectificationDraft(
                        item_id=next(i.pk for i in items if "举报电话" in i.text),
                        comment="校内未公布学生欺凌举报电话和举报信箱，请在校门口和各楼层公示。",
                        owner="德育主任",
                        due_on=day + datetime.timedelta(days=30),
                    )
                ]
            findings = {
                i.pk: (Compliance.YES if not drafts or "举报电话" not in i.text else Compliance.NO, "")
                for i in items
                if i.answer_type == AnswerType.COMPLIANCE
            }
            visit = services.visit_record(
                visit=visit,
                by=admin,
                visited_on=day,
                conclusion=Conclusion.RECTIFY if drafts else Conclusion.PASS,
                summary="防治学生欺凌工作机制健全，台账齐全。" if not drafts else "举报渠道未公示，其余符合要求。",
                findings=findings,
                rectifications=drafts,
            )
            SpotCheckVisit.objects.filter(pk=visit.pk).update(recorded_at=_at(day, 17))
            for r in visit.rectifications.all():
                Rectification.objects.filter(pk=r.pk).update(
                    answer="已在校门口、教学楼各楼层公示举报电话和举报信箱位置，并在家长群通知。",
                    answered_at=_at(day + datetime.timedelta(days=12)),
                    closed_at=_at(day + datetime.timedelta(days=20)),
                    closed_by=admin,
                )
        created += 1
    title, day, names = PLANNED_2025
    if not SpotCheck.objects.filter(bureau=bureau, title=title).exists():
        services.spot_check_save(
            by=admin,
            values={"title": title, "planned_on": day, "method": "四不两直", "version": version, "notes": ""},
            schools=_schools(bureau, names),
            team=team,
        )
        created += 1
    return created


def _training(admin: User, bureau: Bureau, items: dict[str, DictionaryItem]) -> int:
    if Training.objects.filter(bureau=bureau, title=TRAINING).exists():
        return 0
    venue = Entity.objects.filter(bureau=bureau, name="高平六中").first()
    services.training_save(
        by=admin,
        values={
            "title": TRAINING,
            "held_on": datetime.date(2024, 4, 20),
            "venue": venue,
            "organiser": "高平市教育局",
            "attendance": 500,
            "speakers": "董新良，山西师范大学，教授",
            "topics": "学生欺凌的理解与判定、预防与教育、应对与处置；应对校园暴力与学生欺凌的难点、重点及措施。",
        },
        audience=[items["校长（园长）"], items["分管副校长（园长）"], items["初中班主任"]],
    )
    return 1


def _incidents(bureau: Bureau, users: dict[int, User], items: dict[str, DictionaryItem]) -> int:
    created = 0
    cases = [
        (
            "高平二中",
            datetime.date(2024, 10, 16),
            "课间在走廊推搡并言语嘲讽同学，班主任发现后及时制止。",
            "学生甲、学生乙",
            "张某某、李某某",
            ("家长沟通", "心理辅导"),
            IncidentStatus.CLOSED,
            "两周后回访，双方关系正常，未再发生。",
        ),
        (
            "高平六中",
            datetime.date(2024, 11, 5),
            "宿舍内多次索要同学零花钱。",
            "学生丙",
            "王某某",
            ("教育惩戒", "家长沟通"),
            IncidentStatus.FOLLOW_UP,
            "每周由班主任跟踪一次。",
        ),
    ]
    for school_name, day, description, students, names, handling, status, follow_up in cases:
        school = Entity.objects.filter(bureau=bureau, name=school_name).first()
        user = users.get(school.pk) if school else None
        if user is None or Incident.objects.filter(school=school, occurred_on=day).exists():
            continue
        services.incident_save(
            by=user,
            values={
                "occurred_on": day,
                "description": description,
                "students": students,
                "status": status,
                "follow_up": follow_up,
            },
            handling=[items[h] for h in handling],
            real_names=names,
        )
        created += 1
    return created


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY)
    admin = User.objects.get(username="admin")
    users = {u.school_id: u for u in User.objects.filter(bureau=bureau, school__isnull=False)}
    team = list(User.objects.filter(username__in=["admin", "zhifa1"]))
    with transaction.atomic():
        items = _dictionary(bureau)
        v1, v2 = _checklist(admin, bureau)
        rounds = _rounds_2024(admin, bureau, v1, users) + _round_2025(admin, bureau, v2, users)
        checks = _spot_checks(admin, bureau, v1, team)
        trainings = _training(admin, bureau, items)
        incidents = _incidents(bureau, users, items)
    stdout.write(f"欺凌防治：新增自查轮次 {rounds} 轮，督查 {checks} 次，培训 {trainings} 场，欺凌事件 {incidents} 件。\n")
