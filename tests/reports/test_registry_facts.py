"""The registry's part of the report (五, the 名录库 adjustment) on a made-up bureau and year."""

from __future__ import annotations

import datetime

import pytest

from apps.registry import reporting
from apps.registry.choices import ChangeKind
from apps.registry.models import EntityChange
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

YEAR = 2021


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [
        factories.make_school(bureau, name=f"虚构学校{i}", kind=kind) for i, kind in enumerate(["primary", "middle", "canteen"])
    ]
    batch = f"{YEAR}年6月名录库动态调整"

    def change(school, kind, day, batch=batch):
        EntityChange.objects.create(bureau=bureau, entity=school, kind=kind, effective_on=day, reason="调整", batch=batch)

    change(schools[0], ChangeKind.MERGED, datetime.date(YEAR, 6, 1))
    change(schools[1], ChangeKind.REPRESENTATIVE, datetime.date(YEAR, 6, 1))
    change(schools[1], ChangeKind.REPRESENTATIVE, datetime.date(YEAR, 8, 3), batch="")
    change(schools[2], ChangeKind.REGISTERED, datetime.date(YEAR, 2, 1), batch="")  # not an adjustment
    change(schools[2], ChangeKind.RENAMED, datetime.date(YEAR + 1, 1, 5))  # another year
    return bureau, admin


def test_registry_facts(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert facts["registry.changes.merged"].value == 1
    assert facts["registry.changes.representative"].value == 2
    assert facts["registry.changes.renamed"].value == 0
    assert facts["registry.batches"].value == [f"{YEAR}年6月名录库动态调整"]
    assert facts["registry.months"].value == [f"{YEAR}年6月", f"{YEAR}年8月"]
    assert facts["registry.sub_registries"].value == ["初中", "小学", "学校食堂"]
    assert_fact_urls(login(admin), facts.values())
