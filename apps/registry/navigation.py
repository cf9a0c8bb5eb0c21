from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "名录库",
        (
            NavItem(
                "监管对象",
                "registry:entity_list",
                "registry.view_entity",
                shortcut=True,
                description="学校、幼儿园、食堂、培训机构",
            ),
            NavItem("名录变更记录", "registry:entitychange_list", "registry.view_entity"),
            NavItem("历史名录查询", "registry:entity_as_of", "registry.view_entity"),
            NavItem("教职员工", "registry:person_list", "registry.view_person", shortcut=True, description="各校教职员工名册"),
        ),
        order=10,
    )
]

# The bureau admin's own portal settings, and the city's code conflicts.
MENU += [
    NavGroup("系统管理", (NavItem("本局门户设置", "registry:bureau_site", "registry.change_bureau"),), order=900),
    NavGroup("名录库", (NavItem("跨局代码冲突", "registry:conflict_list", "registry.view_conflict"),), order=10),
]
