"""What each role may do with the annual report: the 法规股 writes it, the bureau admin
reviews (保密审查) and publishes it, the city reads its counties' reports."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"reports.annualreport": (*ALL, "publish"), "reports.outline": ALL, "reports.outlinesection": ALL},
    "legal_officer": {"reports.annualreport": EDIT, "reports.outline": VIEW, "reports.outlinesection": EDIT},
    "city_viewer": {"reports.annualreport": VIEW, "reports.outline": VIEW},
}
