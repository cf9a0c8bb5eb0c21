from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "年度报告",
        (
            NavItem(
                "法治政府建设年度报告",
                "reports:report_list",
                "reports.view_annualreport",
                shortcut=True,
                description="由各项记录生成年度报告，编辑、审核、发布、导出",
            ),
            NavItem("报告提纲", "reports:outline_list", "reports.view_outline"),
            NavItem("各县汇总", "reports:rollup", "reports.view_annualreport"),
        ),
        order=90,
    )
]
