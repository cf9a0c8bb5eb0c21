"""The catalogue's XLSX import: every row checked (a missing or unknown legal basis
names its row), nothing saved on any error, a whole file one adjustment, and an exported
catalogue imports back unchanged."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.powers.models import Adjustment, ItemChange, PowerItem

from .conftest import add_items

pytestmark = pytest.mark.django_db

HEADER = [
    "事项名称",
    "事项编码",
    "事项类型",
    "所属主项编码",
    "实施主体",
    "法律依据",
    "责任事项",
    "追责情形",
    "监督电话",
    "办理流程",
    "状态",
]
BASIS = "《中华人民共和国教育法》第七十五条：违反国家有关规定，举办学校或者其他教育机构的，由教育行政部门予以撤销。"


def row(code: str, name: str, kind: str = "行政处罚", basis: str = BASIS, parent: str = "", status: str = "") -> list[str]:
    return [name, code, kind, parent, "高平市教育局", basis, "立案、调查、决定", "玩忽职守的", "0356-5222316", "", status]


def upload(rows: list[list[str]]) -> SimpleUploadedFile:
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("权责清单.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def post(client, rows, **extra):
    return client.post(reverse("powers:poweritem_import"), {"file": upload(rows), **extra}, follow=True)


def test_a_row_without_legal_basis_is_named_and_nothing_is_saved(client_for):
    rows = [HEADER, row("CF-001", "甲"), row("CF-002", "乙", basis=""), row("CF-003", "丙", basis="教育法第三条")]
    response = post(client_for("legal_officer"), rows)
    assert [str(e) for e in response.context["errors"]] == [
        "第3行“法律依据”：此项不能为空。",
        "第4行“法律依据”：第1条法律依据格式不对：应以《法律法规名称》开头，如《中华人民共和国教育法》第七十五条：条文内容。",
    ]
    assert not PowerItem.objects.exists() and not Adjustment.objects.exists()


def test_an_unknown_law_an_unknown_parent_and_a_bad_type_are_named(client_for):
    rows = [
        HEADER,
        row("CF-001", "甲", basis="《山西省不存在条例》第一条：条文"),
        row("CF-002", "乙", parent="CF-999"),
        row("CF-003", "丙", kind="行政命令"),
    ]
    errors = [str(e) for e in post(client_for("legal_officer"), rows).context["errors"]]
    assert errors == [
        "第2行“法律依据”：法律法规库中没有《山西省不存在条例》，请先在法律法规库中添加，或检查名称。",
        "第3行“所属主项编码”：主项“CF-999”既不在本文件中，也不在本局现行清单中。",
        "第4行“事项类型”：“行政命令”不是有效的事项类型，应为：行政许可、行政确认、行政处罚、行政强制、行政征收、行政给付、行政检查、行政奖励、行政裁决、其他行政权力。",
    ]
    assert not PowerItem.objects.exists()


def test_a_file_is_one_adjustment_and_a_reimport_records_only_what_changed(client_for, bureau):
    client = client_for("legal_officer")
    rows = [HEADER, row("CF-001", "甲"), row("CF-001-1", "甲的子项", parent="CF-001"), row("CF-002", "乙")]
    response = post(client, rows, adjusted_on="2024-09-20", reason="省级清单调整")
    assert "导入完成：新增 3 条，更新 0 条。" in response.content.decode()
    adjustment = Adjustment.objects.get()
    assert (str(adjustment.adjusted_on), adjustment.reason, adjustment.changes.count()) == ("2024-09-20", "省级清单调整", 3)
    assert PowerItem.objects.get(code="CF-001-1").parent.code == "CF-001"
    # The province sends the catalogue again: one renamed, one cancelled, one unchanged.
    rows = [HEADER, row("CF-001", "甲（新）"), row("CF-001-1", "甲的子项", parent="CF-001"), row("CF-002", "乙", status="已取消")]
    post(client, rows, adjusted_on="2024-12-01", reason="再次导入")
    second = Adjustment.objects.get(reason="再次导入")
    assert sorted(second.changes.values_list("code", "action")) == [("CF-001", "change"), ("CF-002", "cancel")]
    assert ItemChange.objects.count() == 5


def test_the_exported_catalogue_imports_back_unchanged(client_for, users):
    add_items(users["bureau_admin"], {"XK-001": {"name": "甲", "kind": "licensing"}, "CF-001": {"name": "乙"}})
    client = client_for("legal_officer")
    exported = client.get(reverse("powers:poweritem_list") + "?export=xlsx").content
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = [[cell.value or "" for cell in line] for line in sheet.iter_rows()]
    assert rows[0][:11] == HEADER
    response = post(client, [line[:11] for line in rows])
    assert "导入完成：新增 0 条，更新 2 条。" in response.content.decode()
    assert Adjustment.objects.count() == 1  # nothing changed, nothing recorded


def test_the_public_download_has_the_same_columns(client, users, bureau):
    add_items(users["bureau_admin"], {"CF-001": {"name": "乙"}})
    response = client.get(reverse("public:powers:catalogue") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == HEADER[:10]
    assert lines[1][0] == "乙" and lines[1][5] == "《中华人民共和国教育法》第七十五条：条文"
