"""The inspections' report facts, on a made-up bureau and year (figures unlike the demo's)."""

from __future__ import annotations

import datetime

import pytest

from apps.core.reporting import facts_for
from apps.inspections import reporting, services
from apps.inspections.models import Inspection
from apps.registry.choices import EntityKind
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_inspector, make_item, make_plan, make_task

pytestmark = pytest.mark.django_db

YEAR = 2022
D = datetime.date


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    for i in range(4):
        factories.make_school(bureau, name=f"虚构中学{i}", kind=EntityKind.MIDDLE_SCHOOL)
    for i in range(2):
        factories.make_school(bureau, name=f"虚构小学{i}", kind=EntityKind.PRIMARY_SCHOOL)
    for i in range(3):
        make_inspector(bureau, f"XG-{i:03d}")
    plan = make_plan(bureau, year=YEAR, title="虚构县2022年抽查计划")
    # Different kinds of school: the two draws never pick the same one (no joint visit).
    tasks = [
        make_task(
            plan,
            items=[make_item(bureau, code=f"XG-SJ-{n}", entity_kinds=[kind])],
            name=name,
            entity_kinds=[kind],
            count=count,
            draw_on=D(YEAR, month, 1),
            inspect_from=D(YEAR, month, 3),
            inspect_to=D(YEAR, month, 28),
        )  # fmt: skip
        for n, (name, kind, count, month) in enumerate(
            [("校车安全抽查", EntityKind.MIDDLE_SCHOOL, 2, 4), ("招生行为抽查", EntityKind.PRIMARY_SCHOOL, 1, 9)]
        )
    ]
    services.plan_approve(plan=plan, by=admin)
    for task in tasks:
        draw = services.draw_commit(task=task, by=admin)
        services.draw_reveal(draw=draw, witness_name="监督员", witness_phrase=f"{task.name}口令", by=admin)
    # April: two visits, one with a finding; September: one visit, recorded, not yet published.
    visits = list(Inspection.objects.filter(bureau=bureau).order_by("id"))
    assert len(visits) == 3
    april = [v for v in visits if v.tasks.get().name == "校车安全抽查"]
    september = [v for v in visits if v.tasks.get().name == "招生行为抽查"]
    results = [("no_problem", None), ("rectify", D(YEAR, 5, 30))]
    for visit, (result, rectify_by) in zip(april, results, strict=True):
        visit = services.inspection_record(
            inspection=visit, by=admin, values={"inspected_on": D(YEAR, 4, 12), "contents": "检查", "result": result,
                                               "rectify_by": rectify_by}, version=visit.version,
        )  # fmt: skip
        services.inspection_publish(inspection=visit, by=admin, on=D(YEAR, 4, 20))
    services.inspection_record(
        inspection=september[0], by=admin, values={"inspected_on": D(YEAR, 9, 14), "contents": "检查", "result": "no_problem"},
        version=september[0].version,
    )  # fmt: skip
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert {key: fact.value for key, fact in facts.items()} == {
        "inspections.tasks": ["校车安全抽查", "招生行为抽查"],
        "inspections.draws": 2,
        "inspections.months": ["4月", "9月"],
        "inspections.visits": 3,
        "inspections.entities": 3,
        "inspections.no_problem": 2,
        "inspections.findings": 1,
        "inspections.rectify": 1,
        "inspections.published": 2,
        "inspections.published_on_time": 2,
        "inspections.published_where": ["本门户公开信息栏目"],
        "inspections.published_months": ["4月"],
    }
    assert_fact_urls(login(admin), facts.values())


def test_the_facts_of_another_year_are_empty(made_up):
    bureau, _ = made_up
    facts = {fact.key: fact.value for fact in reporting.facts(bureau, YEAR + 1)}
    assert facts["inspections.visits"] == 0 and facts["inspections.tasks"] == []


def test_the_collector_includes_the_inspections_facts(made_up):
    bureau, _ = made_up
    assert "inspections.entities" in {fact.key for fact in facts_for(bureau, YEAR)}
