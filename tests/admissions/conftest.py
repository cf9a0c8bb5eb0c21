"""Builders of the admissions tests."""

from __future__ import annotations

from apps.admissions import services
from apps.admissions.models import Admission, AdmissionYear


def make_admission(user, school, *, year: int = 2024, stage: str = "primary", admitted: int = 100, online: int = 99) -> Admission:
    return services.admission_save(
        admission=Admission(year=year, school=school, stage=stage, admitted=admitted, admitted_online=online), by=user
    )


def make_year(user, year: int = 2024, documents=()) -> AdmissionYear:
    return services.admission_year_save(year=AdmissionYear(year=year), by=user, documents=documents)
