"""高平's 2024 admissions (report part 五): the three admission documents, and 4,420
primary pupils admitted over the county's open primary schools, 4,402 of them online
(线上登记验证录取), 18 at the school. Written as the platform's import would (a row
per school); idempotent: a school's row for the year and stage is matched and kept."""

from __future__ import annotations

import pghistory

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.documents.selectors import documents_titled
from apps.registry.choices import EntityKind, EntityStatus
from apps.registry.models import Bureau, Entity

from . import services
from .choices import Stage
from .models import Admission, AdmissionYear

YEAR = 2024
PRIMARY_ADMITTED = 4420
PRIMARY_ONLINE = 4402
DOCUMENTS = (
    "高平市2024年义务教育阶段学校招生实施方案",
    "高平市2024年市区小学学区划分方案",
    "关于做好2024年度初中入学工作的意见",
)
NOTE = (
    "小学招生采取“线上登记验证录取+学校线下验证录取”相结合方式，"
    "利用晋城市统一招生报名录取平台，实现学生报名、信息公开、数据核验、验证录取一网通办。"
)
# Town schools take the most first-graders; the villages' few pupils are partly verified at the school.
URBAN = ("高平市", "东方红", "街道")
OFFLINE = (3, 3, 2, 2, 2, 2, 2, 2)


def spread(schools: list[Entity]) -> list[tuple[Entity, int, int]]:
    """(school, admitted, online): admitted in proportion to a town/village weight by the
    largest remainder, summing to PRIMARY_ADMITTED; the offline pupils at the first village
    schools, summing to PRIMARY_ADMITTED - PRIMARY_ONLINE."""

    weights = [8 if s.name.startswith(URBAN) or "街道" in s.name else 1 for s in schools]
    total = sum(weights)
    exact = [PRIMARY_ADMITTED * w / total for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(schools)), key=lambda i: exact[i] - counts[i], reverse=True)[: PRIMARY_ADMITTED - sum(counts)]:
        counts[i] += 1
    offline = [0] * len(schools)
    villages = [i for i, w in enumerate(weights) if w == 1]
    for i, n in zip(villages, OFFLINE, strict=False):
        offline[i] = n
    assert sum(counts) == PRIMARY_ADMITTED and sum(offline) == PRIMARY_ADMITTED - PRIMARY_ONLINE
    return [(school, n, n - off) for school, n, off in zip(schools, counts, offline, strict=True)]


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    author = User.objects.get(username="fagui")
    schools = list(
        Entity.objects.filter(bureau=county, kind=EntityKind.PRIMARY_SCHOOL, status=EntityStatus.OPEN).order_by("sort_key", "id")
    )
    have = {a.school_id: a for a in Admission.objects.filter(bureau=county, year=YEAR, stage=Stage.PRIMARY)}
    with pghistory.context(user=author.pk):
        year = AdmissionYear.objects.filter(bureau=county, year=YEAR).first()
        if year is None:
            documents = documents_titled(author, DOCUMENTS)
            services.admission_year_save(
                year=AdmissionYear(year=YEAR, note=NOTE), by=author, documents=[documents[t] for t in DOCUMENTS if t in documents]
            )
            demo.created["招生年度"] = 1
        for school, admitted, online in spread(schools):
            if school.pk in have:
                continue
            services.admission_save(
                admission=Admission(year=YEAR, school=school, stage=Stage.PRIMARY, admitted=admitted, admitted_online=online),
                by=author,
            )
            demo.created["入学录取"] = demo.created.get("入学录取", 0) + 1
    stdout.write(f"{YEAR}年小学录取：{PRIMARY_ADMITTED}人，线上录取{PRIMARY_ONLINE}人（{len(schools)}所小学）")
    return demo
