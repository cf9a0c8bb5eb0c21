"""What each role (apps.accounts.roles.Role, by value) may do in the campus app.

A school records its own events (and deletes them), evaluates its appointees and reports
its 整改 items done; it reads its appointees, competitions, entries and 创建. The bureau
records everything of its own schools; inspectors and the city read.
"""

from apps.core.permissions import ALL, EDIT, VIEW

MODELS = (
    "event",
    "appointment",
    "appointmentbatch",
    "evaluation",
    "competition",
    "entry",
    "creationcampaign",
    "review",
    "rectificationitem",
    "campusschool",
)


def _all(actions) -> dict[str, tuple[str, ...]]:
    grants = {f"campus.{model}": actions for model in MODELS}
    grants["campus.campusschool"] = VIEW
    grants["campus.eventphoto"] = VIEW
    return grants


ROLE_PERMISSIONS = {
    "bureau_admin": _all(ALL),
    "legal_officer": _all(EDIT),
    "inspector": _all(VIEW),
    "city_viewer": _all(VIEW),
    "school_user": {
        **_all(VIEW),
        "campus.event": ALL,
        "campus.evaluation": EDIT,
        "campus.rectificationitem": ("view", "change"),
    },
}
