from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "依法行政",
        (
            NavItem(
                "入学录取",
                "admissions:admission_list",
                "admissions.view_admission",
                description="各校各学段录取人数、线上录取率",
            ),
            NavItem("入学年度统计", "admissions:figures", "admissions.view_admission"),
            NavItem("招生年度与文件", "admissions:admissionyear_list", "admissions.view_admissionyear"),
        ),
        order=30,
    )
]
