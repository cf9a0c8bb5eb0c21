"""Reads of the registry that other apps (and the dashboard) may use."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import CharField, Count, Exists, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from apps.core.attention import AttentionItem, KeyFigure, SetupStep
from apps.core.validators import resident_id_check_digit, uscc_with_check

from .choices import EntityKind, EntityStatus
from .models import Bureau, Entity, EntityChange, Person

SCHOOL_KINDS = [
    EntityKind.HIGH_SCHOOL,
    EntityKind.MIDDLE_SCHOOL,
    EntityKind.PRIMARY_SCHOOL,
    EntityKind.KINDERGARTEN,
    EntityKind.NINE_YEAR,
    EntityKind.PRIVATE_SCHOOL,
]


def bureaus_below(user: Any) -> QuerySet[Bureau]:
    """The bureaus under the user's own (a city's counties), in region-code order."""

    return Bureau.objects.for_user(user).exclude(pk=user.bureau_id).order_by("path")


def bureau_examples(user: Any) -> dict[str, str]:
    """Sample values of form hints and import templates in the user's own bureau: its
    place name (泽州县), short name (泽州), its city's place name (晋城市), and codes
    with its region code and valid check characters (so a sample pasted back still
    imports). Never another county's name on a new county's pages."""

    bureau = getattr(user, "bureau", None) if getattr(user, "bureau_id", None) else None
    region = bureau.region_code if bureau is not None else "140599"
    place = re.sub(r"教育局$", "", bureau.name) if bureau is not None else "某某县"
    short = bureau.display_short_name if bureau is not None else "某某"
    parent = bureau.parent if bureau is not None else None
    first17 = f"{region}19850312001"
    return {
        "place": place,
        "short": short,
        "city": re.sub(r"教育局$", "", parent.name) if parent is not None else "某某市",
        "resident_id": first17 + resident_id_check_digit(first17),
        "credit_code": uscc_with_check(f"12{region}MB1234567"),
    }


def example_schools(user: Any, count: int = 2) -> list[str]:
    """The names an import template's example row gives for schools: the user's own
    bureau's first ones (so the sample imports as it is), else 泽州一中-style names."""

    bureau_id = getattr(user, "bureau_id", None)
    rows = []
    if bureau_id:
        schools = Entity.objects.filter(bureau_id=bureau_id, kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN, parent__isnull=True)
        rows = list(schools.order_by("sort_key", "id").values_list("name", flat=True)[:count])
    short = bureau_examples(user)["short"]
    return rows or [f"{short}{'一二三四五'[i]}中" for i in range(count)]


def schools_for(user: Any) -> QuerySet[Entity]:
    """Open schools and kindergartens the user can see."""

    return Entity.objects.for_user(user).filter(kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN)


def _value_on(field: str, day: datetime.date) -> Coalesce:
    """A tracked field as it stood on `day`: the newest change up to that day, else the
    old value of the first change after it, else the current value."""

    before = EntityChange.objects.filter(entity=OuterRef("pk"), field=field, effective_on__lte=day).order_by(
        "-effective_on", "-id"
    )
    after = EntityChange.objects.filter(entity=OuterRef("pk"), field=field, effective_on__gt=day).order_by("effective_on", "id")
    return Coalesce(
        Subquery(before.values("new_value")[:1]),
        Subquery(after.values("old_value")[:1]),
        field,
        output_field=CharField(),
    )


def entities_as_of(user: Any, day: datetime.date) -> QuerySet[Entity]:
    """The registry as it stood on `day`: entities registered by then, with the name,
    representative and status they had that day (annotated `*_then`)."""

    registered_later = EntityChange.objects.filter(entity=OuterRef("pk"), kind="registered", effective_on__gt=day)
    return (
        Entity.objects.for_user(user)
        .filter(~Exists(registered_later))
        .annotate(
            name_then=_value_on("name", day),
            legal_representative_then=_value_on("legal_representative", day),
            status_then=_value_on("status", day),
        )
        .order_by("sort_key", "id")
    )


def first_record_day(user: Any) -> datetime.date | None:
    """The day of the registry's first dated record in the user's scope."""

    return EntityChange.objects.for_user(user).aggregate(first=Min("effective_on"))["first"]


def staff_of(entity: Entity) -> QuerySet[Person]:
    return Person.objects.filter(employer=entity).order_by("name", "id")


def attention(user: Any) -> list[AttentionItem]:
    """Dashboard items of the registry: schools without a legal representative on file."""

    if not user.has_perm("registry.view_entity"):
        return []
    missing = schools_for(user).filter(legal_representative="").count()
    return [
        AttentionItem(
            title="学校未登记法定代表人",
            count=missing,
            url=reverse("registry:entity_list") + "?status=open",
        )
    ]


def key_figures(user: Any) -> list[KeyFigure]:
    """The registry's figures on the dashboard, each the count of the list it links to."""

    figures = []
    if user.has_perm("registry.view_entity"):
        figures.append(
            KeyFigure(
                "在办监管对象",
                Entity.objects.for_user(user).filter(status=EntityStatus.OPEN).count(),
                "个",
                reverse("registry:entity_list") + "?status=open",
            )
        )
    if user.has_perm("registry.view_person"):
        figures.append(KeyFigure("教职员工", Person.objects.for_user(user).count(), "人", reverse("registry:person_list")))
    return figures


def setup_steps(user: Any) -> list[SetupStep]:
    """A new bureau's checklist (the dashboard shows it until every step is done): its
    registry and staff imported, its lists reviewed. Accounts add their own step."""

    if not user.bureau_id or not user.has_perm("registry.change_bureau"):
        return []
    # One query for the three steps: the dashboard pays for it on every visit.
    bureau = (
        Bureau.objects.filter(pk=user.bureau_id)
        .annotate(
            has_entities=Exists(Entity.objects.filter(bureau_id=OuterRef("pk"))),
            has_people=Exists(Person.objects.filter(bureau_id=OuterRef("pk"))),
        )
        .values("lists_reviewed_at", "has_entities", "has_people")
        .first()
        or {}
    )
    return [
        SetupStep(
            "导入名录库（学校、幼儿园、食堂、培训机构）",
            bool(bureau.get("has_entities")),
            reverse("registry:entity_import"),
            "下载模板，一个文件导入全部单位；食堂的“所属单位”可以填同一文件中的学校。",
        ),
        SetupStep(
            "导入教职员工",
            bool(bureau.get("has_people")),
            reverse("registry:person_import"),
            "名录库导入后再导入；“工作单位”可填全称或简称。",
        ),
        SetupStep(
            "核对字典（文件主题、发文机关等选项）",
            bureau.get("lists_reviewed_at") is not None,
            reverse("core:dictionaryitem_list"),
            "新建的局已复制一套默认选项，请增删后确认。",
            action=reverse("registry:bureau_lists_reviewed"),
            action_label="已核对",
        ),
    ]


def code_conflicts(user: Any, *, limit: int = 500) -> tuple[list[Entity], list[Person]]:
    """Entities whose 统一社会信用代码, and people whose 身份证号 (by its digest), are held
    by more than one bureau the user sees, grouped by code (indexes on the code columns)."""

    entities = Entity.objects.for_user(user).exclude(credit_code="")
    shared_codes = (
        entities.values("credit_code").annotate(n=Count("bureau_id", distinct=True)).filter(n__gt=1).values("credit_code")
    )
    people = Person.objects.for_user(user)
    shared_ids = (
        people.values("id_number_digest").annotate(n=Count("bureau_id", distinct=True)).filter(n__gt=1).values("id_number_digest")
    )
    return (
        list(
            entities.filter(credit_code__in=shared_codes)
            .select_related("bureau")
            .order_by("credit_code", "bureau__path", "id")[:limit]
        ),
        list(
            people.filter(id_number_digest__in=shared_ids)
            .select_related("bureau", "employer")
            .order_by("id_number_digest", "bureau__path", "id")[:limit]
        ),
    )
