"""Every page names the signed-in user's bureau (header, title, footer, hints, import
examples); a bureau admin edits its own; the public site has a page per bureau."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from apps.core.validators import validate_resident_id, validate_uscc
from apps.registry.models import Bureau
from tests.conftest import login

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_every_page_frame_names_the_users_own_bureau(zz_client, client_for):
    html = text(zz_client.get(reverse("core:dashboard")))
    assert "<title>工作台 - 泽州教育法治</title>" in html
    assert ">泽州教育法治</a>" in html and "泽州县教育局 主办" in html
    assert "高平" not in html
    gaoping = text(client_for("bureau_admin").get(reverse("core:dashboard")))
    assert "高平教育法治" in gaoping and "泽州" not in gaoping


def test_form_hints_and_import_examples_come_from_the_users_bureau(zz_client, zezhou):
    entity = zezhou  # noqa: F841 (the fixture makes the bureau)
    html = text(zz_client.get(reverse("documents:document_add")))
    assert re.search(r"如：泽教发〔\d{4}〕35号", html) and "高教发" not in html
    html = text(zz_client.get(reverse("notices:notice_add")))
    assert "如：泽教发〔" in html
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("registry:entity_import_template")).content)).active
    sample = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert sample["名称"] == "泽州县示例小学" and sample["地址"] == "泽州县某某街1号"
    assert sample["统一社会信用代码"][2:8] == "140525"
    validate_uscc(sample["统一社会信用代码"])
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("registry:person_import_template")).content)).active
    sample = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert sample["身份证号"].startswith("140525")
    validate_resident_id(sample["身份证号"])
    assert sample["工作单位"] == "泽州一中"


def test_bureau_admin_edits_its_name_footer_and_logo(zz_client, zezhou, client):
    url = reverse("registry:bureau_site")
    data = {
        "name": "泽州县教育局",
        "short_name": "泽州",
        "site_name": "泽州教育法治平台",
        "host_name": "泽州县教育局办公室",
        "icp_record": "晋ICP备20250001号",
        "police_record": "晋公网安备 14052502000001号",
        "contact": "0356-3031234",
    }
    bad = zz_client.post(url, {**data, "logo_file": io.BytesIO(b"<svg onload=alert(1)>")})
    assert "标志图片须为 PNG 或 JPEG 格式。" in text(bad)
    logo = io.BytesIO(png())
    logo.name = "logo.png"
    response = zz_client.post(url, {**data, "logo_file": logo}, follow=True)
    html = text(response)
    assert "已保存本局门户设置。" in html
    assert "泽州县教育局办公室 主办　·　0356-3031234" in html
    assert "晋ICP备20250001号　·　晋公网安备 14052502000001号" in html
    assert "<title>本局门户设置 - 泽州教育法治平台</title>" in html
    logo_url = reverse("registry:bureau_logo", args=["140525"])
    assert f'src="{logo_url}"' in html
    image = client.get(logo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content == png()
    assert client.get(reverse("registry:bureau_logo", args=["140581"])).status_code == 404
    zezhou.refresh_from_db()
    assert zezhou.icp_record == "晋ICP备20250001号"


def test_site_settings_are_the_bureau_admins_own_only(client_for, zezhou):
    from tests.kit import assert_statuses, statuses

    assert_statuses(client_for, reverse("registry:bureau_site"), statuses(403, bureau_admin=200, other_bureau_admin=200))
    # Each edits its own: 阳城's admin saving the form changes 阳城, not 高平.
    client_for("other_bureau_admin").post(reverse("registry:bureau_site"), {"name": "阳城县教育局", "short_name": "阳城"})
    assert Bureau.objects.get(region_code="140581").short_name == ""
    assert Bureau.objects.get(region_code="140522").short_name == "阳城"


def test_public_site_has_a_page_per_bureau_and_a_chooser(client, zezhou, bureau):
    chooser = text(client.get("/"))
    assert "请选择要查看的教育局" in chooser
    assert 'href="/public/140525/"' in chooser and 'href="/public/140581/"' in chooser
    home = text(client.get("/public/140525/"))
    assert "泽州县教育局 法治建设信息公开" in home and "泽州县教育局 主办" in home and "高平" not in home
    assert "/public/documents/laws/?bureau=140525" in home
    # The choice is remembered: the next page (a section) speaks for 泽州 too.
    assert "泽州县教育局 主办" in text(client.get(reverse("public:documents:law_list")))
    assert "高平市教育局 主办" in text(client.get(reverse("public:documents:law_list") + "?bureau=140581"))
    assert client.get("/public/999999/").status_code == 404


def test_one_county_keeps_its_public_home_at_the_root(client, bureau):
    html = text(client.get("/"))
    assert "高平市教育局 法治建设信息公开" in html and "请选择要查看的教育局" not in html


def test_the_city_viewer_sees_its_own_name(client_for, zezhou):
    html = text(client_for("city_viewer").get(reverse("core:dashboard")))
    assert "晋城教育法治" in html and "晋城市教育局 主办" in html


def test_the_platform_admin_pages_name_the_platform(platform_client):
    html = text(platform_client.get(reverse("accounts:bureau_list")))
    assert "<title>教育局管理 - " in html and "高平" not in html.split("<main")[0]


def test_school_user_signs_in_to_its_bureau(zezhou, zz_admin):
    from tests import factories

    school = factories.make_school(zezhou, name="泽州一中", kind="high")
    user = factories.make_user("school_user", school=school, username="zz1z")
    html = text(login(user).get(reverse("core:dashboard")))
    assert "泽州教育法治" in html and "所属学校：泽州一中" in html


def test_other_apps_hints_and_import_examples_name_the_users_own_county(zz_client, zezhou):
    """法治进校园, 权责清单 and 准入查询 give 泽州's names and codes, never 高平's."""

    from tests import factories

    factories.make_school(zezhou, name="泽州一中", kind="high")
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("campus:appointment_import_template")).content)).active
    sample = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert sample["工作单位"] == "泽州县公安局城关派出所" and sample["服务学校"] == "泽州一中"
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("powers:poweritem_import_template")).content)).active
    assert "泽州县教育局" in [c.value for c in sheet[2]]
    for url in ("campus:appointment_add", "campus:entry_add", "powers:poweritem_import", "registry:bureau_site"):
        html = text(zz_client.get(reverse(url)))
        assert "高平" not in html and "140581" not in html, url
    assert "如：泽州县公安局城关派出所" in text(zz_client.get(reverse("campus:appointment_add")))
    assert "如：晋城市" in text(zz_client.get(reverse("campus:entry_add")))
    assert "晋公网安备 14052502000001号" in text(zz_client.get(reverse("registry:bureau_site")))
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("study:attendance_import_template")).content)).active
    assert "泽州县教育局机关" in [c.value for c in sheet[2]]
    sheet = load_workbook(io.BytesIO(zz_client.get(reverse("admissions:admission_import_template")).content)).active
    assert "泽州一中" in [c.value for c in sheet[2]]
    html = text(zz_client.get(reverse("documents:cleanup_add")))
    assert "如：泽教发〔" in html and "高市" not in html


def test_screening_result_template_samples_a_number_of_the_users_region(zz_admin):
    from apps.screening.imports import ResultImporter

    column = next(c for c in ResultImporter(zz_admin, batch=None).columns() if c.header == "证件号码")
    assert column.example.startswith("140525")
    validate_resident_id(column.example)
