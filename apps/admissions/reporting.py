"""教育入学一件事 in the annual report (五): the year's admission documents, and per
stage the admitted, admitted online and the online share to one decimal."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from apps.core.reporting import Fact

from .choices import Stage
from .models import Admission, AdmissionYear
from .selectors import online_share


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    titles = list(
        AdmissionYear.objects.filter(bureau=bureau, year=year)
        .values_list("documents__title", flat=True)
        .exclude(documents__isnull=True)
        .order_by("documents__issued_on", "documents__id")
    )
    out = [
        Fact(
            "admissions.documents",
            "招生文件",
            [f"《{title}》" for title in titles],
            "",
            _url("admissions:admissionyear_list", year=year),
        )
    ]
    admissions = Admission.objects.filter(bureau=bureau, year=year)
    for stage in Stage:
        rows = admissions.filter(stage=stage)
        sums = rows.aggregate(admitted=Sum("admitted"), online=Sum("admitted_online"))
        admitted, online = sums["admitted"] or 0, sums["online"] or 0
        url = _url("admissions:admission_list", year=year, stage=stage.value)
        out += [
            Fact(f"admissions.{stage.value}.schools", f"{stage.label}招生学校", rows.count(), "所", url),
            # Sums of people, not rows of the list: counts_rows=False.
            Fact(f"admissions.{stage.value}.admitted", f"{stage.label}录取新生", admitted, "人", url, counts_rows=False),
            Fact(f"admissions.{stage.value}.online", f"{stage.label}线上录取", online, "人", url, counts_rows=False),
            Fact(f"admissions.{stage.value}.online_share", f"{stage.label}线上录取率", online_share(online, admitted), "%", url),
        ]
    return out
