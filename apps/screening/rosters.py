"""Writes fixtures/gaoping/staff_rosters.csv: synthetic staff for every open school and
kindergarten of the demo (the 123 of the 2024 report, 三(三)), once; the file is
committed and `demo.py` only reads it. Standard library only:

    python -m apps.screening.rosters fixtures/gaoping

Names are drawn from common surnames and given-name characters; 身份证号 carry the
region code 140599, which is assigned to no county (晋城市's codes end at 140581), a
real birth date and a valid GB 11643 check digit: valid numbers that belong to no one.
"""

from __future__ import annotations

import csv
import datetime
import random
import sys
from pathlib import Path

REGION = "140599"  # 晋城市 has no county 99: no real person holds these numbers
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘"
    "杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文牛申"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏飞志宏海燕晓东亮婷雪梅琳慧颖晨欣宇"
    "浩然俊峰凯佳怡思雨璐瑶鑫磊琴云凤荣春亚丹霞晶"
)
# (min, max) staff of a kind, and the share of each category among them.
SIZES = {"高中": (70, 110), "初中": (30, 55), "九年一贯制": (25, 40), "小学": (8, 24), "幼儿园": (6, 14), "民办学校": (15, 30)}
CATEGORIES = [("专任教师", 0.78), ("行政人员", 0.08), ("后勤人员", 0.09), ("保安", 0.05)]
POSITIONS = {
    "专任教师": ["语文教师", "数学教师", "英语教师", "道德与法治教师", "体育教师", "音乐教师", "美术教师", "科学教师"],
    "行政人员": ["教务干事", "德育干事", "办公室主任"],
    "后勤人员": ["食堂工作人员", "宿管员", "校医", "保洁员"],
    "保安": ["保安"],
}
KINDERGARTEN_POSITIONS = {"专任教师": ["幼儿教师", "保育员"]}
OPEN_AFTER_2024_09 = {"河西镇西沟小学", "野川镇杨家小学"}  # merged in the 2024-09 batch (changes.csv)


def resident_id(rng: random.Random, seen: set[str], gender: str, birth: datetime.date) -> str:
    while True:
        seq = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
        first17 = f"{REGION}{birth:%Y%m%d}{seq:03d}"
        number = first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=False)) % 11]
        if number not in seen:
            seen.add(number)
            return number


def main(directory: Path) -> None:
    rng = random.Random(20241015)
    with (directory / "entities.csv").open(encoding="utf-8-sig") as f:
        schools = [r for r in csv.DictReader(f) if r["类型"] in SIZES and r["名称"] not in OPEN_AFTER_2024_09]
    with (directory / "people.csv").open(encoding="utf-8-sig") as f:
        already = {r["工作单位"] for r in csv.DictReader(f)}
    seen: set[str] = set()
    rows = []
    for school in schools:
        if school["名称"] in already:
            continue  # people.csv has its staff
        low, high = SIZES[school["类型"]]
        for _ in range(rng.randint(low, high)):
            category = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
            gender = rng.choice("男女") if category != "保安" else "男"
            if school["类型"] == "幼儿园" and category == "专任教师":
                gender = "女" if rng.random() < 0.9 else "男"
            positions = (KINDERGARTEN_POSITIONS if school["类型"] == "幼儿园" else {}).get(category) or POSITIONS[category]
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 37))
            # Hired at 21 or later, from 1990, before the 2024 check.
            start = max(datetime.date(1990, 9, 1), birth.replace(year=birth.year + 21, day=min(birth.day, 28)))
            hired = start + datetime.timedelta(days=rng.randrange(0, (datetime.date(2024, 8, 31) - start).days))
            number = resident_id(rng, seen, gender, birth)
            rows.append([school["名称"], name, gender, number, category, rng.choice(positions), hired.isoformat()])
    with (directory / "staff_rosters.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["工作单位", "姓名", "性别", "身份证号", "人员类别", "职务/岗位", "入职日期"])
        writer.writerows(rows)
    print(f"{len(rows)} staff for {len({r[0] for r in rows})} schools")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "fixtures/gaoping"))
