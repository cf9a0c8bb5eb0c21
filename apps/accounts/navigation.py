from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "系统管理",
        (
            NavItem("教育局管理", "accounts:bureau_list", "registry.add_bureau"),
            NavItem("用户管理", "accounts:user_list", "accounts.change_user"),
            NavItem("账号安全", "accounts:account_security", "accounts.reset_otp_user"),
            NavItem("在线用户", "accounts:session_list", "accounts.view_usersession"),
            NavItem("审计日志", "accounts:audit_list", "accounts.view_auditlog"),
            NavItem("登录与安全日志", "accounts:securityevent_list", "accounts.view_securityevent"),
        ),
        order=900,
    )
]
