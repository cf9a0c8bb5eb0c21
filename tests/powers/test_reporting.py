"""The 权责清单's report facts on a made-up bureau and year (figures unlike the demo's),
each count's url listing exactly its rows."""

from __future__ import annotations

import datetime

import pytest

from apps.powers import reporting, services
from apps.powers.choices import ChangeAction
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import add_items, basis, item_values, make_grade, make_training

YEAR = 2022


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149901")
    admin = factories.make_user("bureau_admin", bureau)
    add_items(
        admin,
        {
            "XK-1": {"kind": "licensing"},
            "XK-2": {"kind": "licensing"},
            "CF-1": {"kind": "penalty"},
            "CF-2": {"kind": "penalty"},
            "CF-3": {"kind": "penalty"},
            "JC-1": {"kind": "inspection"},
        },
        on=datetime.date(YEAR - 1, 5, 1),
    )
    # The year's adjustments: one cancelled, one added, one changing type; and one after the year.
    services.adjustment_apply(
        by=admin,
        adjusted_on=datetime.date(YEAR, 8, 1),
        reason="年度调整",
        drafts=[
            services.ItemDraft(code="CF-3", action=ChangeAction.CANCEL),
            services.ItemDraft(code="JL-1", action=ChangeAction.ADD, values=item_values(kind="reward"), bases=[basis()]),
            services.ItemDraft(code="JC-1", values=item_values(kind="other"), bases=[basis()]),
        ],
    )
    add_items(admin, {"XK-3": {"kind": "licensing"}}, on=datetime.date(YEAR + 1, 2, 1), reason="次年调整")
    measures = factories_document(bureau)
    for name, grade, year in (("甲培训", "A", YEAR), ("乙培训", "C", YEAR), ("丙培训", "C", YEAR), ("丁培训", "B", YEAR - 1)):
        make_grade(admin, make_training(bureau, name), year=year, grade=grade, basis_document=measures)
    return bureau, admin


def factories_document(bureau):
    from tests.documents.conftest import make_document

    return make_document(bureau, title="虚构信用管理办法", kind="measures")


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    values = {fact.key: fact.value for fact in reporting.facts(bureau, YEAR)}
    assert values == {
        "powers.items": 6,
        "powers.items.行政许可": 2,
        "powers.items.行政确认": 0,
        "powers.items.行政处罚": 2,
        "powers.items.行政强制": 0,
        "powers.items.行政征收": 0,
        "powers.items.行政给付": 0,
        "powers.items.行政检查": 0,
        "powers.items.行政奖励": 1,
        "powers.items.行政裁决": 0,
        "powers.items.其他行政权力": 1,
        "powers.adjustments": 1,
        "powers.grades": 3,
        "powers.grades.A": 1,
        "powers.grades.B": 0,
        "powers.grades.C": 2,
        "powers.grades.D": 0,
    }
    assert_fact_urls(login(admin), reporting.facts(bureau, YEAR))
