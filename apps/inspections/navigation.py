from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "双随机、一公开",
        (
            NavItem(
                "检查结果",
                "inspections:inspection_list",
                "inspections.view_inspection",
                shortcut=True,
                description="抽中的检查对象、检查结果、整改和公示期限",
            ),
            NavItem(
                "抽查计划",
                "inspections:plan_list",
                "inspections.view_plan",
                shortcut=True,
                description="年度计划、抽查任务和抽取",
            ),
            NavItem("抽取记录", "inspections:draw_list", "inspections.view_draw"),
            NavItem("随机抽查事项清单", "inspections:inspectionitem_list", "inspections.view_inspectionitem"),
            NavItem("执法人员名录库", "inspections:inspector_list", "inspections.view_inspector"),
            NavItem("节假日与调休", "inspections:calendarday_list", "inspections.change_calendarday"),
            NavItem("双随机公开设置", "inspections:setting", "inspections.change_inspectionsetting"),
        ),
        order=30,
    )
]
