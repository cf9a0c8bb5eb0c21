"""The 2024 demo makes the report's 二(一) and 四 true: weekly Friday 中心组 on the
纲要, the four laws of 主题党日 / 机关大讲堂, the two enforcement trainings, 扫黑除恶."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.registry.models import Bureau, Entity, Person
from apps.study import reporting
from apps.study.models import Attendance, StudySession
from apps.study.selectors import hours_by_person
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_2024_facts_say_what_the_report_says(demo):
    gaoping = Bureau.objects.get(region_code="140581")
    facts = {fact.key: fact.value for fact in reporting.facts(gaoping, 2024)}
    assert facts["study.central_group.friday"] == facts["study.sessions.central_group"] == 47
    assert facts["study.central_group.laws"] == ["《习近平法治思想学习纲要》"]
    assert set(facts["study.laws.party_day_lecture"]) == {
        "《中国共产党纪律处分条例》",
        "《中华人民共和国反有组织犯罪法》",
        "《中华人民共和国民法典》",
        "《山西省平安建设条例》",
    }
    assert facts["study.enforcement.titles"] == ["“行政执法大讲堂”", "“高平市2024年度行政执法人员公共法律知识培训”"]
    assert facts["study.anti_gang.laws"] == ["《中华人民共和国反有组织犯罪法》"]
    assert facts["study.anti_gang"] == 2
    assert "2024年学法活动：56次" in demo
    assert_fact_urls(login(_admin()), reporting.facts(gaoping, 2024))


def _admin():
    from apps.accounts.models import User

    return User.objects.get(username="admin")


def test_the_bureaus_offices_and_staff_are_in_the_registry(demo):
    offices = Entity.objects.get(name="高平市教育局机关")
    assert offices.kind == "other"
    # 14 of the study demo; the inspections demo adds its 执法人员 to the same offices.
    assert Person.objects.filter(employer=offices).count() >= 14
    online = StudySession.objects.get(title="行政执法大讲堂")
    assert online.mode == "online" and online.enforcement_training
    inspectors = Person.objects.filter(employer=offices, name__in=["赵建军", "秦志强"])
    hours = hours_by_person([p.pk for p in inspectors], 2024)
    # the two trainings (4 + 8), six 主题党日 / 大讲堂 (2 each) and one 会前学法 (0.5)
    # (the inspections demo registers its own 赵建军 and 秦志强 in the offices: each name has
    # one person with the study hours)
    by_name = {}
    for person in inspectors:
        by_name[person.name] = max(by_name.get(person.name, Decimal("0")), hours[person.pk])
    assert by_name == {"赵建军": Decimal("24.5"), "秦志强": Decimal("24.5")}


def test_running_it_again_writes_nothing(demo):
    counts = (StudySession.objects.count(), Attendance.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (StudySession.objects.count(), Attendance.objects.count()) == counts
    assert "本次新增中心组学习 0 次、其他 0 次" in out.getvalue()
