"""Every inspections URL × every role, another school and another bureau: inspectors see
only their assignments, a school only its own published results and nothing of a plan,
anonymous visitors only the public pages (tests.kit)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.inspections import services
from apps.inspections.choices import InspectionStatus
from apps.inspections.models import CalendarDay, Inspection
from tests.kit import assert_statuses, statuses

from .conftest import make_item, make_plan, make_task

pytestmark = pytest.mark.django_db

SYS = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}


@pytest.fixture
def targets(admin, bureau, school, other_school, inspectors, revealed, task):
    # The draw stays revealed; its own visits go, so that the rows below are all there is.
    Inspection.objects.filter(draws=revealed).delete()
    mine = Inspection.objects.create(bureau=bureau, entity=other_school, entity_name=other_school.name, year=2024)
    mine.inspectors.set([inspectors[0]])
    mine.tasks.set([task])
    published = Inspection.objects.create(bureau=bureau, entity=school, entity_name=school.name, year=2024)
    published.inspectors.set(inspectors[1:])
    published.tasks.set([task])
    published = services.inspection_record(
        inspection=published,
        by=admin,
        values={"inspected_on": datetime.date(2024, 5, 10), "contents": "检查", "result": "no_problem"},
        version=published.version,
    )
    services.inspection_publish(inspection=published, by=admin)
    recorded = Inspection.objects.create(bureau=bureau, entity=other_school, entity_name=other_school.name, year=2023)
    recorded.inspectors.set([inspectors[0]])
    services.inspection_record(
        inspection=recorded,
        by=admin,
        values={"inspected_on": datetime.date(2023, 5, 10), "contents": "检查", "result": "no_problem"},
        version=recorded.version,
    )
    draft = make_plan(bureau, title="草稿计划", year=2025)
    draft_task = make_task(draft, name="草稿任务", draw_on=datetime.date(2025, 5, 6), inspect_from=datetime.date(2025, 5, 8),
                           inspect_to=datetime.date(2025, 5, 20))  # fmt: skip
    other_plan = make_plan(bureau, title="第二个计划", year=2023)
    committed_task = make_task(other_plan, items=[make_item(bureau, code="SJ-X")], name="待抽取任务", count=1,
                               draw_on=datetime.date(2023, 5, 6), inspect_from=datetime.date(2023, 5, 8),
                               inspect_to=datetime.date(2023, 5, 20))  # fmt: skip
    services.plan_approve(plan=other_plan, by=admin)
    committed = services.draw_commit(task=committed_task, by=admin)
    return {
        "item": task.items.first().pk,
        "plan": task.plan_id,
        "draft": draft.pk,
        "task": task.pk,
        "draft_task": draft_task.pk,
        "draw": revealed.pk,
        "committed": committed.pk,
        "inspector": inspectors[1].pk,
        "mine": mine.pk,
        "published": published.pk,
        "recorded": recorded.pk,
        "day": CalendarDay.objects.first().pk,
    }


LISTS = statuses(200, school_user=403, other_school_user=403, **SYS)

GET = {
    "inspection_list": (None, statuses(200, **SYS)),
    "inspectionitem_list": (None, LISTS),
    "plan_list": (None, LISTS),
    "draw_list": (None, LISTS),
    "inspector_list": (None, statuses(200, inspector=403, school_user=403, other_school_user=403, **SYS)),
    "calendarday_list": (None, LISTS),
    "setting": (None, statuses(403, bureau_admin=200, other_bureau_admin=200)),
    "plan_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
    "inspectionitem_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
    "inspector_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
    "inspectionitem": ("item", statuses(200, school_user=403, other_school_user=403, other_bureau_admin=404, **SYS)),
    "plan": ("plan", statuses(200, school_user=404, other_school_user=404, other_bureau_admin=404, **SYS)),
    "plan_edit": (
        "draft",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),  # fmt: skip
    "task": ("task", statuses(200, school_user=404, other_school_user=404, other_bureau_admin=404, **SYS)),
    "task_add": (
        "draft",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),  # fmt: skip
    "draw": ("draw", statuses(200, school_user=404, other_school_user=404, other_bureau_admin=404, **SYS)),
    "draw_reveal": (
        "committed",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),  # fmt: skip
    "inspector": (
        "inspector",
        statuses(
            403,
            bureau_admin=200,
            legal_officer=200,
            city_viewer=200,
            school_user=404,
            other_school_user=404,
            other_bureau_admin=404,
        ),
    ),  # fmt: skip
    "inspection": (
        "published",
        statuses(
            200,
            inspector=404,
            other_school_user=404,
            other_bureau_admin=404,
            system_admin=404,
            security_admin=404,
            audit_admin=404,
        ),
    ),  # fmt: skip
    "inspection_record": ("mine", statuses(404, bureau_admin=200, legal_officer=200, inspector=200, city_viewer=403)),
    "calendarday_edit": ("day", statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
}


def url_for(name: str, target: str | None, targets: dict) -> str:
    if name == "task_add":
        return reverse("inspections:task_add", args=[targets["draft"]])
    return reverse(f"inspections:{name}", args=[targets[target]] if target else [])


@pytest.mark.parametrize("name", GET)
def test_inspections_get_matrix(client_for, targets, name):
    target, expected = GET[name]
    assert_statuses(client_for, url_for(name, target, targets), expected)


def test_an_inspector_sees_only_their_own_assignment(client_for, targets):
    client = client_for("inspector")
    assert client.get(reverse("inspections:inspection", args=[targets["mine"]])).status_code == 200
    rows = client.get(reverse("inspections:inspection_list") + "?export=csv")
    text = b"".join(rows.streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 3  # header + "mine" + the 2023 recorded one, both ZF-001's
    assert "高平六中" in text and "高平二中" not in text


def test_a_school_sees_only_its_published_results(client_for, targets):
    client = client_for("school_user")
    text = b"".join(client.get(reverse("inspections:inspection_list") + "?export=csv").streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 2 and "高平二中" in text
    page = client.get(reverse("inspections:inspection", args=[targets["published"]])).content.decode()
    assert "ZF-0" not in page  # no inspectors, draws or attachments for a school
    other = client_for("other_school_user")
    text = b"".join(other.get(reverse("inspections:inspection_list") + "?export=csv").streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 1  # 高平六中's visit is not published: nothing


POST = {
    "plan_approve": (
        "draft",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),  # fmt: skip
    "draw_commit": (
        "task",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),  # fmt: skip
    # bureau_admin goes first and publishes it: 高平六中's user then sees it, without the right (403).
    "inspection_publish": (
        "recorded",
        statuses(404, bureau_admin=302, legal_officer=403, inspector=403, city_viewer=403, other_school_user=403),
    ),
}


@pytest.mark.parametrize("name", POST)
def test_inspections_post_matrix(client_for, targets, name):
    target, expected = POST[name]
    assert_statuses(client_for, url_for(name, target, targets), expected, method="post")


PUBLIC = ["result_list", "plan_list", "item_list"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_lists_open_to_anyone(client_for, targets, name):
    url = reverse(f"public:inspections:{name}")
    assert_statuses(client_for, url, statuses(200), anonymous=200)


def test_anonymous_sees_only_published_things(client, targets):
    assert client.get(reverse("public:inspections:result", args=[targets["published"]])).status_code == 200
    for unpublished in ("mine", "recorded"):
        assert client.get(reverse("public:inspections:result", args=[targets[unpublished]])).status_code == 404
    assert client.get(reverse("public:inspections:plan", args=[targets["plan"]])).status_code == 200
    assert client.get(reverse("public:inspections:plan", args=[targets["draft"]])).status_code == 404
    listed = client.get(reverse("public:inspections:result_list") + "?export=csv")
    text = b"".join(listed.streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 2
    assert Inspection.objects.exclude(status=InspectionStatus.PUBLISHED).count() == 2
