from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "通知",
        (
            NavItem(
                "通知管理",
                "notices:notice_list",
                "notices.view_noticelog",
                shortcut=True,
                description="下发通知、转发文件，查看签收和反馈",
            ),
            NavItem("签收情况", "notices:receipt_list", "notices.view_noticelog"),
            NavItem(
                "收件箱",
                "notices:inbox",
                "notices.change_noticeaddressee",
                shortcut=True,
                description="教育局下发的通知：阅读、签收、反馈",
            ),
        ),
        order=15,
    )
]
