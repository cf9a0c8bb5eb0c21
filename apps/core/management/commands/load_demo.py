"""`python manage.py load_demo`: the 高平市 demo data of every app, from fixtures/gaoping/.

Each app contributes its part in its own `demo.py` (`load(stdout)`), called here in
INSTALLED_APPS order (apps.core.seams.app_modules), so a base app's rows exist before
the apps that refer to them, and a new app adds its demo data without editing this
file. Idempotent (every app matches rows by natural key and saves only what differs);
all of it in one transaction under `pghistory.context(reason="演示数据")`.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.seams import app_modules


class Command(BaseCommand):
    help = "载入高平市演示数据（名录库、变更记录、教职员工、演示账号及各应用的演示数据）；可重复运行。"

    def handle(self, *args, **options):
        created: dict[str, int] = {}
        updated: dict[str, int] = {}
        with transaction.atomic(), pghistory.context(reason="演示数据"):
            for _config, module in app_modules("demo"):
                # An app's load() may return its DemoLoader: its counts join the summary.
                loader = module.load(self.stdout)
                for total, counts in ((created, getattr(loader, "created", {})), (updated, getattr(loader, "updated", {}))):
                    for label, n in counts.items():
                        total[label] = total.get(label, 0) + n
        written = "，".join(f"{k}{v}条" for k, v in created.items()) or "无"
        changed = "，".join(f"{k}{v}条" for k, v in updated.items()) or "无"
        self.stdout.write(self.style.SUCCESS("高平市演示数据已载入。"))
        self.stdout.write(f"本次新增：{written}；本次更新：{changed}。")
        self.stdout.write("演示账号密码均为 " + self.style.WARNING(settings.DEMO_PASSWORD))
