"""The notices behind the 2024 report (印发 / 转发 to the schools concerned, all signed
for), and one open 2025 notice that 高平二中 has signed for and 高平六中 has not read.

`load(stdout)` runs after the registry and accounts demo (bureau 140581, its schools,
the users `admin`, `gp2z`, `gp6z`); it is idempotent: a notice is matched by its title.

The documents it issues or forwards are the 文件库's (apps/documents/demo.py, which runs
first); they are found by title through `documents_titled`, as the bureau admin sees them.
"""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import User
from apps.documents.models import Document
from apps.documents.selectors import documents_titled
from apps.registry.choices import ChangeKind, EntityKind
from apps.registry.models import Bureau, Entity

from . import services
from .choices import NoticeKind, Progress
from .models import Notice, NoticeAddressee

COUNTY = "140581"
BUREAU_NAME = "高平市教育局"
ALL_SCHOOLS = (
    EntityKind.HIGH_SCHOOL,
    EntityKind.MIDDLE_SCHOOL,
    EntityKind.PRIMARY_SCHOOL,
    EntityKind.KINDERGARTEN,
    EntityKind.NINE_YEAR,
    EntityKind.PRIVATE_SCHOOL,
)
PRIMARY_AND_SECONDARY = (
    EntityKind.HIGH_SCHOOL,
    EntityKind.MIDDLE_SCHOOL,
    EntityKind.PRIMARY_SCHOOL,
    EntityKind.NINE_YEAR,
    EntityKind.PRIVATE_SCHOOL,
)
COMPULSORY = (EntityKind.MIDDLE_SCHOOL, EntityKind.PRIMARY_SCHOOL, EntityKind.NINE_YEAR, EntityKind.PRIVATE_SCHOOL)

# The 文件库's titles (apps/documents/demo.py) of the documents the notices send.
DOCUMENTS = {
    "要点": "2024年全市学校安全稳定法治工作要点",
    "清单": "高平市教育局2023年度党政主要负责人履行推进法治建设第一责任人职责清单",
    "十项要求": "中小学校园暴力与学生欺凌防治治理专项行动“十项要求”",
    "欺凌方案": "加强中小学生欺凌综合治理方案",
    "检查清单": "中小学防治校园暴力与学生欺凌检查清单",
    "招生方案": "高平市2024年义务教育阶段学校招生实施方案",
    "学区": "高平市2024年市区小学学区划分方案",
    "初中入学": "关于做好2024年度初中入学工作的意见",
}

# (title, kind, documents, school kinds, sent on, body)
NOTICES_2024 = [
    (
        "关于印发《2024年全市学校安全稳定法治工作要点》等文件的通知",
        NoticeKind.ISSUE,
        ("要点", "清单"),
        ALL_SCHOOLS,
        datetime.date(2024, 3, 11),
        "现将《2024年全市学校安全稳定法治工作要点》等文件印发给你们，请结合实际认真贯彻落实，明确2024年学校普法工作任务。",
    ),
    (
        "关于转发《中小学校园暴力与学生欺凌防治治理专项行动“十项要求”》的通知",
        NoticeKind.FORWARD,
        ("十项要求",),
        PRIMARY_AND_SECONDARY,
        datetime.date(2024, 3, 22),
        "现将《中小学校园暴力与学生欺凌防治治理专项行动“十项要求”》转发给你们，请认真组织学习，抓好落实。",
    ),
    (
        "关于印发《加强中小学生欺凌综合治理方案》《中小学防治校园暴力与学生欺凌检查清单》的通知",
        NoticeKind.ISSUE,
        ("欺凌方案", "检查清单"),
        PRIMARY_AND_SECONDARY,
        datetime.date(2024, 4, 3),
        "现将方案和检查清单印发给你们，请各校对照检查清单定期开展防治校园暴力与学生欺凌工作自查。",
    ),
    (
        "关于印发2024年义务教育阶段招生入学工作文件的通知",
        NoticeKind.ISSUE,
        ("招生方案", "学区", "初中入学"),
        COMPULSORY,
        datetime.date(2024, 5, 22),
        "现将《高平市2024年义务教育阶段学校招生实施方案》等文件印发给你们，请按要求做好招生入学工作。",
    ),
]

OPEN_2025 = "关于报送2025年春季学期防治校园欺凌工作自查情况的通知"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _schools(bureau: Bureau, kinds: tuple[str, ...], day: datetime.date) -> list[Entity]:
    """The schools of those kinds open on `day` (a school merged later still got it)."""

    gone = Q(changes__kind__in=[ChangeKind.MERGED, ChangeKind.CLOSED], changes__effective_on__lte=day)
    return list(
        Entity.objects.filter(bureau=bureau, kind__in=kinds, parent__isnull=True)
        .exclude(pk__in=Entity.objects.filter(gone).values("pk"))
        .order_by("name")
    )


def _documents(admin: User) -> dict[str, Document]:
    found = documents_titled(admin, DOCUMENTS.values())
    missing = [title for title in DOCUMENTS.values() if title not in found]
    if missing:
        raise CommandError("文件库中找不到通知要下发的文件：" + "、".join(missing) + "（文件库的演示数据应先载入）。")
    return {key: found[title] for key, title in DOCUMENTS.items()}


def _send(admin: User, bureau: Bureau, *, title: str, sent_on: datetime.date, **values: Any) -> Notice:
    schools = values.pop("schools")
    documents = values.pop("documents", ())
    notice = services.notice_save_draft(by=admin, values={"title": title, **values}, schools=schools, documents=documents)
    notice = services.notice_send(notice=notice, by=admin)
    # Back-date the sending to when it happened.
    Notice.objects.filter(pk=notice.pk).update(sent_at=_at(sent_on))
    notice.addressees.update(sent_at=_at(sent_on))
    return notice


def _signed_by_all(notice: Notice, sent_on: datetime.date, users: dict[int, User]) -> None:
    read, signed = _at(sent_on + datetime.timedelta(days=1), 10), _at(sent_on + datetime.timedelta(days=1), 11)
    copies = list(notice.addressees.all())
    for copy in copies:
        user = users.get(copy.school_id)
        copy.read_at, copy.read_by, copy.acknowledged_at, copy.acknowledged_by = read, user, signed, user
        copy.progress = Progress.ACKNOWLEDGED
    NoticeAddressee.objects.bulk_update(copies, ["read_at", "read_by", "acknowledged_at", "acknowledged_by", "progress"])


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY)
    admin = User.objects.get(username="admin")
    school_users = {u.school_id: u for u in User.objects.filter(bureau=bureau, school__isnull=False)}
    created = 0
    with transaction.atomic(), pghistory.context(reason="演示数据"):
        docs = _documents(admin)
        for title, kind, keys, kinds, sent_on, body in NOTICES_2024:
            if Notice.objects.filter(bureau=bureau, title=title).exists():
                continue
            notice = _send(
                admin,
                bureau,
                title=title,
                sent_on=sent_on,
                kind=kind,
                body=body,
                documents=[docs[k] for k in keys],
                schools=_schools(bureau, kinds, sent_on),
            )
            # The copies of all read and signed (with the users' own accounts where the demo has them).
            copies = {c.school_id: c for c in notice.addressees.all()}
            _signed_by_all(notice, sent_on, {pk: school_users[pk] for pk in copies if pk in school_users})
            created += 1
        if not Notice.objects.filter(bureau=bureau, title=OPEN_2025).exists():
            sent_on = datetime.date(2025, 3, 10)
            notice = _send(
                admin,
                bureau,
                title=OPEN_2025,
                sent_on=sent_on,
                kind=NoticeKind.NOTICE,
                body="请各高中于2025年3月21日前签收本通知，并对照检查清单开展自查。",
                deadline=datetime.date(2025, 3, 21),
                reply_required=False,
                documents=[docs["检查清单"]],
                schools=_schools(bureau, (EntityKind.HIGH_SCHOOL,), sent_on),
            )
            erzhong = notice.addressees.get(school__name="高平二中")
            user = school_users.get(erzhong.school_id)
            NoticeAddressee.objects.filter(pk=erzhong.pk).update(
                read_at=_at(datetime.date(2025, 3, 11)),
                read_by=user,
                acknowledged_at=_at(datetime.date(2025, 3, 11), 10),
                acknowledged_by=user,
                progress=Progress.ACKNOWLEDGED,
            )
            created += 1
    stdout.write(f"通知：新增 {created} 件。\n")
