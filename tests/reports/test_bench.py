"""The report's part of `make bench` runs: it builds, renders and rolls back, and makes
the published report whose public page is loaded."""

from __future__ import annotations

from django.test import Client

from apps.reports.models import AnnualReport
from bench import reports_side


def test_build_timing_rolls_back_and_counts_queries(users, year_of_notices):
    result = reports_side.build(users["bureau_admin"], rounds=2)
    assert result["ratio"] > 0 and result["target"] == 2.0
    assert result["queries"]["full"] > result["queries"]["bare"] > 0
    assert not AnnualReport.objects.exists()


def test_plan_publishes_one_report_for_the_public_page(users, year_of_notices):
    first = reports_side.plan(users["legal_officer"])
    assert reports_side.plan(users["legal_officer"]) == first
    assert Client().get(first["public"]).status_code == 200
