"""What each role (apps.accounts.roles.Role, by value) may do with notices.

A school reads the notices addressed to it and changes only its own copy (签收, reply);
the bureau's actions on a copy (accept, reopen, remind) need `change_notice`.
`noticelog` is the bureau side's history: it also decides who sees 通知管理.
"""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"notices.notice": ALL, "notices.noticeaddressee": VIEW, "notices.noticelog": VIEW},
    "legal_officer": {"notices.notice": EDIT, "notices.noticeaddressee": VIEW, "notices.noticelog": VIEW},
    "inspector": {"notices.notice": VIEW, "notices.noticeaddressee": VIEW, "notices.noticelog": VIEW},
    "school_user": {"notices.notice": VIEW, "notices.noticeaddressee": ("view", "change")},
    "city_viewer": {"notices.notice": VIEW, "notices.noticeaddressee": VIEW, "notices.noticelog": VIEW},
}
