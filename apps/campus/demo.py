"""The campus year of the 2024 report (parts 二(二), 二(三), 三(一)), made true of 高平:

- the August 2024 re-appointment led by 市委政法委: a 法治副校长 and a 交通安全辅导员 for
  every open school and kindergarten, each serving two schools;
- lectures by the 法治副校长 on 预防未成年人犯罪 / 防电信诈骗 / 防校园欺凌 after the spring
  and autumn terms began, 民法典宣传月 activities in May, teachers' 宪法宣誓 around 六一
  and 教师节, and in 宪法宣传周 (December) 宪法晨读 at every school, 宪法主题教育,
  学宪法讲宪法 and visits to the youth rule-of-law education base;
- the provincial final of 学宪法 讲宪法 with three students representing 晋城市
  (丁晨熙, 高平二中: 高中组 third, 二等奖; 张锦依, 高平五中: 初中组 fifth, 三等奖);
- 高平二中, 高平六中 and 东方红小学 in 先进校创建 since 2023, reviewed twice in 2024 by
  晋城市关工委, with 整改 items (one still open and overdue).

Photos are small generated pictures (images.generated_photo). Idempotent: each part is
skipped when its records exist.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pghistory
from django.core.files.base import ContentFile
from django.db import transaction

from apps.accounts.models import User
from apps.core.models import DictionaryItem
from apps.registry.choices import EntityStatus
from apps.registry.models import Bureau, Entity
from apps.registry.selectors import SCHOOL_KINDS

from . import images
from .choices import AppointmentRole, CreationStatus, EventKind, Group, Level, NominatingBody, Prize, Stage
from .dictionary import CAMPAIGN, EVENT_THEME
from .models import (
    Appointment,
    AppointmentBatch,
    Competition,
    CreationCampaign,
    Entry,
    Evaluation,
    Event,
    EventPhoto,
    RectificationItem,
    Review,
)

COUNTY = "140581"
THEMES = ["预防未成年人犯罪", "防电信诈骗", "防校园欺凌", "宪法学习", "民法典"]
CAMPAIGNS = ["宪法宣传周", "民法典宣传月", "六一儿童节", "教师节"]
BATCH = "2024年8月法治副校长、交通安全辅导员换届选聘"
COMPETITION = "山西省学生“学宪法 讲宪法”法治素养竞赛"
CREATION_SCHOOLS = ["高平二中", "高平六中", "东方红小学"]

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = [
    "建国",
    "志强",
    "晓东",
    "海军",
    "立新",
    "红梅",
    "永刚",
    "卫东",
    "丽华",
    "国庆",
    "俊峰",
    "文杰",
    "宏伟",
    "慧敏",
    "振华",
    "瑞军",
]
VP_UNITS = [
    (NominatingBody.POLICE, "高平市公安局{town}派出所", "副所长"),
    (NominatingBody.PROCURATORATE, "高平市人民检察院", "检察官"),
    (NominatingBody.COURT, "高平市人民法院", "法官"),
    (NominatingBody.JUSTICE, "高平市司法局{town}司法所", "所长"),
]
TRAFFIC_UNIT = ("高平市公安局交通警察大队", "民警")


def _names():
    for given, surname in itertools.product(GIVEN, SURNAMES):
        yield surname + given


def _dictionary(bureau: Bureau) -> tuple[dict[str, DictionaryItem], dict[str, DictionaryItem]]:
    def ensure(kind: str, labels: list[str]) -> dict[str, DictionaryItem]:
        out = {}
        for order, label in enumerate(labels, start=1):
            item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=kind, label=label, defaults={"sort_order": order})
            out[label] = item
        return out

    return ensure(EVENT_THEME, THEMES), ensure(CAMPAIGN, CAMPAIGNS)


def _schools(bureau: Bureau) -> list[Entity]:
    return list(
        Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN, parent__isnull=True).order_by(
            "sort_key", "id"
        )
    )


def _town(school: Entity) -> str:
    for marker in ("镇", "街道", "乡"):
        if marker in school.name:
            return school.name[: school.name.index(marker) + len(marker)]
    return "城区"


def _appointments(bureau: Bureau, schools: list[Entity]) -> dict[int, Appointment]:
    """The August 2024 batch: for every two schools (in reading order) one 法治副校长 and
    one 交通安全辅导员. Returns each school's 法治副校长."""

    batch, _ = AppointmentBatch.objects.get_or_create(
        bureau=bureau,
        name=BATCH,
        defaults={
            "led_by": "中共高平市委政法委员会",
            "appointed_on": datetime.date(2024, 8, 28),
            "note": "由市委政法委牵头，为全市中小学和幼儿园重新聘任法治副校长和交通安全辅导员，任期三年。",
        },
    )
    vice: dict[int, Appointment] = {}
    if batch.appointments.exists():
        for appointment in batch.appointments.filter(role=AppointmentRole.VICE_PRINCIPAL).prefetch_related("schools"):
            for school in appointment.schools.all():
                vice[school.pk] = appointment
        return vice
    names = _names()
    start, end = datetime.date(2024, 9, 1), datetime.date(2027, 8, 31)
    for n, pair in enumerate(schools[i : i + 2] for i in range(0, len(schools), 2)):
        body, unit, post = VP_UNITS[n % len(VP_UNITS)]
        # One retiree among them, within the rules (61 at appointment, a first term).
        retired = n == 7
        vp = Appointment(
            bureau=bureau,
            name=next(names),
            role=AppointmentRole.VICE_PRINCIPAL,
            body=body,
            unit=unit.format(town=_town(pair[0])),
            post="退休法官" if retired else post,
            term_start=start,
            term_end=end,
            batch=batch,
            retired=retired,
            birth_date=datetime.date(1963, 5, 12) if retired else None,
        )
        vp.save()
        vp.schools.set(pair)
        traffic = Appointment(
            bureau=bureau,
            name=next(names),
            role=AppointmentRole.TRAFFIC,
            body=NominatingBody.POLICE,
            unit=TRAFFIC_UNIT[0],
            post=TRAFFIC_UNIT[1],
            term_start=start,
            term_end=end,
            batch=batch,
        )
        traffic.save()
        traffic.schools.set(pair)
        for school in pair:
            vice[school.pk] = vp
    return vice


def _event(bureau, school, kind, day, *, campaign=None, themes=(), speaker=None, hours="1", students=0, teachers=0, summary=""):
    event = Event.objects.create(
        bureau=bureau,
        school=school,
        kind=kind,
        start_on=day,
        campaign=campaign,
        speaker=speaker,
        class_hours=Decimal(hours),
        students=students,
        teachers=teachers,
        summary=summary,
    )
    if themes:
        event.themes.set(themes)
    return event


def _size(school: Entity, seed: int) -> int:
    base = {"high": 1800, "middle": 900, "primary": 420, "kindergarten": 150, "nine_year": 600, "private": 500}
    return base.get(school.kind, 300) + (seed * 37) % 200


def _events(bureau: Bureau, schools: list[Entity], vice: dict[int, Appointment], themes, campaigns) -> int:
    if Event.objects.filter(bureau=bureau, start_on__year=2024).exists():
        return 0
    three = [themes["预防未成年人犯罪"], themes["防电信诈骗"], themes["防校园欺凌"]]
    created = 0
    for i, school in enumerate(schools):
        pupils = _size(school, i)
        teachers = max(10, pupils // 14)
        kindergarten = school.kind == "kindergarten"
        # Spring term (the former appointees, not in the portal): lectures on the three themes.
        if i % 2 == 0 and not kindergarten:
            _event(bureau, school, EventKind.LECTURE, datetime.date(2024, 3, 4 + i % 20),
                   themes=three, students=pupils, teachers=teachers // 2, hours="1",
                   summary="春季开学后邀请法治副校长开展法治讲座。")  # fmt: skip
            created += 1
        # Autumn term: the new 法治副校长 lectures at each of their schools (2 class-hours each).
        speaker = vice.get(school.pk)
        _event(bureau, school, EventKind.LECTURE, datetime.date(2024, 9, 9 + i % 20),
               themes=three, speaker=speaker, students=pupils, teachers=teachers // 2, hours="2",
               summary="秋季开学后法治副校长到校开展“预防未成年人犯罪”“防电信诈骗”“防校园欺凌”主题法治讲座。")  # fmt: skip
        created += 1
        if not kindergarten and i % 3 == 0:
            _event(bureau, school, EventKind.CIVIL_CODE, datetime.date(2024, 5, 10 + i % 15),
                   campaign=campaigns["民法典宣传月"], themes=[themes["民法典"]], students=pupils, teachers=teachers // 3,
                   summary="民法典宣传月期间开展《中华人民共和国民法典》学习宣传教育活动。")  # fmt: skip
            created += 1
        if i % 4 == 0:
            _event(bureau, school, EventKind.OATH, datetime.date(2024, 5, 31),
                   campaign=campaigns["六一儿童节"], themes=[themes["宪法学习"]], teachers=teachers,
                   summary="六一儿童节期间组织教师开展宪法宣誓活动。")  # fmt: skip
            created += 1
        if i % 4 == 2:
            _event(bureau, school, EventKind.OATH, datetime.date(2024, 9, 10),
                   campaign=campaigns["教师节"], themes=[themes["宪法学习"]], teachers=teachers,
                   summary="教师节组织教师开展宪法宣誓活动。")  # fmt: skip
            created += 1
        # 宪法宣传周 (12月4日前后): 宪法晨读 at every school.
        week = campaigns["宪法宣传周"]
        _event(bureau, school, EventKind.MORNING_READING, datetime.date(2024, 12, 2 + i % 5),
               campaign=week, themes=[themes["宪法学习"]], students=pupils, teachers=teachers,
               summary="宪法宣传周期间组织学生开展“宪法晨读”活动。")  # fmt: skip
        created += 1
        if not kindergarten and i % 2 == 1:
            _event(bureau, school, EventKind.CONSTITUTION_EDUCATION, datetime.date(2024, 12, 4),
                   campaign=week, themes=[themes["宪法学习"]], students=pupils // 2, teachers=teachers // 3,
                   summary="国家宪法日开展宪法主题教育。")  # fmt: skip
            created += 1
        if not kindergarten and i % 5 == 0:
            _event(bureau, school, EventKind.LEARN_CONSTITUTION, datetime.date(2024, 12, 5),
                   campaign=week, themes=[themes["宪法学习"]], students=pupils // 4, teachers=5,
                   summary="开展“学宪法 讲宪法”活动。")  # fmt: skip
            created += 1
        if school.kind in ("high", "middle") and i % 3 == 1:
            _event(bureau, school, EventKind.BASE_VISIT, datetime.date(2024, 12, 6),
                   campaign=week, themes=[themes["宪法学习"], themes["预防未成年人犯罪"]], students=60, teachers=6,
                   summary="组织师生参观高平市青少年法治教育基地。")  # fmt: skip
            created += 1
        if i % 6 == 0:
            _event(bureau, school, EventKind.ETHICS, datetime.date(2024, 9, 5),
                   teachers=teachers, summary="“弘扬教育家精神，争做新时代优秀教师”师德宣讲会。")  # fmt: skip
            created += 1
    return created


def _photos(bureau: Bureau) -> int:
    """A generated photo on 高平二中's and 高平六中's 宪法晨读 and autumn lectures."""

    added = 0
    events = Event.objects.filter(
        bureau=bureau,
        school__name__in=["高平二中", "高平六中"],
        start_on__year=2024,
        kind__in=[EventKind.MORNING_READING, EventKind.LECTURE],
        speaker__isnull=False,
    ) | Event.objects.filter(bureau=bureau, school__name__in=["高平二中", "高平六中"], kind=EventKind.MORNING_READING)
    for seed, event in enumerate(events.distinct().order_by("id")):
        if event.photos.exists():
            continue
        data = images.generated_photo(480, 320, seed)
        info = images.inspect(data)
        photo = EventPhoto(bureau=bureau, event=event, name=f"活动照片{seed + 1}.png", content_type=info.content_type,
                           width=info.width, height=info.height)  # fmt: skip
        photo.image.save(f"demo_{event.pk}_{seed}.png", ContentFile(data), save=False)
        thumb, extension = images.thumbnail(data, info)
        photo.thumbnail.save(f"demo_{event.pk}_{seed}_thumb{extension}", ContentFile(thumb), save=False)
        photo.save()
        added += 1
    return added


def _competition(bureau: Bureau) -> int:
    competition, created = Competition.objects.get_or_create(
        bureau=bureau,
        name=COMPETITION,
        stage=Stage.FINAL,
        defaults={"organiser": "山西省教育厅", "level": Level.PROVINCE, "held_on": datetime.date(2024, 11, 23)},
    )
    if competition.entries.exists():
        return 0
    school = {e.name: e for e in Entity.objects.filter(bureau=bureau, name__in=["高平二中", "高平五中", "东方红小学"])}
    rows = [
        ("丁晨熙", "高平二中", Group.HIGH, 3, Prize.SECOND),
        ("张锦依", "高平五中", Group.MIDDLE, 5, Prize.THIRD),
        ("李沐阳", "东方红小学", Group.PRIMARY, None, Prize.NONE),
    ]
    for name, school_name, group, rank, prize in rows:
        Entry.objects.create(bureau=bureau, competition=competition, student_name=name, school=school[school_name],
                             group=group, represented="晋城市", rank=rank, prize=prize)  # fmt: skip
    return len(rows)


REVIEWS = [
    (
        datetime.date(2024, 5, 16),
        "对学校法治安全教育工作给予肯定：法治副校长到校授课常态化，法治教育阵地建设规范。",
        "进一步完善法治教育档案，丰富主题活动形式。",
        [
            (
                "法治教育活动档案不完整，部分活动缺少过程记录和照片。",
                "德育处主任",
                datetime.date(2024, 7, 15),
                datetime.date(2024, 7, 5),
            )
        ],
    ),
    (
        datetime.date(2024, 11, 20),
        "创建工作扎实推进，肯定学校在防校园欺凌、交通安全教育方面的做法。",
        "加强家校协同，建立学生法治教育长效机制。",
        [("家长法治教育课堂开展次数偏少。", "副校长", datetime.date(2025, 3, 31), None)],
    ),
]


def _creation(bureau: Bureau) -> int:
    added = 0
    for name in CREATION_SCHOOLS:
        school = Entity.objects.get(bureau=bureau, name=name)
        campaign, created = CreationCampaign.objects.get_or_create(
            bureau=bureau, school=school, defaults={"start_year": 2023, "status": CreationStatus.IN_PROGRESS}
        )
        if campaign.reviews.exists():
            continue
        for day, findings, guidance, items in REVIEWS:
            review = Review.objects.create(bureau=bureau, campaign=campaign, reviewed_on=day, body="晋城市关工委",
                                           findings=findings, guidance=guidance)  # fmt: skip
            for finding, owner, due, done in items:
                # 东方红小学 finished its second item in time; the two high schools have not.
                if done is None and name == "东方红小学":
                    done = datetime.date(2025, 3, 20)
                RectificationItem.objects.create(
                    bureau=bureau, review=review, school=school, finding=finding, owner=owner, due_on=due, done_on=done,
                    evidence="已补充完善并报送佐证材料。" if done else "",
                )  # fmt: skip
            added += 1
    return added


def _evaluations(bureau: Bureau, vice: dict[int, Appointment]) -> int:
    added = 0
    for user in User.objects.filter(bureau=bureau, school__isnull=False):
        appointment = vice.get(user.school_id)
        if appointment is None:
            continue
        _, created = Evaluation.objects.get_or_create(
            appointment=appointment, school_id=user.school_id, year=2024,
            defaults={"bureau": bureau, "rating": "excellent", "comment": "到校授课认真，学生反响好。", "evaluated_by": user},
        )  # fmt: skip
        added += created
    return added


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY)
    with transaction.atomic(), pghistory.context(reason="演示数据"):
        themes, campaigns = _dictionary(bureau)
        schools = _schools(bureau)
        vice = _appointments(bureau, schools)
        events = _events(bureau, schools, vice, themes, campaigns)
        photos = _photos(bureau)
        entries = _competition(bureau)
        reviews = _creation(bureau)
        evaluations = _evaluations(bureau, vice)
    stdout.write(
        f"法治进校园：聘任 {Appointment.objects.filter(bureau=bureau).count()} 人，新增活动 {events} 次、照片 {photos} 张、"
        f"参赛学生 {entries} 名、创建检查 {reviews} 次、评价 {evaluations} 条。\n"
    )
