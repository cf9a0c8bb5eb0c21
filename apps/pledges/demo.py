"""The pledges' demo data, making part 一 of the 2024 report true: in March 2024 the
bureau issued the 工作要点 and the 第一责任人职责清单 and signed the
《2024年度学校安全综治法治工作目标责任承诺书》 with every school (all signed), and held
a 安全法治工作例会 every month, each with its decisions done. Besides, an open 2026
campaign (高平二中, 高平六中 and a few others not yet signed, one returned; past its
deadline) and two 2026 meetings, one decision overdue, so the dashboards have items.

Runs after documents and notices (`manage.py load_demo`, INSTALLED_APPS order). The
documents are the 文件库's, found by title through `documents.selectors`; the ones the
library's demo lacks (the pledge texts, the 2026 要点) are written through its service.
Campaigns go out through `services.campaign_launch` (so the schools get the notice);
the dates are then set to when it happened. Matched by year / date and topic: running
it again adds nothing.
"""

from __future__ import annotations

import datetime
import random

import pghistory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.core.models import DictionaryItem
from apps.documents.choices import DocumentKind
from apps.documents.models import Document
from apps.documents.selectors import documents_titled
from apps.documents.services import document_save
from apps.notices.choices import Progress
from apps.notices.models import Notice, NoticeAddressee
from apps.registry.choices import ChangeKind
from apps.registry.models import Bureau, Entity
from apps.registry.selectors import SCHOOL_KINDS

from . import services
from .choices import PledgeStatus
from .dictionary import MEETING_KIND
from .models import Campaign, Meeting, Pledge

BUREAU = "高平市教育局"
MEETING_KINDS = ("安全法治工作例会", "专题会议", "安全稳定工作推进会")
REGULAR = MEETING_KINDS[0]

GUIDANCE_2024 = (
    "2024年全市学校安全稳定法治工作要点",
    "高平市教育局2023年度党政主要负责人履行推进法治建设第一责任人职责清单",
)
PLEDGE_2024 = "2024年度学校安全综治法治工作目标责任承诺书"
GUIDANCE_2026 = ("2026年全市学校安全稳定法治工作要点",)
PLEDGE_2026 = "2026年度学校安全综治法治工作目标责任承诺书"
# Written here when the library's demo has not (title, kind, issued on).
OWN_DOCUMENTS = (
    (PLEDGE_2024, DocumentKind.OTHER, datetime.date(2024, 3, 8)),
    (GUIDANCE_2026[0], DocumentKind.WORK_POINTS, datetime.date(2026, 2, 27)),
    (PLEDGE_2026, DocumentKind.OTHER, datetime.date(2026, 2, 27)),
)

# (year, launched on, deadline, guidance, pledge text)
CAMPAIGNS = (
    (2024, datetime.date(2024, 3, 12), datetime.date(2024, 3, 29), GUIDANCE_2024, PLEDGE_2024),
    (2026, datetime.date(2026, 3, 2), datetime.date(2026, 3, 31), GUIDANCE_2026, PLEDGE_2026),
)
# 2026: not signed yet; returned (with the reason).
UNSIGNED_2026 = ("高平二中", "高平六中", "高平市第二幼儿园", "高平市第三幼儿园")
RETURNED_2026 = {"高平三中": "扫描件未加盖学校公章，请加盖公章后重新上传。"}

TOPICS_2024 = (
    "部署2024年学校安全稳定法治工作要点，签订目标责任承诺书",
    "春季开学安全检查和防校园欺凌工作",
    "防治校园暴力与学生欺凌培训会筹备",
    "防溺水和校园食品安全工作",
    "中考高考期间校园安全和考试安全",
    "暑期安全教育和校舍安全排查",
    "秋季开学安全检查和法治副校长聘任",
    "名录库动态调整和学校撤并后的安全管理",
    "国庆期间安全稳定和扫黑除恶常态化工作",
    "冬季消防安全和校车安全",
    "“宪法宣传周”活动安排",
    "年度安全法治工作总结和法治政府建设年度报告",
)
# (text, owner, days to do it)
DECISIONS = (
    ("各学校开展一次安全隐患排查，形成台账报安全股", "安全股", 14),
    ("法规股汇总各校落实情况，提交局长办公会", "法规股", 21),
)
SCAN = b"%PDF-1.4\n% demo scan of a signed pledge\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCAN_NAME = "pledges/demo/承诺书扫描件示例.pdf"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _second_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def _schools_open_on(bureau: Bureau, day: datetime.date) -> list[Entity]:
    """The schools and kindergartens open on `day` (a school merged later signed then)."""

    gone = Q(changes__kind__in=[ChangeKind.MERGED, ChangeKind.CLOSED], changes__effective_on__lte=day)
    later = Q(changes__kind=ChangeKind.REGISTERED, changes__effective_on__gt=day)
    return list(
        Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, parent__isnull=True)
        .exclude(pk__in=Entity.objects.filter(gone | later).values("pk"))
        .order_by("sort_key", "id")
    )


def _documents(demo: DemoLoader, county: Bureau, admin: User) -> dict[str, Document]:
    author = User.objects.get(username="fagui")
    wanted = {*GUIDANCE_2024, *GUIDANCE_2026, PLEDGE_2024, PLEDGE_2026}
    found = documents_titled(admin, wanted)
    label = str(Document._meta.verbose_name)
    for title, kind, issued_on in OWN_DOCUMENTS:
        if title in found:
            continue
        document = Document(title=title, kind=kind, issuer=BUREAU, issued_on=issued_on, effective_from=issued_on)
        with pghistory.context(user=author.pk):
            found[title] = document_save(document=document, by=author)
        demo.created[label] = demo.created.get(label, 0) + 1
    missing = wanted - set(found)
    if missing:
        from django.core.management.base import CommandError

        raise CommandError("文件库中找不到承诺书签订要用的文件：" + "、".join(sorted(missing)) + "（文件库的演示数据应先载入）。")
    return found


def _scan_name() -> str:
    if not default_storage.exists(SCAN_NAME):
        return default_storage.save(SCAN_NAME, ContentFile(SCAN))
    return SCAN_NAME


def _launch(county, admin, year, launched_on, deadline, guidance, pledge_text, docs) -> Campaign:
    schools = _schools_open_on(county, launched_on)
    campaign = services.campaign_launch(
        by=admin,
        year=year,
        title=f"{year}年度学校安全综治法治工作目标责任承诺书签订",
        pledge_document=docs[pledge_text],
        documents=[docs[t] for t in guidance],
        schools=schools,
        deadline=deadline,
    )
    # Back-date the launch and its notice to when it happened.
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=_at(launched_on))
    Notice.objects.filter(pk=campaign.notice_id).update(sent_at=_at(launched_on))
    NoticeAddressee.objects.filter(notice_id=campaign.notice_id).update(sent_at=_at(launched_on))
    return campaign


def _sign(campaign: Campaign, launched: datetime.date, admin: User, school_users: dict[int, User], rng: random.Random) -> None:
    """Every pledge of the campaign signed before its deadline (the school's own account
    where the demo has one, else the bureau uploading the scan sent on paper), but the
    2026 exceptions; the notice's copies then read and signed for too."""

    scan = _scan_name()
    pledges = list(campaign.pledges.select_related("school"))
    signed_ids = []
    for pledge in pledges:
        name = pledge.school.name
        if campaign.year == 2026 and name in UNSIGNED_2026:
            continue
        span = max(3, (campaign.deadline - launched).days - 1)
        day = launched + datetime.timedelta(days=rng.randint(2, span))
        by = school_users.get(pledge.school_id, admin)
        pledge.status, pledge.signer, pledge.signed_on, pledge.scan = (
            PledgeStatus.SIGNED,
            pledge.school.legal_representative or "校长",
            day,
            scan,
        )
        pledge.signed_at, pledge.signed_by = _at(day, 16), by
        pledge.version = 2
        if campaign.year == 2026 and name in RETURNED_2026:
            pledge.status, pledge.return_reason = PledgeStatus.RETURNED, RETURNED_2026[name]
            pledge.returned_at, pledge.returned_by, pledge.version = _at(day + datetime.timedelta(days=1)), admin, 3
        else:
            signed_ids.append(pledge.school_id)
    fields = ["status", "signer", "signed_on", "scan", "signed_at", "signed_by", "version"]
    Pledge.objects.bulk_update(pledges, [*fields, "return_reason", "returned_at", "returned_by"])
    # Signing is also the 签收 of the notice that carried the pledge.
    signed_on = {p.school_id: p.signed_on for p in pledges if p.school_id in signed_ids}
    copies = list(NoticeAddressee.objects.filter(notice_id=campaign.notice_id, school_id__in=signed_ids))
    for copy in copies:
        when = _at(signed_on[copy.school_id], 16)
        user = school_users.get(copy.school_id)
        copy.read_at, copy.read_by, copy.acknowledged_at, copy.acknowledged_by = when, user, when, user
        copy.progress = Progress.ACKNOWLEDGED
    NoticeAddressee.objects.bulk_update(copies, ["read_at", "read_by", "acknowledged_at", "acknowledged_by", "progress"])


def _meeting(admin, county, kinds, held_on, kind, topic, units, decisions, today) -> bool:
    if Meeting.objects.filter(bureau=county, held_on=held_on, topic=topic).exists():
        return False
    meeting = services.meeting_save(
        by=admin,
        values={
            "held_on": held_on,
            "kind": kinds[kind],
            "topic": topic,
            "host": "局长",
            "other_attendees": "局领导班子成员、各股室负责人",
            "summary": f"会议研究了{topic}，对下一阶段工作作出安排。",
        },
        units=units,
    )
    for text, owner, days, done in decisions:
        decision = services.decision_add(
            meeting=meeting, by=admin, text=text, owner=owner, due_on=held_on + datetime.timedelta(days=days)
        )
        if done:
            services.decision_done(decision=decision, by=admin, on=min(today, decision.due_on - datetime.timedelta(days=2)))
    return True


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    admin = User.objects.get(username="admin")
    school_users = {u.school_id: u for u in User.objects.filter(bureau=county, school__isnull=False)}
    rng = random.Random(20240312)
    today = timezone.localdate()
    for order, label in enumerate(MEETING_KINDS, start=1):
        item = DictionaryItem.objects.filter(bureau=county, kind=MEETING_KIND, label=label).first() or DictionaryItem()
        demo.sync(item, {"bureau_id": county.pk, "kind": MEETING_KIND, "label": label, "sort_order": order, "is_active": True})
    kinds = {item.label: item for item in DictionaryItem.objects.filter(bureau=county, kind=MEETING_KIND)}
    docs = _documents(demo, county, admin)

    launched = 0
    for year, launched_on, deadline, guidance, pledge_text in CAMPAIGNS:
        if Campaign.objects.filter(bureau=county, year=year).exists():
            continue
        campaign = _launch(county, admin, year, launched_on, deadline, guidance, pledge_text, docs)
        _sign(campaign, launched_on, admin, school_users, rng)
        launched += 1
        demo.created["承诺书签订"] = demo.created.get("承诺书签订", 0) + 1

    high_schools = list(Entity.objects.filter(bureau=county, kind="high", status="open").order_by("sort_key", "id"))
    held = 0
    for month, topic in enumerate(TOPICS_2024, start=1):
        decisions = [(text, owner, days, True) for text, owner, days in DECISIONS]
        held += _meeting(admin, county, kinds, _second_tuesday(2024, month), REGULAR, topic, high_schools, decisions, today)
    held += _meeting(
        admin,
        county,
        kinds,
        datetime.date(2024, 4, 12),
        "专题会议",
        "研究部署防治校园暴力与学生欺凌专项工作",
        high_schools,
        [("制定《加强中小学生欺凌综合治理方案》", "安全股", 10, True)],
        today,
    )
    for held_on, topic, decisions in (
        (datetime.date(2026, 10, 13), "秋季学期安全检查情况通报", [("对检查发现的问题逐校整改销号", "安全股", 30, True)]),
        (
            datetime.date(2026, 11, 10),
            "冬季消防安全和2026年度承诺书未签订学校督办",
            [("督促未签订承诺书的学校完成签订", "法规股", 10, False), ("开展冬季消防安全专项检查", "安全股", 60, False)],
        ),
    ):
        held += _meeting(admin, county, kinds, held_on, REGULAR, topic, high_schools, decisions, today)
    if held:
        demo.created["例会"] = held
    signed = Pledge.objects.filter(bureau=county, year=2024, status=PledgeStatus.SIGNED).count()
    total = Pledge.objects.filter(bureau=county, year=2024).count()
    stdout.write(f"承诺书签订：新增 {launched} 次（2024年度已签订 {signed}/{total} 所）；例会：新增 {held} 次。\n")
    return demo
