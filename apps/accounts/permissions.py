"""What each role may do with accounts, sessions and the logs."""

ROLE_PERMISSIONS = {
    "bureau_admin": {
        "accounts.user": ("view", "add", "change"),
        "accounts.usersession": ("view", "delete"),
        "accounts.securityevent": ("view",),
        "accounts.auditlog": ("view",),
    },
}
