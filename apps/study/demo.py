"""学法's demo data: 高平's 2024 study record as the annual report tells it (二(一), 四).

- every Friday (holidays excepted) the 局党组理论学习中心组 studies 《习近平法治思想学习纲要》;
- 主题党日 and the 教育局机关大讲堂 study 《中国共产党纪律处分条例》《中华人民共和国反有组织犯罪法》
  《中华人民共和国民法典》《山西省平安建设条例》 (the 反有组织犯罪法 ones under the topic 扫黑除恶);
- the enforcement staff attend the online “行政执法大讲堂” and the 司法局's
  “高平市2024年度行政执法人员公共法律知识培训”.

The attendees are the staff of 高平市教育局机关, the registry entity standing for the
bureau's offices (fixtures/gaoping/entities.csv, people.csv). Written by 法规股 (`fagui`)
through the services; a session is matched by bureau, date, kind and title, so a second
run adds nothing. Runs after documents (INSTALLED_APPS order): the laws are the catalogue's.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pghistory
from django.core.management.base import CommandError

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.core.models import DictionaryItem
from apps.documents.models import Law
from apps.registry.models import Bureau, Person

from . import services
from .choices import AttendanceStatus, Mode, SessionKind
from .dictionary import STUDY_ORGANISER, STUDY_TOPIC
from .models import StudySession

OFFICES = "高平市教育局机关"
ORGANISERS = ("局党组", "局机关党支部", "局办公室", "法规股", "高平市司法局")
TOPICS = ("习近平法治思想", "党纪学习教育", "扫黑除恶", "民法典", "平安建设", "行政执法", "依法治教")

XI_OUTLINE = "习近平法治思想学习纲要"
DISCIPLINE = "中国共产党纪律处分条例"
ANTI_ORGANISED_CRIME = "中华人民共和国反有组织犯罪法"
CIVIL_CODE = "中华人民共和国民法典"
PEACE = "山西省平安建设条例"

LEADERS = ("张建国", "刘文斌", "陈丽娟", "郭海平", "王志刚")
ENFORCEMENT_STAFF = ("李晓红", "赵建军", "秦志强", "宋晓峰", "范晓明")
# Fridays of 2024 that were public holidays (春节, 清明, 劳动节, 国庆): no 中心组 that day.
HOLIDAY_FRIDAYS = {
    datetime.date(2024, 2, 9),
    datetime.date(2024, 2, 16),
    datetime.date(2024, 4, 5),
    datetime.date(2024, 5, 3),
    datetime.date(2024, 10, 4),
}

# (date, kind, title, organiser, topics, laws, hours, mode, enforcement, location, who, on leave)
# who: "all" (the offices' staff), "enforcement" (the enforcement staff).
SESSIONS = (
    (
        datetime.date(2024, 3, 12),
        SessionKind.PRE_MEETING,
        "局务会会前学法：《中华人民共和国教育法》",
        "局办公室",
        ("依法治教",),
        ("中华人民共和国教育法",),
        "0.5",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        ("田慧",),
    ),
    (
        datetime.date(2024, 4, 26),
        SessionKind.PARTY_DAY,
        "党纪学习教育主题党日：学习《中国共产党纪律处分条例》",
        "局机关党支部",
        ("党纪学习教育",),
        (DISCIPLINE,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        ("常永红",),
    ),
    (
        datetime.date(2024, 5, 17),
        SessionKind.LECTURE,
        "教育局机关大讲堂：《中华人民共和国民法典》专题讲座",
        "局办公室",
        ("民法典",),
        (CIVIL_CODE,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        (),
    ),
    (
        datetime.date(2024, 6, 28),
        SessionKind.PARTY_DAY,
        "主题党日：学习《中华人民共和国反有组织犯罪法》，推进常态化扫黑除恶",
        "局机关党支部",
        ("扫黑除恶",),
        (ANTI_ORGANISED_CRIME,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        ("毕建华",),
    ),
    (
        datetime.date(2024, 7, 19),
        SessionKind.LECTURE,
        "教育局机关大讲堂：《中华人民共和国反有组织犯罪法》解读",
        "法规股",
        ("扫黑除恶",),
        (ANTI_ORGANISED_CRIME,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        (),
    ),
    (
        datetime.date(2024, 9, 27),
        SessionKind.PARTY_DAY,
        "主题党日：学习《山西省平安建设条例》",
        "局机关党支部",
        ("平安建设",),
        (PEACE,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        ("牛丽芳",),
    ),
    (
        datetime.date(2024, 11, 15),
        SessionKind.LECTURE,
        "教育局机关大讲堂：《山西省平安建设条例》与校园安全",
        "局办公室",
        ("平安建设",),
        (PEACE,),
        "2",
        Mode.ONSITE,
        False,
        "局三楼会议室",
        "all",
        (),
    ),
    (
        datetime.date(2024, 6, 14),
        SessionKind.ONLINE,
        "行政执法大讲堂",
        "高平市司法局",
        ("行政执法",),
        ("中华人民共和国行政处罚法", "中华人民共和国行政许可法", "中华人民共和国行政强制法"),
        "4",
        Mode.ONLINE,
        True,
        "",
        "enforcement",
        (),
    ),
    (
        datetime.date(2024, 10, 24),
        SessionKind.TRAINING,
        "高平市2024年度行政执法人员公共法律知识培训",
        "高平市司法局",
        ("行政执法",),
        ("中华人民共和国行政处罚法", "中华人民共和国行政复议法", "中华人民共和国行政诉讼法"),
        "8",
        Mode.ONSITE,
        True,
        "高平市司法局培训中心",
        "enforcement",
        (),
    ),
)


def central_group_fridays(year: int = 2024) -> list[datetime.date]:
    day = datetime.date(year, 1, 1)
    day += datetime.timedelta(days=(4 - day.weekday()) % 7)
    fridays = []
    while day.year == year:
        if day not in HOLIDAY_FRIDAYS:
            fridays.append(day)
        day += datetime.timedelta(days=7)
    return fridays


class StudyDemo(DemoLoader):
    def __init__(self, stdout) -> None:
        super().__init__()
        self.stdout = stdout
        self.county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
        self.author = User.objects.get(username="fagui")

    def dictionary(self) -> None:
        self.items: dict[tuple[str, str], DictionaryItem] = {}
        for kind, labels in ((STUDY_ORGANISER, ORGANISERS), (STUDY_TOPIC, TOPICS)):
            for order, label in enumerate(labels, start=1):
                item = DictionaryItem.objects.filter(bureau=self.county, kind=kind, label=label).first() or DictionaryItem()
                self.sync(
                    item, {"bureau_id": self.county.pk, "kind": kind, "label": label, "sort_order": order, "is_active": True}
                )
                self.items[(kind, label)] = item

    def people(self) -> None:
        staff = {p.name: p for p in Person.objects.filter(bureau=self.county, employer__name=OFFICES)}
        missing = [name for name in (*LEADERS, *ENFORCEMENT_STAFF) if name not in staff]
        if missing:
            raise CommandError(f"名录库中“{OFFICES}”缺少人员：{'、'.join(missing)}（fixtures/gaoping/people.csv）")
        self.staff = staff

    def law(self, name: str) -> Law:
        law = Law.objects.filter(name=name).first()
        if law is None:
            raise CommandError(f"法律法规库中没有《{name}》")
        return law

    def session(self, values: dict, topics: tuple[str, ...], laws: tuple[str, ...], attendees: dict[str, str]) -> bool:
        """Record one session and its attendance unless it is there already."""

        have = StudySession.objects.filter(
            bureau=self.county, date=values["date"], kind=values["kind"], title=values["title"]
        ).exists()
        if have:
            return False
        with pghistory.context(user=self.author.pk):
            session = services.session_save(
                by=self.author,
                values=values,
                topics=[self.items[(STUDY_TOPIC, t)] for t in topics],
                laws=[self.law(name) for name in laws],
            )
            services.attendance_set(
                session=session,
                by=self.author,
                statuses={self.staff[name].pk: status for name, status in attendees.items()},
                version=session.version,
            )
        label = str(StudySession._meta.verbose_name)
        self.created[label] = self.created.get(label, 0) + 1
        return True

    def central_group(self) -> int:
        added = 0
        for n, day in enumerate(central_group_fridays(), start=1):
            # One leader away on business now and then (every ninth week, in turn).
            away = LEADERS[n // 9 % len(LEADERS)] if n % 9 == 0 else None
            attendees = {name: AttendanceStatus.LEAVE if name == away else AttendanceStatus.PRESENT for name in LEADERS}
            values = {
                "date": day,
                "kind": SessionKind.CENTRAL_GROUP,
                "title": f"局党组理论学习中心组第{n}次学习：《习近平法治思想学习纲要》",
                "organiser": self.items[(STUDY_ORGANISER, "局党组")],
                "hours": Decimal("2"),
                "mode": Mode.ONSITE,
                "enforcement_training": False,
                "location": "局党组会议室",
                "content": "集体学习《习近平法治思想学习纲要》相关章节，交流研讨。",
            }
            added += self.session(values, ("习近平法治思想",), (XI_OUTLINE,), attendees)
        return added

    def others(self) -> int:
        added = 0
        for day, kind, title, organiser, topics, laws, hours, mode, enforcement, location, who, leave in SESSIONS:
            names = self.staff if who == "all" else ENFORCEMENT_STAFF
            attendees = {name: AttendanceStatus.LEAVE if name in leave else AttendanceStatus.PRESENT for name in names}
            values = {
                "date": day,
                "kind": kind,
                "title": title,
                "organiser": self.items[(STUDY_ORGANISER, organiser)],
                "hours": Decimal(hours),
                "mode": mode,
                "enforcement_training": enforcement,
                "location": location,
                "content": "",
            }
            added += self.session(values, topics, laws, attendees)
        return added


def load(stdout) -> DemoLoader:
    demo = StudyDemo(stdout)
    demo.dictionary()
    demo.people()
    central = demo.central_group()
    others = demo.others()
    total = StudySession.objects.filter(bureau=demo.county, date__year=2024).count()
    stdout.write(f"2024年学法活动：{total}次（本次新增中心组学习 {central} 次、其他 {others} 次）")
    return demo
