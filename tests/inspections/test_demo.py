"""The demo makes the random-inspection part of the 2024 report true: three tasks,
inspections in May and October, 13 schools, no violations, all results published on
高平市政府官网, every draw verifiable with scripts/verify_draw.py."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from apps.inspections import reporting
from apps.inspections.models import Draw, Inspection
from apps.registry.models import Bureau
from tests.conftest import login

pytestmark = pytest.mark.django_db

TASKS = ["中小学教育装备产品双随机抽查", "学校食堂食品安全双随机抽查", "民办学校招生、办学情况检查"]


@pytest.fixture
def demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_2024_figures_of_the_report(demo):
    from apps.accounts.models import User

    gaoping = Bureau.objects.get(region_code="140581")
    facts = {fact.key: fact for fact in reporting.facts(gaoping, 2024)}
    assert facts["inspections.tasks"].value == TASKS
    assert facts["inspections.months"].value == ["5月", "10月"]
    assert facts["inspections.entities"].value == 13
    assert facts["inspections.findings"].value == 0
    assert facts["inspections.published"].value == 13 == facts["inspections.published_on_time"].value
    assert facts["inspections.published_where"].value == ["高平市政府官网"]
    from tests.reporting_helpers import assert_fact_urls

    assert_fact_urls(login(User.objects.get(username="admin")), facts.values())
    assert "双随机：2024年计划 3 项任务，抽取 3 次，检查并公示 13 校次。" in demo


def test_every_demo_draw_passes_the_verifier(demo, client, tmp_path):
    script = settings.BASE_DIR / "scripts" / "verify_draw.py"
    draws = list(Draw.objects.filter(task__plan__year=2024))
    assert len(draws) == 3
    for draw in draws:
        response = client.get(reverse("public:inspections:draw_json", args=[draw.pk]))
        path = tmp_path / f"draw-{draw.pk}.json"
        path.write_bytes(response.content)
        done = subprocess.run([sys.executable, "-I", str(script), str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout
        assert json.loads(response.content)["m"] == 2


def test_the_public_site_shows_the_2024_results(demo, client):
    page = client.get(reverse("public:inspections:result_list") + "?year=2024").content.decode()
    assert "共 13 条" in page
    assert Inspection.objects.filter(year=2024, status="published").count() == 13


def test_loading_twice_changes_nothing(demo):
    before = (Draw.objects.count(), Inspection.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Draw.objects.count(), Inspection.objects.count()) == before
    assert "2024年计划已存在" in out.getvalue()
