from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "学法",
        (
            NavItem(
                "学法活动",
                "study:studysession_list",
                "study.view_studysession",
                shortcut=True,
                description="中心组学习、主题党日、机关大讲堂、执法人员培训及出席情况",
            ),
            NavItem("学法记录", "study:attendance_list", "study.view_attendance"),
            NavItem("年度学法统计", "study:summary", "study.view_studysession"),
        ),
        order=20,
    )
]
