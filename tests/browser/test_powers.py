"""The public 权责清单 in a real browser: a visitor, not signed in, opens the catalogue
from the public home, filters 行政处罚, opens an item and downloads the Excel file."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.powers.conftest import add_items


def test_visitor_filters_the_catalogue_opens_an_item_and_downloads_it(web: Page, portal):
    add_items(
        portal["admin"],
        {
            "XK-001": {"name": "民办学校设立审批", "kind": "licensing"},
            "CF-001": {"name": "对违反国家有关规定招收学生的处罚", "kind": "penalty"},
            "CF-002": {"name": "对擅自举办民办学校的处罚", "kind": "penalty"},
            "JL-001": {"name": "对教师的表彰奖励", "kind": "reward"},
        },
    )
    web.goto(portal["url"] + "/")
    web.get_by_role("link", name="权责清单").first.click()
    expect(web.get_by_role("heading", level=1)).to_have_text("高平市教育局权责清单")
    expect(web.get_by_text("现行清单共")).to_contain_text("4 项")

    web.get_by_label("事项类型").select_option(label="行政处罚")
    web.get_by_role("button", name="查询").click()
    table = web.get_by_role("table")
    expect(table.get_by_role("link")).to_have_count(2)
    expect(table).not_to_contain_text("民办学校设立审批")

    table.get_by_role("link", name="对擅自举办民办学校的处罚").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("对擅自举办民办学校的处罚")
    expect(web.get_by_role("heading", name="法律依据")).to_be_visible()
    expect(web.get_by_text("《中华人民共和国教育法》第七十五条")).to_be_visible()

    web.go_back()
    with web.expect_download() as info:
        web.get_by_test_id("download-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("事项名称", "事项编码", "事项类型")
    assert sorted(row[0] for row in rows[1:]) == ["对擅自举办民办学校的处罚", "对违反国家有关规定招收学生的处罚"]
