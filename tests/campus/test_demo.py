"""The campus demo makes parts 二(二), 二(三) and 三(一) of the 2024 report true."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.campus import demo, reporting
from apps.registry.models import Bureau
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

pytestmark = pytest.mark.django_db


def test_demo_makes_the_2024_campus_year_true(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loaded = StringIO()
    call_command("load_demo", stdout=loaded)
    assert "法治进校园：聘任 124 人" in loaded.getvalue()
    again = StringIO()
    demo.load(again)
    assert "新增活动 0 次、照片 0 张、参赛学生 0 名、创建检查 0 次、评价 0 条" in again.getvalue()
    bureau = Bureau.objects.get(region_code="140581")
    facts = reporting.facts(bureau, 2024)
    values = {f.key: f.value for f in facts}
    # 二(二): lectures on the three themes, 民法典宣传月, 宪法宣誓 around 六一 and 教师节, 宪法宣传周.
    assert {"预防未成年人犯罪", "防电信诈骗", "防校园欺凌"} <= set(values["campus.events.themes"])
    assert values["campus.campaign.民法典宣传月.kinds"] == ["民法典宣传"]
    assert values["campus.campaign.六一儿童节.kinds"] == ["宪法宣誓"] == values["campus.campaign.教师节.kinds"]
    assert {"宪法晨读", "宪法主题教育", "学宪法讲宪法", "参观法治教育基地"} <= set(values["campus.campaign.宪法宣传周.kinds"])
    assert values["campus.campaign.宪法宣传周.schools"] == 123  # 宪法晨读 across the schools
    assert values["campus.entries"] == 3 and values["campus.entries.represented"] == ["晋城市"]
    assert values["campus.awards.list"] == ["高平二中丁晨熙：高中组第3名，二等奖", "高平五中张锦依：初中组第5名，三等奖"]
    # 二(三): three schools since 2023, reviewed twice in 2024 by 晋城市关工委.
    assert values["campus.creation.school_names"] == ["东方红小学", "高平二中", "高平六中"]
    assert values["campus.creation.since"] == ["2023"]
    assert [o.split(" ")[1] for o in values["campus.creation.review_occasions"]] == ["晋城市关工委", "晋城市关工委"]
    # 三(一): the August 2024 batch led by 市委政法委 covers every open school and kindergarten.
    assert "市委政法委" in values["campus.appointments.batches"][0] and "2024年8月" in values["campus.appointments.batches"][0]
    assert values["campus.appointments.schools_covered"] == 123 and values["campus.appointments.all_covered"] == "是"
    assert_fact_urls(login(User.objects.get(username="admin")), facts)
