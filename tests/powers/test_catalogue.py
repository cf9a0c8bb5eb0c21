"""The catalogue is adjusted, never overwritten: its state on any day, two days compared,
stale and double submissions, the staff form's errors."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.powers import selectors, services
from apps.powers.choices import ChangeAction, ItemStatus
from apps.powers.models import Adjustment, ItemChange, PowerItem

from .conftest import add_items, basis, item_values

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def history(users):
    """2023-06-30: A, B, C added. 2024-03-01: B renamed, D added. 2024-09-20: C cancelled,
    B's type changed. 2025-01-10: C added back."""

    admin = users["bureau_admin"]
    add_items(admin, {"A": {"name": "甲", "kind": "licensing"}, "B": {"name": "乙"}, "C": {"name": "丙"}}, on=D(2023, 6, 30))
    services.adjustment_apply(
        by=admin,
        adjusted_on=D(2024, 3, 1),
        reason="第一次调整",
        drafts=[
            services.ItemDraft(code="B", values=item_values(name="乙（新）"), bases=[basis()]),
            services.ItemDraft(code="D", action=ChangeAction.ADD, values=item_values(name="丁", kind="reward"), bases=[basis()]),
        ],
    )
    services.adjustment_apply(
        by=admin,
        adjusted_on=D(2024, 9, 20),
        reason="第二次调整",
        drafts=[
            services.ItemDraft(code="C", action=ChangeAction.CANCEL),
            services.ItemDraft(code="B", values=item_values(name="乙（新）", kind="other"), bases=[basis()]),
        ],
    )
    services.adjustment_apply(
        by=admin,
        adjusted_on=D(2025, 1, 10),
        reason="恢复丙",
        drafts=[services.ItemDraft(code="C", values=item_values(name="丙"), bases=[basis()])],
    )
    return admin


def as_of(bureau, day) -> dict[str, tuple[str, str]]:
    return {c.code: (c.name, c.kind) for c in selectors.changes_as_of([bureau.pk], day)}


def test_the_catalogue_as_it_stood_on_any_day(history, bureau):
    assert as_of(bureau, D(2023, 6, 29)) == {}
    assert as_of(bureau, D(2023, 6, 30)) == {"A": ("甲", "licensing"), "B": ("乙", "penalty"), "C": ("丙", "penalty")}
    assert as_of(bureau, D(2024, 3, 1)) == {
        "A": ("甲", "licensing"),
        "B": ("乙（新）", "penalty"),
        "C": ("丙", "penalty"),
        "D": ("丁", "reward"),
    }
    assert as_of(bureau, D(2024, 12, 31)) == {"A": ("甲", "licensing"), "B": ("乙（新）", "other"), "D": ("丁", "reward")}
    assert set(as_of(bureau, D(2025, 1, 10))) == {"A", "B", "C", "D"}
    # Nothing was overwritten: every change is kept, and today's rows are the last state.
    assert ItemChange.objects.filter(code="B").count() == 3
    assert PowerItem.objects.get(code="C").status == ItemStatus.CURRENT


def test_two_days_compared(history, bureau):
    diff = selectors.compare(bureau.pk, D(2023, 12, 31), D(2024, 12, 31))
    assert [c.code for c in diff.added] == ["D"]
    assert [(old.name, new.name, new.kind) for old, new in diff.changed] == [("乙", "乙（新）", "other")]
    assert [c.code for c in diff.cancelled] == ["C"]
    same = selectors.compare(bureau.pk, D(2024, 9, 20), D(2024, 12, 31))
    assert (same.added, same.changed, same.cancelled) == ([], [], [])


def test_the_public_pages_show_a_day_and_a_comparison(client, history, bureau):
    html = client.get(reverse("public:powers:catalogue"), {"as_of": "2024-12-31"}).content.decode()
    assert "2024年12月31日的清单共 <strong>3</strong> 项" in html
    assert "丙" not in html
    html = client.get(reverse("public:powers:compare"), {"start": "2023-12-31", "end": "2024-12-31"}).content.decode()
    assert "新增 1 项，变更 1 项，取消 1 项" in html
    assert "原名称：乙" in html and "原类型：行政处罚" in html
    bad = client.get(reverse("public:powers:compare"), {"start": "2024-12-31", "end": "2023-12-31"}).content.decode()
    assert "较晚日期不能早于较早日期。" in bad


def test_staff_list_as_of_a_day_filters_by_the_type_on_that_day(client_for, history):
    client = client_for("legal_officer")
    html = client.get(reverse("powers:poweritem_list"), {"as_of": "2024-03-01", "kind": "penalty"}).content.decode()
    assert "共 2 条记录" in html  # B (then 行政处罚) and C
    html = client.get(reverse("powers:poweritem_list"), {"as_of": "2024-12-31", "kind": "penalty"}).content.decode()
    assert "共 0 条记录" in html


def test_adding_an_item_through_the_form_records_one_adjustment(client_for, users, bureau):
    token = str(uuid.uuid4())
    data = {
        "code": "XK-001",
        "name": "民办学校设立审批",
        "kind": "licensing",
        "implementing_unit": "高平市教育局",
        "responsibilities": "受理、审查、决定",
        "accountability": "不予受理的",
        "supervision_phone": "0356-5222316",
        "process": "",
        "parent_code": "",
        "bases_text": "《中华人民共和国民办教育促进法》第十二条：由县级以上人民政府教育行政部门审批。",
        "adjusted_on": "2024-05-01",
        "reason": "新增事项",
        "document": "",
        "token": token,
    }
    client = client_for("legal_officer")
    first = client.post(reverse("powers:poweritem_add"), data)
    # A double click posts the same form again: still one item, one adjustment.
    second = client.post(reverse("powers:poweritem_add"), data)
    item = PowerItem.objects.get(bureau=bureau, code="XK-001")
    assert first.status_code == second.status_code == 302
    assert Adjustment.objects.count() == 1
    basis_row = item.bases.get()
    assert (basis_row.law.name, basis_row.article) == ("中华人民共和国民办教育促进法", "第十二条")


def test_the_form_names_a_missing_or_unknown_law_and_keeps_the_input(client_for):
    data = {
        "code": "XK-002",
        "name": "某项审批",
        "kind": "licensing",
        "implementing_unit": "高平市教育局",
        "responsibilities": "受理",
        "accountability": "不予受理的",
        "supervision_phone": "12345",
        "bases_text": "《不存在的条例》第一条：条文",
        "adjusted_on": "2024-05-01",
        "reason": "新增",
    }
    response = client_for("legal_officer").post(reverse("powers:poweritem_add"), data)
    errors = response.context["form"].errors
    assert errors["bases_text"] == ["法律法规库中没有《不存在的条例》，请先在法律法规库中添加，或检查名称。"]
    assert "supervision_phone" in errors
    assert 'value="某项审批"' in response.content.decode()
    assert not PowerItem.objects.exists()


def test_a_change_based_on_an_older_version_is_refused(client_for, users, bureau):
    add_items(users["bureau_admin"], {"CF-001": {"name": "原名称"}})
    item = PowerItem.objects.get(code="CF-001")
    seen = item.version
    services.adjustment_apply(
        by=users["bureau_admin"],
        adjusted_on=D(2024, 2, 1),
        reason="他人先改",
        drafts=[services.ItemDraft(code="CF-001", values=item_values(name="他人的名称"), bases=[basis()], version=seen)],
    )
    data = {
        "name": "我的名称",
        "kind": "penalty",
        "implementing_unit": "高平市教育局",
        "responsibilities": "受理",
        "accountability": "玩忽职守的",
        "supervision_phone": "0356-5222316",
        "bases_text": "《中华人民共和国教育法》第七十五条：条文",
        "adjusted_on": "2024-03-01",
        "reason": "我的修改",
        "version": seen,
    }
    response = client_for("legal_officer").post(reverse("powers:poweritem_edit", args=[item.pk]), data)
    assert response.status_code == 200
    assert "事项“他人的名称”已被他人修改（您看到的是旧版本），请重新打开后再修改。" in response.content.decode()
    item.refresh_from_db()
    assert item.name == "他人的名称" and Adjustment.objects.count() == 2


def test_cancelling_keeps_the_item_and_its_history(client_for, users):
    add_items(users["bureau_admin"], {"QT-013": {"name": "教辅材料备案", "kind": "other"}})
    item = PowerItem.objects.get(code="QT-013")
    data = {"adjusted_on": "2024-09-20", "reason": "职能划转", "version": item.version}
    assert client_for("bureau_admin").post(reverse("powers:poweritem_cancel", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.CANCELLED
    assert list(item.changes.values_list("action", flat=True).order_by("id")) == ["add", "cancel"]
    with pytest.raises(ValidationError):
        services.adjustment_apply(
            by=users["bureau_admin"],
            adjusted_on=D(2024, 10, 1),
            reason="再取消",
            drafts=[services.ItemDraft(code="QT-013", action=ChangeAction.CANCEL, version=item.version)],
        )


def test_an_adjustment_that_changes_nothing_is_not_recorded(users):
    add_items(users["bureau_admin"], {"A": {"name": "甲"}})
    item = PowerItem.objects.get(code="A")
    values = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    result = services.adjustment_apply(
        by=users["bureau_admin"],
        adjusted_on=D(2024, 2, 1),
        reason="无变化",
        drafts=[services.ItemDraft(code="A", values=values, bases=[basis()])],
    )
    assert result is None and Adjustment.objects.count() == 1


@pytest.mark.parametrize("role", ["city_viewer", "school_user", "inspector"])
def test_the_service_refuses_those_who_only_read(users, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        add_items(users[role], {"X": {}})
    assert not PowerItem.objects.exists()
