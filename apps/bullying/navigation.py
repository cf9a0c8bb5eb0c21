from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "欺凌防治",
        (
            NavItem(
                "自查轮次",
                "bullying:round_list",
                "bullying.view_round",
                shortcut=True,
                description="发起学校自查，查看各校填报、审核与整改",
            ),
            NavItem(
                "学校自查",
                "bullying:selfinspection_list",
                "bullying.change_selfinspection",
                shortcut=True,
                description="填报本校防治校园欺凌自查表，答复整改意见",
            ),
            NavItem("检查清单", "bullying:checklist_list", "bullying.view_checklist"),
            NavItem("督查", "bullying:spotcheck_list", "bullying.view_spotcheck"),
            NavItem("督查结果", "bullying:spotcheckvisit_list", "bullying.view_spotcheckvisit"),
            NavItem("整改事项", "bullying:rectification_list", "bullying.view_rectification"),
            NavItem("培训", "bullying:training_list", "bullying.view_training"),
            NavItem("欺凌事件档案", "bullying:incident_list", "bullying.view_incident"),
        ),
        order=20,
    )
]
