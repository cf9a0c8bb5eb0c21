from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "责任落实",
        (
            NavItem(
                "承诺书签订",
                "pledges:campaign_list",
                "pledges.view_campaign",
                shortcut=True,
                description="年度目标责任承诺书：发起签订，查看各校签订情况",
            ),
            NavItem("各校承诺书", "pledges:pledge_list", "pledges.view_campaign"),
            NavItem(
                "本校承诺书",
                "pledges:pledge_list",
                "pledges.sign_pledge",
                shortcut=True,
                description="签订本校的目标责任承诺书，上传签字盖章扫描件",
            ),
            NavItem(
                "安全法治工作例会",
                "pledges:meeting_list",
                "pledges.view_meeting",
                shortcut=True,
                description="例会记录、纪要和决定事项",
            ),
            NavItem("例会决定事项", "pledges:decision_list", "pledges.view_decision"),
        ),
        order=20,
    )
]
