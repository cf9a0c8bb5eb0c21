"""The 欺凌防治 demo makes part 三(二) of the 2024 report true, shows the open 2025 round
with 高平二中 in draft, hides the planned 2025 督查 from the schools, and loads once."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import User
from apps.bullying import demo, reporting
from apps.bullying.choices import Progress
from apps.bullying.models import SelfInspection, SpotCheckVisit
from apps.registry.models import Bureau, Entity
from apps.registry.selectors import schools_for
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_2024_report_part_three_two_is_true(loaded):
    assert "欺凌防治：新增自查轮次 3 轮，督查 3 次，培训 1 场，欺凌事件 2 件。" in loaded
    bureau = Bureau.objects.get(region_code="140581")
    admin = User.objects.get(username="admin")
    facts = {f.key: f for f in reporting.facts(bureau, 2024)}
    value = {key: fact.value for key, fact in facts.items()}
    # 制定《方案》《检查清单》，转发“十项要求”
    assert value["bullying.documents.issue"] == ["《加强中小学生欺凌综合治理方案》", "《中小学防治校园暴力与学生欺凌检查清单》"]
    assert value["bullying.documents.forward"] == ["《中小学校园暴力与学生欺凌防治治理专项行动“十项要求”》"]
    # 全市中小学校定期开展自查: every 中小学, each term, all done
    middle_and_primary = schools_for(admin).filter(bureau=bureau).exclude(kind="kindergarten").count()
    assert value["bullying.rounds.periods"] == ["2024年春季学期", "2024年秋季学期"]
    assert value["bullying.forms"] == 2 * middle_and_primary == value["bullying.forms.done"]
    assert value["bullying.forms.rate"] == Decimal("100.0")
    # 督察组“四不两直”督查
    assert value["bullying.spot_checks.methods"] == ["四不两直"]
    assert value["bullying.spot_checks"] == 2 and value["bullying.spot_checks.schools"] == 12
    # 4月20日 高平六中 培训会，500余人，董新良
    assert value["bullying.trainings"] == 1
    (detail,) = value["bullying.trainings.details"]
    assert detail.startswith("4月20日，高平市教育局在高平六中召开全市中小学防治校园暴力与学生欺凌培训会")
    assert "校长（园长）、分管副校长（园长）、初中班主任共500人" in detail and "山西师范大学教授董新良" in detail
    assert_fact_urls(login(admin), facts.values())


def test_the_open_2025_round_has_gaoping_two_in_draft(loaded, settings):
    erzhong = SelfInspection.objects.get(round__year=2025, school__name="高平二中")
    assert erzhong.progress == Progress.DRAFT and erzhong.answers.count() == 4
    assert erzhong.round.notice.title == demo.OPEN_2025_NOTICE
    assert erzhong.round.version.number == 2
    client = login(User.objects.get(username="gp2z"))
    page = client.get(erzhong.get_absolute_url()).content.decode()
    assert "保存草稿" in page
    liuzhong = SelfInspection.objects.get(round__title__startswith="2024年春季", school__name="高平六中")
    assert liuzhong.logs.count() == 4 and liuzhong.progress == Progress.PASSED


def test_the_planned_2025_spot_check_is_invisible_to_gp2z(loaded):
    planned = SpotCheckVisit.objects.get(spot_check__planned_on__year=2025, school__name="高平二中")
    client = login(User.objects.get(username="gp2z"))
    assert client.get(planned.get_absolute_url()).status_code == 404
    listed = client.get(reverse("bullying:spotcheckvisit_list") + "?export=csv")
    assert "2025年春季" not in b"".join(listed.streaming_content).decode("utf-8-sig")


def test_a_second_load_adds_nothing(loaded):
    out = StringIO()
    demo.load(out)
    assert out.getvalue() == "欺凌防治：新增自查轮次 0 轮，督查 0 次，培训 0 场，欺凌事件 0 件。\n"
    assert Entity.objects.exists()
