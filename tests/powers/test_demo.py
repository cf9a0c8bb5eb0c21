"""The demo makes part 五 of the 2024 report true (except the random inspections): the
39 catalogue items by type, the two supervision 办法, the clean-up of 2021-2023's
documents under 高市竞争联办发〔2024〕2号, the three admission documents, 4420 primary
pupils admitted, 4402 online (99.6%); a second run adds nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.reporting import facts_for
from apps.powers.models import Adjustment, PowerItem
from apps.registry.models import Bureau

pytestmark = pytest.mark.django_db


def test_the_demo_makes_part_five_of_the_2024_report_true(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "权责清单：39项（2次调整）" in out.getvalue()
    bureau = Bureau.objects.get(region_code="140581")
    facts = {f.key: f.value for f in facts_for(bureau, 2024)}
    assert {k: v for k, v in facts.items() if k.startswith("powers.items.") and v} == {
        "powers.items.行政许可": 5,
        "powers.items.行政确认": 7,
        "powers.items.行政处罚": 10,
        "powers.items.行政奖励": 4,
        "powers.items.行政给付": 1,
        "powers.items.其他行政权力": 12,
    }
    assert facts["powers.items"] == 39
    assert facts["documents.measures.titles"] == [
        "《高平市学校教师分级分类监管办法》",
        "《高平市学科类校外培训机构信用分级分类管理办法》",
    ]
    assert facts["documents.cleanups.basis"] == [
        "《高平市公平竞争审查工作联席会议办公室关于开展妨碍统一市场和公平竞争政策措施清理工作的通知》（高市竞争联办发〔2024〕2号）"
    ]
    assert facts["documents.cleanups.scope"] == ["2021年1月1日至2023年12月31日制定的文件"]
    assert facts["admissions.documents"] == [
        "《高平市2024年义务教育阶段学校招生实施方案》",
        "《高平市2024年市区小学学区划分方案》",
        "《关于做好2024年度初中入学工作的意见》",
    ]
    assert (facts["admissions.primary.admitted"], facts["admissions.primary.online"]) == (4420, 4402)
    assert facts["admissions.primary.online_share"] == Decimal("99.6")
    assert facts["powers.grades"] == 4
    # Every item has a legal basis from the catalogue; the public page shows all 39.
    assert not PowerItem.objects.filter(status="current", bases__isnull=True).exists()
    assert "现行清单共 <strong>39</strong> 项" in client.get("/public/powers/").content.decode()
    # Idempotent.
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "本次新增：无；本次更新：无。" in again.getvalue()
    assert Adjustment.objects.filter(bureau=bureau).count() == 2
