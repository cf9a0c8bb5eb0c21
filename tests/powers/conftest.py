"""Builders of the 权责清单 tests: items go in through the adjustment service, as staff
make them, so every item has its history."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from apps.documents.models import Law
from apps.powers import services
from apps.powers.bases import Basis
from apps.powers.choices import ChangeAction, Grade
from apps.powers.models import CreditGrade, PowerItem
from apps.registry.models import Entity
from tests import factories
from tests.documents.conftest import make_document

_seq = itertools.count(1)
EDUCATION_LAW = "中华人民共和国教育法"


def item_values(**overrides: Any) -> dict[str, Any]:
    values = {
        "name": f"测试事项{next(_seq)}",
        "kind": "penalty",
        "implementing_unit": "高平市教育局",
        "responsibilities": "受理、审查、决定、送达",
        "accountability": "玩忽职守的",
        "supervision_phone": "0356-5222316",
        "process": "",
    }
    values.update(overrides)
    return values


def basis(law: str = EDUCATION_LAW, article: str = "第七十五条", text: str = "条文") -> Basis:
    return Basis(Law.objects.get(name=law, bureau__isnull=True), article, text)


def add_items(
    user,
    items: dict[str, dict[str, Any]],
    *,
    on: datetime.date = datetime.date(2024, 1, 1),
    reason: str = "测试调整",
) -> None:
    """Add items (code → values) as one adjustment by `user`."""

    services.adjustment_apply(
        by=user,
        adjusted_on=on,
        reason=reason,
        drafts=[
            services.ItemDraft(code=code, action=ChangeAction.ADD, values=item_values(**values), bases=[basis()])
            for code, values in items.items()
        ],
    )


def make_item(user, code: str | None = None, **values: Any) -> PowerItem:
    code = code or f"T-{next(_seq):04d}"
    add_items(user, {code: values})
    return PowerItem.objects.get(bureau_id=user.bureau_id, code=code)


def make_training(bureau, name: str = "高平市测试培训学校") -> Entity:
    return factories.make_school(bureau, name=name, kind="training")


def make_grade(user, entity: Entity, year: int = 2024, grade: str = Grade.A, basis_document=None) -> CreditGrade:
    basis_document = basis_document or make_document(user.bureau, title="信用分级分类管理办法", kind="measures")
    return services.grade_save(
        grade=CreditGrade(
            entity=entity, year=year, grade=grade, basis=basis_document, reason="评定", graded_on=datetime.date(year, 12, 1)
        ),
        by=user,
    )
