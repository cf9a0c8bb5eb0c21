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
from apps.core.pinyin import search_key
from apps.registry.models import Bureau

from . import services
from .choices import DocumentKind, DocumentStatus, ReviewConclusion, ReviewKind
from .dictionary import DOCUMENT_TOPIC, ISSUING_BODY
from .models import CleanupCampaign, Document, DocumentReview, Law
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
    # Report part 五: the two supervision 办法, the clean-up's notice, the catalogue's adjustment.
    ("高平市学校教师分级分类监管办法", DocumentKind.MEASURES, BUREAU, datetime.date(2024, 6, 18), "依法治校"),
    ("高平市学科类校外培训机构信用分级分类管理办法", DocumentKind.MEASURES, BUREAU, datetime.date(2024, 7, 10), "依法治校"),
    (
        "高平市公平竞争审查工作联席会议办公室关于开展妨碍统一市场和公平竞争政策措施清理工作的通知",
        DocumentKind.NOTICE,
        "高平市公平竞争审查工作联席会议办公室",
        datetime.date(2024, 4, 12),
        "公平竞争审查",
    ),
    ("高平市教育局关于调整行政权责清单的通知", DocumentKind.NOTICE, BUREAU, datetime.date(2024, 9, 20), "依法治校"),
)

NUMBERS = {
    "高平市公平竞争审查工作联席会议办公室关于开展妨碍统一市场和公平竞争政策措施清理工作的通知": "高市竞争联办发〔2024〕2号",
    "高平市学校教师分级分类监管办法": "高教发〔2024〕21号",
    "高平市学科类校外培训机构信用分级分类管理办法": "高教发〔2024〕25号",
    "高平市教育局关于调整行政权责清单的通知": "高教发〔2024〕36号",
}

# The documents the bureau made from January 2021 to December 2023, which the 2024
# clean-up (高市竞争联办发〔2024〕2号) reviewed: (title, number, kind, issued on,
# touches market activity, the clean-up's decision, its reason).
CLEANUP_SCOPE = (
    (
        "高平市教育局关于规范中小学办学行为的若干规定",
        "高教发〔2021〕8号",
        DocumentKind.NORMATIVE,
        datetime.date(2021, 3, 15),
        False,
        "continue",
        "不含妨碍统一市场和公平竞争的内容，继续有效。",
    ),
    (
        "高平市民办学校年度检查实施办法",
        "高教发〔2021〕27号",
        DocumentKind.NORMATIVE,
        datetime.date(2021, 9, 1),
        True,
        "revise",
        "年检材料要求中有限定本地机构出具证明的条款，需修改。",
    ),
    (
        "高平市校外培训机构收费管理暂行规定",
        "高教发〔2022〕5号",
        DocumentKind.NORMATIVE,
        datetime.date(2022, 2, 20),
        True,
        "repeal",
        "收费政策已由上级统一规定，部分条款限制经营者自主定价，予以废止。",
    ),
    (
        "高平市教育局关于进一步加强中小学生作业管理的通知",
        "高教发〔2021〕33号",
        DocumentKind.NOTICE,
        datetime.date(2021, 10, 11),
        False,
        "continue",
        "不涉及市场主体经济活动，继续有效。",
    ),
    (
        "高平市2022年义务教育阶段学校招生工作方案",
        "高教发〔2022〕18号",
        DocumentKind.PLAN,
        datetime.date(2022, 5, 16),
        False,
        "invalidate",
        "年度招生方案已执行完毕，宣布失效。",
    ),
    (
        "高平市2023年义务教育阶段学校招生实施方案",
        "高教发〔2023〕16号",
        DocumentKind.PLAN,
        datetime.date(2023, 5, 18),
        False,
        "invalidate",
        "年度招生方案已执行完毕，宣布失效。",
    ),
    (
        "高平市教育局行政权责清单（2023年版）",
        "高教发〔2023〕20号",
        DocumentKind.LIST,
        datetime.date(2023, 6, 30),
        False,
        "continue",
        "权责清单按调整程序动态管理，继续有效。",
    ),
    (
        "高平市教育系统行政执法公示办法",
        "高教发〔2023〕31号",
        DocumentKind.NORMATIVE,
        datetime.date(2023, 9, 1),
        False,
        "continue",
        "不含妨碍统一市场和公平竞争的内容，继续有效。",
    ),
)

CLEANUP = {
    "title": "妨碍统一市场和公平竞争的政策措施清理",
    "basis_title": "高平市公平竞争审查工作联席会议办公室关于开展妨碍统一市场和公平竞争政策措施清理工作的通知",
    "basis_number": "高市竞争联办发〔2024〕2号",
    "scope_from": datetime.date(2021, 1, 1),
    "scope_to": datetime.date(2023, 12, 31),
    "started_on": datetime.date(2024, 4, 15),
    "summary": "按照市场监管总局等四部门《关于开展妨碍统一市场和公平竞争的政策措施清理工作的通知》精神，"
    "组织专人对2021年1月至2023年12月制定的文件、函件进行排查梳理和审查，及时清理过期规范性文件。",
}
CLEANUP_PUBLISHED_ON = datetime.date(2024, 6, 28)
REVIEWER = "高平市教育局政策法规股"

# National entries the demo catalogue's legal bases cite, beyond the seeded ones.
EXTRA_LAWS = (
    ("教师资格条例实施办法", "", "rule", "教育部", datetime.date(2000, 9, 23), datetime.date(2000, 9, 23)),
    ("中小学生学籍管理办法", "", "normative", "教育部", datetime.date(2013, 8, 11), datetime.date(2013, 9, 1)),
    ("中小学教师资格定期注册暂行办法", "", "normative", "教育部", datetime.date(2013, 8, 15), datetime.date(2013, 8, 15)),
    ("教育督导条例", "", "admin_regulation", "国务院", datetime.date(2012, 9, 9), datetime.date(2012, 10, 1)),
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
        document = Document(
            title=title, number=NUMBERS.get(title, ""), kind=kind, issuer=issuer, issued_on=issued_on, effective_from=issued_on
        )
        topics = DictionaryItem.objects.filter(bureau=county, kind=DOCUMENT_TOPIC, label=topic)
        # The trail names 法规股 as the writer, beside load_demo's reason.
        with pghistory.context(user=author.pk):
            document_save(document=document, by=author, topics=topics)
        demo.created[label] = demo.created.get(label, 0) + 1
        added += 1
    return added


def _laws(demo: DemoLoader) -> None:
    """National entries (no bureau): kept by the system administrator."""

    for name, short_name, level, body, promulgated, effective in EXTRA_LAWS:
        law = Law.objects.filter(name=name, bureau__isnull=True).first() or Law()
        values = {
            "name": name,
            "short_name": short_name,
            "level": level,
            "issuing_body": body,
            "promulgated_on": promulgated,
            "effective_on": effective,
            "search_text": search_key(name, short_name),
        }
        demo.sync(law, values)


def _cleanup(demo: DemoLoader, county: Bureau) -> None:
    """The documents of 2021-2023, their reviews, and the 2024 clean-up with its decisions,
    published: through the services, as 法规股 does it."""

    author = User.objects.get(username="fagui")
    if CleanupCampaign.objects.filter(bureau=county, title=CLEANUP["title"]).exists():
        return
    with pghistory.context(user=author.pk):
        documents = {}
        for title, number, kind, issued_on, market, _, _ in CLEANUP_SCOPE:
            document = Document.objects.filter(bureau=county, title=title).first()
            if document is None:
                normative = kind == DocumentKind.NORMATIVE
                document = Document(
                    title=title,
                    number=number,
                    kind=kind,
                    issuer=BUREAU,
                    issued_on=issued_on,
                    effective_from=issued_on,
                    # 规范性文件 run five years at most.
                    effective_to=issued_on.replace(year=issued_on.year + 5) - datetime.timedelta(days=1) if normative else None,
                    touches_market=market,
                    status=DocumentStatus.DRAFT,
                )
                document_save(document=document, by=author)
                if normative:
                    services.review_add(
                        document=document,
                        by=author,
                        review=DocumentReview(
                            kind=ReviewKind.LEGALITY,
                            conclusion=ReviewConclusion.PASSED,
                            reviewer=REVIEWER,
                            reviewed_on=issued_on - datetime.timedelta(days=7),
                            opinion="制定主体、程序和内容合法。",
                        ),
                    )
                if market:
                    services.review_add(
                        document=document,
                        by=author,
                        review=DocumentReview(
                            kind=ReviewKind.FAIR_COMPETITION,
                            touches_market=True,
                            conclusion=ReviewConclusion.PASSED,
                            reviewer=REVIEWER,
                            reviewed_on=issued_on - datetime.timedelta(days=5),
                            opinion="经审查，未发现违反公平竞争审查标准的内容。",
                        ),
                    )
                document = services.document_issue(document=document, by=author)
                demo.created["文件"] = demo.created.get("文件", 0) + 1
            documents[title] = document
        campaign = services.cleanup_save(campaign=CleanupCampaign(**CLEANUP), by=author)
        for title, _, _, _, _, decision, reason in CLEANUP_SCOPE:
            services.cleanup_decide(
                campaign=campaign,
                document=documents[title],
                by=author,
                decision=decision,
                reviewer=REVIEWER,
                reason=reason,
                decided_on=datetime.date(2024, 5, 20),
            )
        services.cleanup_publish(campaign=campaign, by=author, published_on=CLEANUP_PUBLISHED_ON)
    demo.created["专项清理"] = demo.created.get("专项清理", 0) + 1


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    county = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    for kind, labels in ITEMS.items():
        for order, label in enumerate(labels, start=1):
            item = DictionaryItem.objects.filter(bureau=county, kind=kind, label=label).first() or DictionaryItem()
            demo.sync(item, {"bureau_id": county.pk, "kind": kind, "label": label, "sort_order": order, "is_active": True})
    _laws(demo)
    added = _documents(demo, county)
    _cleanup(demo, county)
    stdout.write(
        f"文件主题：{len(ITEMS[DOCUMENT_TOPIC])}项；发文机关：{len(ITEMS[ISSUING_BODY])}项；2024年文件：新增 {added} 件；"
        f"专项清理：{CLEANUP['title']}（{len(CLEANUP_SCOPE)}件文件）"
    )
    return demo
