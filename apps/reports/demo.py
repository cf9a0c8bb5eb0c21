"""The 2024 annual report of 高平市教育局, built from the demo records by `fagui`,
reviewed and published by `admin` as the bureau published it on 2025-02-26, so that a
visitor of the demo finds it on the public site. Runs after every other app's demo (the
reports app is the last installed); idempotent: an existing 2024 report is left alone."""

from __future__ import annotations

import datetime

import pghistory
from django.db import transaction

from apps.accounts.models import User
from apps.registry.models import Bureau

from . import services
from .choices import OutlineKind
from .models import AnnualReport

COUNTY = "140581"
YEAR = 2024
PUBLISHED_ON = datetime.date(2025, 2, 26)

# Part 六 is written by hand (the data cannot write next year's plans): the bureau's own words.
NEXT_YEAR = """2025年，我局将坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻习近平总书记关于教育的重要论述精神，按照法治政府建设的总体部署和要求，进一步提高认识，强化措施，狠抓落实，推动全市教育系统法治政府建设再上新台阶。
（一）加强理论学习。继续深入学习习近平法治思想，利用各种阵地，部署开展多种形式的学习贯彻活动，引导教育系统全体党员干部自觉以习近平法治思想武装头脑、指导实践、推动工作。
（二）规范执法行为。继续加强对教育政策法规的学习贯彻和对执法用法的培训，提高干部自觉运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力。进一步完善行政执法程序，对行政执法环节、工作步骤进行具体规范，切实做到流程清晰、要求具体、期限明确。加强行政执法人员资格管理，全面落实“谁执法、谁普法”的普法责任制，加强以案释法，自觉接受社会监督。
（三）深化普法教育。建立常态化工作机制，加强法治队伍建设，以专业力量加强对青少年的法治教育，继续聘任中小学法治副校长共同参与学校安全管理，保护学生权益。进一步推进法治进校园活动，充分发挥校园主阵地作用，利用微信公众号、LED屏、宣传栏、校园广播、国旗下讲话等形式开展普法宣传教育，营造良好的法治教育氛围。充分发挥道德与法治课和思想政治课在法治教育中的重要作用，全面提升青少年学生的法治意识和法律素养。
（四）加强青少年保护。认真做好预防未成年人违法犯罪相关工作，建立健全学校预防未成年人违法犯罪工作体制机制，持续推进校风校纪专项教育整顿工作，引导广大师生牢固树立法纪意识和规矩意识，着力保护未成年人身心健康，大力推广建设青少年维权站，切实保障未成年人合法权益。"""


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY)
    if AnnualReport.objects.filter(bureau=bureau, year=YEAR).exists():
        stdout.write("  年度报告：2024年度报告已存在")
        return
    author = User.objects.get(username="fagui")
    reviewer = User.objects.get(username="admin")
    with transaction.atomic(), pghistory.context(reason="演示数据"):
        outline = next(o for o in services.outlines_for(bureau) if o.kind == OutlineKind.ANNUAL)
        report = services.create_report(by=author, year=YEAR, outline=outline)
        for section in report.sections.filter(requires_text=True, text=""):
            services.save_section(by=author, section=section, text=NEXT_YEAR, version=section.version)
        report = services.submit(by=author, report=report)
        report = services.review(
            by=reviewer, report=report, conclusion="经审查，报告不涉及国家秘密和工作秘密，同意公开。", approve=True
        )
        AnnualReport.objects.filter(pk=report.pk).update(
            published_on=PUBLISHED_ON, reviewed_on=PUBLISHED_ON - datetime.timedelta(days=2)
        )
    stdout.write("  年度报告：2024年度报告已生成并发布（2025-02-26）")
