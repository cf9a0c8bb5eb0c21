"""What each role (apps.accounts.roles.Role, by value) may do in 欺凌防治.

- The bureau writes checklists, opens rounds, reviews, plans 督查 and records trainings;
  the 执法人员 reads, and records a 督查's findings (`change_spotcheckvisit`).
- A school fills its own forms (`change_selfinspection`), answers its 整改
  (`change_rectification`), reads its recorded 督查 results and the trainings, and keeps
  its own incident file.
- `inspectionlog` view is the bureau side's mark (round pages, 督查 plans), as
  `noticelog` is for notices: a school user has none.
- The incident file is restricted: only the school itself and the bureau admin
  (`view_incident`), and only they may reveal real names (`reveal_incident`). Not the
  法规股, the 执法人员 nor the city.
"""

from apps.core.permissions import ALL, EDIT, VIEW

BUREAU_READ = {
    "bullying.checklist": VIEW,
    "bullying.round": VIEW,
    "bullying.selfinspection": VIEW,
    "bullying.inspectionlog": VIEW,
    "bullying.spotcheck": VIEW,
    "bullying.spotcheckvisit": VIEW,
    "bullying.rectification": VIEW,
    "bullying.training": VIEW,
}

ROLE_PERMISSIONS = {
    "bureau_admin": {
        **BUREAU_READ,
        "bullying.checklist": ALL,
        "bullying.checklistitem": ALL,
        "bullying.round": EDIT,
        "bullying.selfinspection": ("view", "change"),
        "bullying.spotcheck": ALL,
        "bullying.spotcheckvisit": ("view", "change"),
        "bullying.rectification": ("view", "change"),
        "bullying.training": ALL,
        "bullying.incident": ("view", "reveal"),
    },
    "legal_officer": {
        **BUREAU_READ,
        "bullying.checklist": EDIT,
        "bullying.checklistitem": ALL,
        "bullying.round": EDIT,
        "bullying.selfinspection": ("view", "change"),
        "bullying.spotcheck": EDIT,
        "bullying.spotcheckvisit": ("view", "change"),
        "bullying.rectification": ("view", "change"),
        "bullying.training": EDIT,
    },
    "inspector": {**BUREAU_READ, "bullying.spotcheckvisit": ("view", "change")},
    "school_user": {
        "bullying.selfinspection": ("view", "change"),
        "bullying.spotcheckvisit": VIEW,
        "bullying.rectification": ("view", "change"),
        "bullying.training": VIEW,
        "bullying.incident": ("view", "add", "change", "reveal"),
    },
    "city_viewer": dict(BUREAU_READ),
}
