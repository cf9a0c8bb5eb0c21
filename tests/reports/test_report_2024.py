"""The demo's 2024 report, built from the records of every app, states every figure and
fact of the report the bureau published (../shared/reference/gaoping-2024-…): each
phrase below is in the generated text, with its figures computed, none typed in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from apps.reports.figures import Figure, render_plain
from apps.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

# By part of the 2024 report: what its text says, as the generated text must say it.
EXPECTED = {
    "一": [
        "2024年3月，教育局印发了《2024年全市学校安全稳定法治工作要点》《高平市教育局2023年度党政主要负责人履行推进法治建设第一责任人职责清单》等指导性文件",
        "签订《2024年度学校安全综治法治工作目标责任承诺书》",
        "定期召开安全法治工作例会",
    ],
    "二（一）": [
        "利用每周五中心组会议",
        "认真学习《习近平法治思想学习纲要》",
        "《中国共产党纪律处分条例》",
        "《中华人民共和国反有组织犯罪法》",
        "《中华人民共和国民法典》",
        "《山西省平安建设条例》",
        "行政执法大讲堂",
        "高平市2024年度行政执法人员公共法律知识培训",
    ],
    "二（二）": [
        "预防未成年人犯罪",
        "防电信诈骗",
        "防校园欺凌",
        "宪法宣誓",
        "宪法晨读",
        "学宪法讲宪法",
        "遴选3名选手代表晋城市",
        "丁晨熙",
        "二等奖",
        "张锦依",
        "三等奖",
    ],
    "二（三）": ["高平二中", "高平六中", "东方红小学", "晋城市关工委", "3所学校不断查缺补漏"],
    "三（一）": ["2024年8月", "市委政法委", "法治副校长", "交通安全辅导员"],
    "三（二）": [
        "我局制定了《加强中小学生欺凌综合治理方案》《中小学防治校园暴力与学生欺凌检查清单》",
        "十项要求",
        "四不两直",
        "4月20日",
        "高平六中",
        "500",
        "董新良",
    ],
    "三（三）": ["教育局组织123所中小学和幼儿园所有教师、后勤人员、保安开展了违法犯罪记录查询", "师德师风"],
    "四": ["认真组织学习了《中华人民共和国反有组织犯罪法》", "师德宣讲"],
    "五": [
        "其中行政许可5项、行政确认7项、行政处罚10项、行政奖励4项、行政给付1项、其他行政事项12项",
        "制定了《高平市学校教师分级分类监管办法》《高平市学科类校外培训机构信用分级分类管理办法》",
        "高市竞争联办发〔2024〕2号",
        "2021年1月",
        "2023年12月",
        "《高平市2024年义务教育阶段学校招生实施方案》",
        "《高平市2024年市区小学学区划分方案》",
        "《关于做好2024年度初中入学工作的意见》",
        "2024年我市小学共录取新生4420人，通过线上录取4402人，线上录取率达到99.6%",
        "中小学教育装备产品",
        "学校食堂食品安全",
        "民办学校招生",
        "分别于5月、10月委派执法人员对全市13所学校进行了检查，检查发现被检查学校不存在违法违规行为",
        "高平市政府官网",
        "2024年9月",
        "撤并",
        "完善了高中、初中、小学、幼儿园、九年一贯制、民办学校、学校食堂等分库",
    ],
}


def test_the_published_2024_report_states_the_reference_facts(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    report = AnnualReport.objects.get(bureau__region_code="140581", year=2024)
    figures = {key: Figure.from_json(data) for key, data in report.snapshot["figures"].items()}
    text = "".join("".join(render_plain(part["text"], figures)) for part in report.snapshot["sections"])
    missing = {part: [p for p in phrases if p not in text] for part, phrases in EXPECTED.items()}
    missing = {part: phrases for part, phrases in missing.items() if phrases}
    assert not missing, missing
    assert "【缺少数据" not in text
