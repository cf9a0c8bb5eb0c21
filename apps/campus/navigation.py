from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "法治进校园",
        (
            NavItem(
                "学校法治工作",
                "campus:home",
                "campus.add_event",
                shortcut=True,
                description="记录本校活动（可手机拍照上传），查看法治副校长和整改事项",
            ),
            NavItem("活动记录", "campus:event_list", "campus.view_event"),
            NavItem(
                "宣传活动汇总",
                "campus:rollup",
                "campus.change_appointment",
                shortcut=True,
                description="宪法宣传周等活动：哪些学校参加、活动类型、参与人次",
            ),
            NavItem("法治副校长配备", "campus:coverage", "campus.change_appointment"),
            NavItem("法治副校长/辅导员", "campus:appointment_list", "campus.view_appointment"),
            NavItem("聘任批次", "campus:appointmentbatch_list", "campus.change_appointmentbatch"),
            NavItem("年度评价", "campus:evaluation_list", "campus.view_evaluation"),
            NavItem("竞赛", "campus:competition_list", "campus.view_competition"),
            NavItem("参赛学生", "campus:entry_list", "campus.view_entry"),
            NavItem("先进校创建", "campus:creationcampaign_list", "campus.view_creationcampaign"),
            NavItem("创建检查", "campus:review_list", "campus.view_review"),
            NavItem("整改事项", "campus:rectificationitem_list", "campus.view_rectificationitem"),
        ),
        order=20,
    )
]
