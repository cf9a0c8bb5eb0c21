"""The 权责清单 of 高平市教育局 as the 2024 report states it (39 items: 行政许可 5,
行政确认 7, 行政处罚 10, 行政奖励 4, 行政给付 1, 其他 12), built as two adjustments
(the 2023 list, the 2024 re-sorting), and the 2024 credit grades of the training
institutions under the 信用分级分类管理办法. Through the services, as 法规股 (`fagui`);
idempotent: an adjustment is matched by its reason, a grade by institution and year."""

from __future__ import annotations

import datetime

import pghistory

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.documents.models import Document, Law
from apps.registry.choices import EntityKind
from apps.registry.models import Bureau, Entity

from . import services
from .bases import Basis
from .choices import ChangeAction, Grade
from .demo_items import (
    ACCOUNTABILITY,
    ADDED_2024,
    CHANGED_2024,
    FIRST_ONLY,
    ITEMS,
    PHONE,
    PROCESS,
    RESPONSIBILITIES,
)
from .models import Adjustment, CreditGrade

FIRST = ("首次公布行政权责清单", datetime.date(2023, 6, 30), "高平市教育局行政权责清单（2023年版）")
RESORT = ("对行政权责事项进行重新梳理", datetime.date(2024, 9, 20), "高平市教育局关于调整行政权责清单的通知")
GRADES_2024 = {
    "高平市启航教育培训学校": (Grade.A, "年度检查合格，无投诉，收费、资金监管规范。"),
    "高平市书香艺术培训学校": (Grade.B, "年度检查合格，培训材料备案有一次逾期。"),
    "高平市智博科技培训学校": (Grade.B, "年度检查合格，从业人员信息公示不全，已整改。"),
    "高平市飞扬体育培训中心": (Grade.C, "发生一起收费投诉，经调解退费；消防演练记录不全。"),
}
GRADE_BASIS = "高平市学科类校外培训机构信用分级分类管理办法"


def _draft(row, laws, *, action=ChangeAction.CHANGE, unit=None) -> services.ItemDraft:
    code, name, kind, default_unit, bases = row
    return services.ItemDraft(
        code=code,
        action=action,
        values={
            "name": name,
            "kind": kind,
            "implementing_unit": unit or default_unit,
            "responsibilities": RESPONSIBILITIES[kind],
            "accountability": ACCOUNTABILITY[kind],
            "supervision_phone": PHONE,
            "process": PROCESS[kind],
        },
        bases=[Basis(laws[law], article, text) for law, article, text in bases],
    )


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    author = User.objects.get(username="fagui")
    names = {law for row in [*ITEMS, *FIRST_ONLY] for law, _, _ in row[4]}
    laws = {law.name: law for law in Law.objects.filter(name__in=names, bureau__isnull=True)}
    missing = names - set(laws)
    if missing:
        raise RuntimeError(f"法律法规库缺少：{sorted(missing)}")
    documents = {d.title: d for d in Document.objects.filter(bureau=county, title__in=[FIRST[2], RESORT[2]])}
    done = set(Adjustment.objects.filter(bureau=county).values_list("reason", flat=True))
    with pghistory.context(user=author.pk):
        if FIRST[0] not in done:
            drafts = [_draft(row, laws, action=ChangeAction.ADD) for row in [*ITEMS, *FIRST_ONLY] if row[0] not in ADDED_2024]
            services.adjustment_apply(
                by=author, adjusted_on=FIRST[1], reason=FIRST[0], document=documents.get(FIRST[2]), drafts=drafts
            )
            demo.created["清单调整"] = demo.created.get("清单调整", 0) + 1
        if RESORT[0] not in done:
            drafts = [_draft(row, laws, action=ChangeAction.ADD) for row in ITEMS if row[0] in ADDED_2024]
            drafts += [_draft(row, laws, unit=CHANGED_2024[row[0]]) for row in ITEMS if row[0] in CHANGED_2024]
            drafts += [services.ItemDraft(code=row[0], action=ChangeAction.CANCEL) for row in FIRST_ONLY]
            services.adjustment_apply(
                by=author, adjusted_on=RESORT[1], reason=RESORT[0], document=documents.get(RESORT[2]), drafts=drafts
            )
            demo.created["清单调整"] = demo.created.get("清单调整", 0) + 1
        basis = Document.objects.filter(bureau=county, title=GRADE_BASIS).first()
        institutions = Entity.objects.filter(bureau=county, kind=EntityKind.TRAINING, name__in=list(GRADES_2024))
        graded = set(CreditGrade.objects.filter(bureau=county, year=2024).values_list("entity__name", flat=True))
        for entity in institutions:
            if entity.name in graded or basis is None:
                continue
            grade, reason = GRADES_2024[entity.name]
            services.grade_save(
                grade=CreditGrade(
                    entity=entity, year=2024, grade=grade, basis=basis, reason=reason, graded_on=datetime.date(2024, 12, 20)
                ),
                by=author,
            )
            demo.created["信用等级评定"] = demo.created.get("信用等级评定", 0) + 1
    stdout.write(f"权责清单：{len(ITEMS)}项（2次调整）；校外培训机构信用等级：{len(GRADES_2024)}家")
    return demo
