"""The 2024 background checks of the report (三(三)): "教育局组织123所中小学和幼儿园所有
教师、后勤人员、保安开展了违法犯罪记录查询，并将检查结果列入师德师风工作档案".

`load(stdout)` runs after the registry and accounts demo. It adds the synthetic staff of
fixtures/gaoping/staff_rosters.csv (every open school's roster; people.csv already holds
four schools'), records each active member's 授权书 (September 2024), and one completed
batch of 2024-10-15 over all 123 schools: everyone 无记录, every result filed on
2024-10-31. Rows are bulk-created (the roster is thousands of people and `make run`
loads the demo every time); a second run finds everything and writes nothing.
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.db.models import Exists, OuterRef, Q

from apps.accounts.models import User
from apps.core import crypto
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader, parse_date, value_of
from apps.core.models import DictionaryItem
from apps.core.pinyin import search_key, sort_key
from apps.core.validators import mask_resident_id, normalize_resident_id, validate_resident_id
from apps.registry.choices import EmploymentStatus, EntityStatus, Gender, StaffCategory
from apps.registry.models import Bureau, Entity, Person
from apps.registry.selectors import SCHOOL_KINDS

from .choices import BatchStatus, CheckStatus, EntryKind, Outcome, Selection
from .dictionary import QUERY_PLATFORM
from .models import Authorisation, Check, EthicsEntry, QueryBatch
from .services import ACTIVE

BATCH_TITLE = "2024年教职员工准入违法犯罪信息查询"
QUERY_DATE = datetime.date(2024, 10, 15)
FILED_ON = datetime.date(2024, 10, 31)
PLATFORM = "全国教职员工准入查询系统"
COMMENDATIONS = [
    ("高平二中", "2024年度晋城市优秀教师", "晋市教发〔2024〕41号", datetime.date(2024, 9, 10)),
    ("高平六中", "2024年度高平市师德标兵", "高教发〔2024〕38号", datetime.date(2024, 9, 10)),
]


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.filter(region_code=COUNTY_REGION_CODE).first()
    admin = User.objects.filter(username="admin").first()
    if county is None or admin is None:
        raise CommandError("准入查询的演示数据需要先载入名录库和演示账号。")
    schools = {e.name: e for e in Entity.objects.filter(bureau=county, kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN)}
    _load_rosters(demo, county, schools)
    staff = Person.objects.filter(bureau=county, employment_status__in=ACTIVE).filter(
        Q(employer__in=schools.values()) | Q(employer__parent__in=schools.values())
    )
    _authorise(demo, staff)
    batch = _batch(demo, county, admin, schools)
    _checks(demo, batch, admin, staff)
    _commendations(demo, county, admin, schools)
    checked = Check.objects.filter(batch=batch, status=CheckStatus.CHECKED)
    stdout.write(
        f"准入查询：{batch.title}，{batch.schools.count()}所学校，查询{checked.count()}人，"
        f"全部列入师德师风档案（{checked.filter(filed_on__isnull=False).count()}人）"
    )
    return demo


def _count(demo: DemoLoader, label: str, n: int) -> None:
    if n:
        demo.created[label] = demo.created.get(label, 0) + n


def _load_rosters(demo: DemoLoader, county: Bureau, schools: dict[str, Entity]) -> None:
    rows = demo.read("staff_rosters.csv")
    have = set(Person.objects.filter(bureau=county).values_list("id_number_digest", flat=True))
    new = []
    for line, row in rows:
        school = schools.get(row["工作单位"])
        if school is None:
            raise CommandError(f"staff_rosters.csv 第{line}行：“{row['工作单位']}”不是在办的学校")
        number = normalize_resident_id(row["身份证号"])
        try:
            validate_resident_id(number)
        except Exception as error:  # noqa: BLE001 - a fixture error is reported with its line
            raise CommandError(f"staff_rosters.csv 第{line}行：{error}") from None
        digest = crypto.digest(number)
        if digest in have:
            continue
        have.add(digest)
        name = row["姓名"]
        new.append(
            Person(
                bureau=county,
                employer=school,
                name=name,
                gender=value_of(Gender, row["性别"], "性别"),
                id_number_encrypted=crypto.encrypt(number),
                id_number_digest=digest,
                id_number_masked=mask_resident_id(number),
                category=value_of(StaffCategory, row["人员类别"], "人员类别"),
                position=row["职务/岗位"],
                employment_status=EmploymentStatus.EMPLOYED,
                hired_on=parse_date(row["入职日期"], "入职日期"),
                # bulk_create skips Person.save(), which fills these.
                search_text=search_key(name, is_person=True),
                sort_key=sort_key(name, is_person=True),
            )
        )
    Person.objects.bulk_create(new, batch_size=2000)
    _count(demo, "教职员工", len(new))


def _authorise(demo: DemoLoader, staff) -> None:
    missing = staff.exclude(Exists(Authorisation.objects.filter(person_id=OuterRef("pk")))).values_list(
        "pk", "bureau_id", "employer_id"
    )
    # Each school collected its staff's signed forms on one day of September 2024.
    items = [
        Authorisation(bureau_id=bureau, person_id=pk, signed_on=datetime.date(2024, 9, 2 + employer % 20))
        for pk, bureau, employer in missing
    ]
    Authorisation.objects.bulk_create(items, batch_size=2000)
    _count(demo, "授权书", len(items))


def _batch(demo: DemoLoader, county: Bureau, admin: User, schools: dict[str, Entity]) -> QueryBatch:
    platform, created = DictionaryItem.objects.get_or_create(bureau=county, kind=QUERY_PLATFORM, label=PLATFORM)
    _count(demo, "字典项", int(created))
    batch = QueryBatch.objects.filter(bureau=county, title=BATCH_TITLE).first()
    if batch is None:
        batch = QueryBatch.objects.create(
            bureau=county,
            title=BATCH_TITLE,
            query_date=QUERY_DATE,
            platform=platform,
            selection=Selection.UNCHECKED,
            status=BatchStatus.COMPLETED,
            created_by=admin,
            exported_at=datetime.datetime(2024, 10, 14, 9, 0, tzinfo=datetime.UTC),
        )
        _count(demo, "查询批次", 1)
    if batch.schools.count() != len(schools):
        batch.schools.set(schools.values())
    return batch


def _checks(demo: DemoLoader, batch: QueryBatch, admin: User, staff) -> None:
    people = staff.exclude(screening_checks__batch=batch).values_list("pk", "employer_id", "employer__parent_id")
    checks = []
    for n, (pk, employer, parent) in enumerate(people, start=Check.objects.filter(batch=batch).count() + 1):
        check = Check(
            bureau_id=batch.bureau_id,
            batch=batch,
            person_id=pk,
            school_id=parent or employer,
            status=CheckStatus.CHECKED,
            checked_on=QUERY_DATE,
            reference=f"ZR2024{n:06d}",
            filed_on=FILED_ON,
            recorded_by=admin,
        )
        check.outcome = Outcome.CLEAR
        checks.append(check)
    Check.objects.bulk_create(checks, batch_size=2000)
    _count(demo, "查询记录", len(checks))


def _commendations(demo: DemoLoader, county: Bureau, admin: User, schools: dict[str, Entity]) -> None:
    for school, title, number, day in COMMENDATIONS:
        person = Person.objects.filter(employer=schools[school], category=StaffCategory.TEACHER).order_by("id").first()
        if person is None or EthicsEntry.objects.filter(person=person, title=title).exists():
            continue
        EthicsEntry.objects.create(
            bureau=county,
            person=person,
            kind=EntryKind.COMMENDATION,
            occurred_on=day,
            title=title,
            document_number=number,
            recorded_by=admin,
        )
        _count(demo, "师德师风档案记录", 1)
