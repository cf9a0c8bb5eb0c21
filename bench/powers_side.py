"""The 权责清单 / 文件库 / 入学 part of `make bench`, run inside bench.django_side's child
process: seed every bureau's catalogue, documents and admissions (`seed`) and name the
pages (`plan`). The pages are loaded through gunicorn with the rest (bench/__main__.py):
the public catalogue (anonymous), the staff catalogue, the document list, and the
admissions list as a school sees it (its main page in this app)."""

from __future__ import annotations

import datetime
import random

ITEMS_PER_BUREAU = 120
DOCUMENTS_PER_BUREAU = 400
# Every label starts with "powers" so `--only powers` selects exactly these pages.
PUBLIC, STAFF, DOCUMENTS, SCHOOL = (
    "powers public catalogue",
    "powers catalogue list",
    "powers document list",
    "powers school admissions",
)
PAGES = (PUBLIC, STAFF, DOCUMENTS, SCHOOL)


def seed(items_per_bureau: int, documents_per_bureau: int) -> dict:
    """Random, not modular (PERFORMANCE.md): kinds, statuses and dates drawn from a seeded
    generator. Triggers are skipped (replica role) as seed.py does."""

    from django.db import connection, transaction

    from apps.admissions.models import Admission
    from apps.core.pinyin import search_key
    from apps.documents.models import Document
    from apps.powers.choices import KIND_RANK, PowerKind
    from apps.powers.models import Adjustment, ItemChange, PowerItem
    from apps.registry.models import Bureau, Entity

    if PowerItem.objects.exists():
        return {"items": PowerItem.objects.count(), "documents": Document.objects.count(), "reused": True}
    rng = random.Random(20240920)
    kinds = PowerKind.values
    doc_kinds = ["work_points", "plan", "list", "measures", "notice", "normative", "other"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            adjustment = Adjustment.objects.create(bureau=bureau, adjusted_on=datetime.date(2024, 9, 20), reason="基准测试清单")
            items = PowerItem.objects.bulk_create(
                PowerItem(
                    bureau=bureau,
                    code=f"B-{i:05d}",
                    name=f"基准测试事项{i}",
                    kind=(kind := rng.choice(kinds)),
                    kind_rank=KIND_RANK[kind],
                    implementing_unit=bureau.name,
                    responsibilities="受理、审查、决定、送达",
                    accountability="玩忽职守的",
                    supervision_phone="0356-5222316",
                    status="current" if rng.random() < 0.95 else "cancelled",
                    search_text=search_key(f"基准测试事项{i}", f"B-{i:05d}"),
                )
                for i in range(items_per_bureau)
            )
            ItemChange.objects.bulk_create(
                ItemChange(
                    bureau=bureau,
                    adjustment=adjustment,
                    item=item,
                    action="add",
                    adjusted_on=adjustment.adjusted_on,
                    code=item.code,
                    name=item.name,
                    kind=item.kind,
                    kind_rank=item.kind_rank,
                    implementing_unit=item.implementing_unit,
                    responsibilities=item.responsibilities,
                    accountability=item.accountability,
                    supervision_phone=item.supervision_phone,
                )
                for item in items
            )
            Document.objects.bulk_create(
                (
                    Document(
                        bureau=bureau,
                        title=(title := f"基准测试文件{i}"),
                        number=(number := f"基教发〔{2019 + i % 6}〕{i}号"),
                        kind=rng.choice(doc_kinds),
                        issuer=bureau.name,
                        issued_on=datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 2190)),
                        status=rng.choice(["valid", "valid", "valid", "repealed", "expired"]),
                        search_text=f"{title} {number}".lower(),
                    )
                    for i in range(documents_per_bureau)
                ),
                batch_size=5000,
            )
            schools = Entity.objects.filter(bureau=bureau, kind__in=["primary", "middle", "nine_year"], status="open")
            Admission.objects.bulk_create(
                (
                    Admission(
                        bureau=bureau,
                        school=school,
                        year=year,
                        stage="junior" if school.kind == "middle" else "primary",
                        admitted=(n := rng.randint(20, 400)),
                        admitted_online=n - rng.randint(0, 3),
                    )
                    for school in schools
                    for year in (2022, 2023, 2024)
                ),
                batch_size=5000,
            )
    cursor = connection.cursor()
    for table in ("powers_poweritem", "powers_itemchange", "documents_document", "admissions_admission"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"items": PowerItem.objects.count(), "documents": Document.objects.count(), "reused": False}


def plan() -> dict[str, list[str]]:
    return {PUBLIC: ["/public/powers/"], STAFF: ["/powers/"], DOCUMENTS: ["/documents/"], SCHOOL: ["/admissions/"]}
