"""The 文件库's demo data: 高平's 文件主题 and 发文机关 lists (字典管理), and the
documents behind the 2024 report (the March 工作要点 and 职责清单, the 十项要求 it
forwarded, the 欺凌 方案 and 检查清单, the 2024 admission documents), written by 法规股
(`fagui`) through `services.document_save`. Runs after the registry and accounts demo
(`manage.py load_demo`, INSTALLED_APPS order) and before notices, which sends them.
A document is matched by its bureau and title, so running it again adds nothing."""

from __future__ import annotations

import datetime

import pghistory

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader
from apps.core.models import DictionaryItem
from apps.registry.models import Bureau

from .choices import DocumentKind
from .dictionary import DOCUMENT_TOPIC, ISSUING_BODY
from .models import Document
from .services import document_save

ITEMS = {
    DOCUMENT_TOPIC: ("依法治校", "校园安全", "公平竞争审查", "法治宣传教育"),
    ISSUING_BODY: ("高平市教育局", "高平市人民政府", "晋城市教育局"),
}

BUREAU = "高平市教育局"
# (title, kind, issuer, issued on, topic): the titles the report names.
DOCUMENTS_2024 = (
    ("2024年全市学校安全稳定法治工作要点", DocumentKind.WORK_POINTS, BUREAU, datetime.date(2024, 3, 8), "依法治校"),
    (
        "高平市教育局2023年度党政主要负责人履行推进法治建设第一责任人职责清单",
        DocumentKind.LIST,
        BUREAU,
        datetime.date(2024, 3, 8),
        "依法治校",
    ),
    (
        "中小学校园暴力与学生欺凌防治治理专项行动“十项要求”",
        DocumentKind.NOTICE,
        "上级教育行政部门",
        datetime.date(2024, 3, 20),
        "校园安全",
    ),
    ("加强中小学生欺凌综合治理方案", DocumentKind.PLAN, BUREAU, datetime.date(2024, 4, 2), "校园安全"),
    ("中小学防治校园暴力与学生欺凌检查清单", DocumentKind.LIST, BUREAU, datetime.date(2024, 4, 2), "校园安全"),
    ("高平市2024年义务教育阶段学校招生实施方案", DocumentKind.PLAN, BUREAU, datetime.date(2024, 5, 20), "依法治校"),
    ("高平市2024年市区小学学区划分方案", DocumentKind.PLAN, BUREAU, datetime.date(2024, 5, 20), "依法治校"),
    ("关于做好2024年度初中入学工作的意见", DocumentKind.NORMATIVE, BUREAU, datetime.date(2024, 5, 20), "依法治校"),
)


def _documents(demo: DemoLoader, county: Bureau) -> int:
    """The 2024 documents not there yet, through the service as 法规股 writes them."""

    author = User.objects.get(username="fagui")
    have = set(Document.objects.filter(bureau=county).values_list("title", flat=True))
    label = str(Document._meta.verbose_name)
    added = 0
    for title, kind, issuer, issued_on, topic in DOCUMENTS_2024:
        if title in have:
            continue
        document = Document(title=title, kind=kind, issuer=issuer, issued_on=issued_on, effective_from=issued_on)
        topics = DictionaryItem.objects.filter(bureau=county, kind=DOCUMENT_TOPIC, label=topic)
        # The trail names 法规股 as the writer, beside load_demo's reason.
        with pghistory.context(user=author.pk):
            document_save(document=document, by=author, topics=topics)
        demo.created[label] = demo.created.get(label, 0) + 1
        added += 1
    return added


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    for kind, labels in ITEMS.items():
        for order, label in enumerate(labels, start=1):
            item = DictionaryItem.objects.filter(bureau=county, kind=kind, label=label).first() or DictionaryItem()
            demo.sync(item, {"bureau_id": county.pk, "kind": kind, "label": label, "sort_order": order, "is_active": True})
    added = _documents(demo, county)
    stdout.write(f"文件主题：{len(ITEMS[DOCUMENT_TOPIC])}项；发文机关：{len(ITEMS[ISSUING_BODY])}项；2024年文件：新增 {added} 件")
    return demo
