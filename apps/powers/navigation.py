from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "依法行政",
        (
            NavItem(
                "权责清单",
                "powers:poweritem_list",
                "powers.view_poweritem",
                shortcut=True,
                description="行政权力和责任事项、法律依据、清单调整",
            ),
            NavItem("清单调整记录", "powers:adjustment_list", "powers.view_adjustment"),
            NavItem("培训机构信用等级", "powers:creditgrade_list", "powers.view_creditgrade"),
        ),
        order=30,
    )
]
