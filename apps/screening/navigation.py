from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "准入查询",
        (
            NavItem(
                "查询覆盖情况",
                "screening:coverage",
                "screening.view_querybatch",
                shortcut=True,
                description="各校教职员工准入查询的覆盖率、未查询和新入职人员",
            ),
            NavItem("查询批次", "screening:querybatch_list", "screening.view_querybatch"),
            NavItem("到期未复查人员", "screening:overdue_list", "screening.view_querybatch"),
            NavItem("查询记录", "screening:check_list", "screening.view_check"),
            NavItem("查询结果", "screening:result_list", "screening.view_result_check"),
            NavItem("受限处置", "screening:restrictedcase_list", "screening.view_restrictedcase"),
            NavItem("师德师风档案记录", "screening:ethicsentry_list", "screening.view_ethicsentry"),
            NavItem("个人信息导出记录", "screening:exportlog_list", "screening.view_exportlog"),
            NavItem(
                "教职员工授权与查询",
                "screening:staff_list",
                "screening.add_authorisation",
                shortcut=True,
                description="登记授权书，查看本校人员是否已查询及查询日期",
            ),
            NavItem("授权书", "screening:authorisation_list", "screening.view_authorisation"),
        ),
        order=30,
    )
]
