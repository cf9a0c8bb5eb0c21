"""The 文件库's demo data: 高平's 文件主题 and 发文机关 lists (字典管理), after the
registry's part has created the bureau (`manage.py load_demo`, INSTALLED_APPS order)."""

from __future__ import annotations

from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.core.models import DictionaryItem
from apps.registry.models import Bureau

from .dictionary import DOCUMENT_TOPIC, ISSUING_BODY

ITEMS = {
    DOCUMENT_TOPIC: ("依法治校", "校园安全", "公平竞争审查", "法治宣传教育"),
    ISSUING_BODY: ("高平市教育局", "高平市人民政府", "晋城市教育局"),
}


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    for kind, labels in ITEMS.items():
        for order, label in enumerate(labels, start=1):
            item = DictionaryItem.objects.filter(bureau=county, kind=kind, label=label).first() or DictionaryItem()
            demo.sync(item, {"bureau_id": county.pk, "kind": kind, "label": label, "sort_order": order, "is_active": True})
    stdout.write(f"文件主题：{len(ITEMS[DOCUMENT_TOPIC])}项；发文机关：{len(ITEMS[ISSUING_BODY])}项")
    return demo
