"""What each role (apps.accounts.roles.Role, by value) may do in 双随机、一公开.

An inspector sees the plans and draws and records the results of the visits assigned
to them (no `review_inspection`: InspectionQuerySet narrows to their own); a school
sees only its own published results; publishing is the bureau admin's.
"""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {
        "inspections.inspectionitem": ALL,
        "inspections.plan": ALL,
        "inspections.task": ALL,
        "inspections.inspector": ALL,
        "inspections.recusal": ALL,
        "inspections.draw": ALL,
        "inspections.inspection": (*EDIT, "review", "publish"),
        "inspections.calendarday": ALL,
        "inspections.inspectionsetting": ("view", "change"),
    },
    "legal_officer": {
        "inspections.inspectionitem": EDIT,
        "inspections.plan": EDIT,
        "inspections.task": EDIT,
        "inspections.inspector": EDIT,
        "inspections.recusal": ALL,
        "inspections.draw": EDIT,
        "inspections.inspection": (*EDIT, "review"),
        "inspections.calendarday": EDIT,
    },
    "inspector": {
        "inspections.inspectionitem": VIEW,
        "inspections.plan": VIEW,
        "inspections.task": VIEW,
        "inspections.draw": VIEW,
        "inspections.inspection": ("view", "change"),
        "inspections.calendarday": VIEW,
    },
    "school_user": {"inspections.inspection": VIEW},
    "city_viewer": {
        "inspections.inspectionitem": VIEW,
        "inspections.plan": VIEW,
        "inspections.task": VIEW,
        "inspections.inspector": VIEW,
        "inspections.recusal": VIEW,
        "inspections.draw": VIEW,
        "inspections.inspection": ("view", "review"),
        "inspections.calendarday": VIEW,
    },
}
