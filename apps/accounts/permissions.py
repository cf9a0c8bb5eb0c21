"""What each role may do with accounts, sessions and the logs.

The administration is split in three (等保 level 3, 8.1.4.2; docs/decisions.md):
系统管理员 manages accounts and their roles; 安全管理员 lifts lockouts, resets
authenticators, watches and ends sessions and reads the login & security log;
审计管理员 reads and exports the audit and security logs, nothing else. The bureau
admin keeps its bureau's business work (other apps' permissions) and none of these.
"""

ROLE_PERMISSIONS = {
    "system_admin": {
        "accounts.user": ("view", "add", "change"),
    },
    "security_admin": {
        # view: to find the account; unlock / reset_otp: User.Meta.permissions.
        "accounts.user": ("view", "unlock", "reset_otp"),
        "accounts.usersession": ("view", "delete"),
        "accounts.securityevent": ("view",),
    },
    "audit_admin": {
        "accounts.auditlog": ("view",),  # User.Meta.permissions: the audit is no model of ours
        "accounts.securityevent": ("view",),
    },
}
