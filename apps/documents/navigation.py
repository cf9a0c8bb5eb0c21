from apps.core.navigation import NavGroup, NavItem

MENU = [
    NavGroup(
        "文件库",
        (
            NavItem(
                "文件",
                "documents:document_list",
                "documents.view_document",
                shortcut=True,
                description="工作要点、方案、清单、规范性文件",
            ),
            NavItem(
                "法律法规库", "documents:law_list", "documents.view_law", shortcut=True, description="各项工作引用的法律法规"
            ),
            NavItem("专项清理", "documents:cleanup_list", "documents.view_cleanupcampaign"),
            NavItem("法规库维护单位", "documents:lawmaintainer_list", "documents.view_lawmaintainer"),
        ),
        order=20,
    )
]
