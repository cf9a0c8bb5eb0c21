import django_filters

from apps.core.filtersets import ScopedFilterSet

from .choices import ReportStatus
from .models import AnnualReport


class ReportFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices, empty_label="全部")

    class Meta:
        model = AnnualReport
        fields = ["year", "status", "bureau"]
