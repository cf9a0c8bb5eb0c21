"""Action sets every app's `permissions.py` uses, and what each role may do with core's
own screen (字典管理). Roles are named by value (apps.accounts.roles.Role)."""

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
EDIT = ("view", "add", "change")

ROLE_PERMISSIONS = {
    "bureau_admin": {"core.dictionaryitem": ALL},
    "legal_officer": {"core.dictionaryitem": VIEW},
}
