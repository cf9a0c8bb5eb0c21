"""The background-check journey in a real browser: 高平二中 records its staff's
authorisations, the bureau creates a batch, exports it for the platform, imports the
results, and sees 高平二中's coverage reach 100%."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from apps.core.models import DictionaryItem
from apps.screening.dictionary import QUERY_PLATFORM
from apps.screening.models import Authorisation, ExportLog

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _menu(web: Page, item: str) -> None:
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="准入查询").click()
    nav.get_by_role("link", name=item).click()


def test_school_authorises_bureau_batches_exports_imports_and_sees_full_coverage(web: Page, portal, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    DictionaryItem.objects.create(bureau=portal["bureau"], kind=QUERY_PLATFORM, label="全国教职员工准入查询系统")
    year = timezone.localdate().year

    # 高平二中 records the signed forms of its two staff, one scan for both.
    login("gp2z")
    _menu(web, "教职员工授权与查询")
    expect(web.get_by_role("heading", name="教职员工授权与查询", level=1)).to_be_visible()
    web.get_by_role("link", name="登记授权书", exact=True).first.click()
    people = web.get_by_role("group", name="可选的“教职员工”")
    expect(people.get_by_role("checkbox")).to_have_count(2)
    for box in people.get_by_role("checkbox").all():
        box.check()
    web.get_by_label("授权书扫描件").set_input_files({"name": "授权书.pdf", "mimeType": "application/pdf", "buffer": PDF})
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("status").first).to_contain_text("已登记 2 人的授权书。")
    assert Authorisation.objects.count() == 2

    # The bureau: a batch of 高平二中, exported for the platform.
    web.context.clear_cookies()
    login("admin")
    _menu(web, "查询批次")
    web.get_by_role("link", name="新建").click()
    web.get_by_label("批次名称").fill(f"{year}年准入查询（二中）")
    web.locator("#id_platform").select_option(label="全国教职员工准入查询系统")
    schools = web.get_by_role("group", name="可选的“学校”")
    schools.get_by_label("高平二中").check()
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("status").first).to_contain_text("共 2 人")
    expect(web.get_by_test_id("batch-counts")).to_contain_text("共 2 人：已查询 0，待回填 2")
    with web.expect_download() as download:
        web.get_by_role("button", name="导出查询名单（含完整身份证号）").click()
    with open(download.value.path(), "rb") as f:
        content = f.read()
    assert "含个人信息" in download.value.suggested_filename
    sheet = load_workbook(io.BytesIO(content))["查询名单"]
    numbers = [row[4].value for row in sheet.iter_rows(min_row=2)]
    assert len(numbers) == 2 and all(len(n) == 18 for n in numbers)
    assert ExportLog.objects.filter(by=portal["admin"], rows=2).exists()

    # The platform's answer comes back as a sheet.
    results = Workbook()
    results.active.append(["证件号码", "查询结果"])
    for number in numbers:
        results.active.append([number, "无记录"])
    buffer = io.BytesIO()
    results.save(buffer)
    web.reload()
    web.get_by_role("link", name="导入查询结果").click()
    web.get_by_label("Excel 文件（.xlsx）").set_input_files(
        {"name": "查询结果.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}
    )
    web.get_by_role("button", name="上传并导入查询结果").click()
    expect(web.get_by_role("status").first).to_contain_text("已导入 2 条查询结果。")
    expect(web.get_by_test_id("batch-counts")).to_contain_text("共 2 人：已查询 2，待回填 0")

    _menu(web, "查询覆盖情况")
    row = web.get_by_role("row").filter(has_text="高平二中")
    expect(row).to_contain_text("100.0%")
    expect(web.get_by_role("row").filter(has_text="高平六中")).to_contain_text("0.0%")
