"""The two built-in outlines a bureau starts from. They are copied into the bureau's own
rows (Outline, OutlineSection) the first time it makes a report; from then on they are
its data, edited in the portal (titles, order, the facts feeding each section)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .choices import OutlineKind

NEXT_YEAR_GUIDANCE = (
    "写明下一年度推进法治政府建设的主要安排：理论学习、规范执法、普法教育、青少年保护等，每项写清要做什么、怎么做。"
)
ALL_APPS = (
    "pledges", "notices", "study", "campus", "bullying", "screening",
    "powers", "documents", "admissions", "inspections", "registry",
)  # fmt: skip
SHORTCOMINGS_GUIDANCE = "实事求是写明本年度工作存在的不足和原因，不要只写成绩。"


@dataclass(frozen=True)
class SectionSpec:
    title: str
    level: int = 1
    facts: tuple[str, ...] = ()
    template: str = ""
    guidance: str = ""
    requires_text: bool = False


@dataclass(frozen=True)
class OutlineSpec:
    kind: str
    name: str
    sections: tuple[SectionSpec, ...] = field(default_factory=tuple)


ANNUAL = OutlineSpec(
    OutlineKind.ANNUAL,
    "年度报告（六个部分）",
    (
        SectionSpec("", 0, template="intro", guidance="报告的导语：本年度法治政府建设的总体情况。"),
        SectionSpec("一、压实“谁执法、谁普法”工作责任", 1, ("pledges", "notices"), "duties"),
        SectionSpec("二、抓细抓实教育系统“八五”普法工作", 1),
        SectionSpec("（一）严格落实机关工作人员学法制度", 2, ("study",), "study"),
        SectionSpec(
            "（二）扎实开展“法治进校园”活动",
            2,
            ("campus.events", "campus.campaign", "campus.competitions", "campus.entries", "campus.awards"),
            "campus_events",
        ),
        SectionSpec("（三）推进青少年法治安全教育先进校创建", 2, ("campus.creation",), "campus_model_schools"),
        SectionSpec("三、强化学校未成年人保护工作", 1),
        SectionSpec("（一）完善学校依法治理体系建设", 2, ("campus.appointments",), "campus_appointments"),
        SectionSpec("（二）扎实推进预防校园暴力与学生欺凌工作", 2, ("bullying",), "bullying"),
        SectionSpec("（三）开展教职员工准入违法犯罪信息查询", 2, ("screening",), "screening"),
        SectionSpec("四、深入开展教育系统常态化扫黑除恶工作", 1, ("study.anti_gang", "campus.events.ethics"), "anti_crime"),
        SectionSpec(
            "五、深化依法行政能力和执法水平提升",
            1,
            ("powers", "documents", "admissions", "inspections", "registry"),
            "administration",
        ),
        SectionSpec("六、{next_year}年推进法治政府建设工作安排", 1, guidance=NEXT_YEAR_GUIDANCE, requires_text=True),
    ),
)

INSPECTION = OutlineSpec(
    OutlineKind.INSPECTION,
    "年度报告（督察工作规定五项）",
    (
        SectionSpec("", 0, template="intro"),
        SectionSpec(
            "一、主要举措和成效",
            1,
            (
                "pledges",
                "notices",
                "study",
                "campus",
                "bullying",
                "screening",
                "powers",
                "documents",
                "admissions",
                "inspections",
                "registry",
            ),
            "generic",
        ),
        SectionSpec("二、存在的不足和原因", 1, guidance=SHORTCOMINGS_GUIDANCE, requires_text=True),
        SectionSpec(
            "三、党政主要负责人履行推进法治建设第一责任人职责情况",
            1,
            ("study.central_group", "pledges.guidance"),
            "generic",
            guidance="写明主要负责人带头学法、研究部署法治建设、督促落实的情况。",
        ),
        SectionSpec("四、{next_year}年推进法治政府建设工作安排", 1, guidance=NEXT_YEAR_GUIDANCE, requires_text=True),
        SectionSpec("五、其他需要报告的情况", 1, guidance="没有其他情况的，写“无”。", requires_text=True),
    ),
)

BUILT_IN = (ANNUAL, INSPECTION)
