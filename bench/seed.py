"""Synthetic registry data at county or province scale, loaded with COPY.

Every distribution is random (seeded, so two runs build the same rows), never modular:
a made-up pattern where a filter matches nothing misleads the planner (PERFORMANCE.md).
Rows are written with `session_replication_role = replica`, which skips pghistory's
row triggers (and the FK triggers: the generator keeps the references valid itself);
the insert events those triggers would have written are then added in one
`INSERT … SELECT` per table, so history queries run against event tables of the real
size. Secondary indexes are dropped during COPY and rebuilt once afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import psycopg
from psycopg import sql

from apps.core.crypto import keys_for
from apps.core.pinyin import search_key, sort_key
from apps.core.validators import mask_resident_id, resident_id_check_digit, uscc_with_check

from .db import connect

# Bump when the generator changes: a seeded database with another version is rebuilt.
GENERATOR_VERSION = 5
USER_REGION = "140581"  # 高平市教育局: the bench user is bureau_admin here


@dataclass(frozen=True)
class BureauSpec:
    region_code: str
    name: str
    parent: str | None
    share: float  # expected share of the entities (and so of the people)


@dataclass(frozen=True)
class Scale:
    name: str
    entities: int
    people: int
    bureaus: tuple[BureauSpec, ...]
    seed: int
    towns: tuple[str, ...] = field(default=())

    def signature(self) -> dict:
        return {"version": GENERATOR_VERSION, **asdict(self)}


GAOPING_TOWNS = (
    "米山", "三甲", "神农", "陈区", "北诗", "河西", "马村", "野川", "寺庄", "建宁", "石末", "原村",
    "永录", "东城", "南城", "北城",
)  # fmt: skip

COUNTY = Scale(
    name="county",
    entities=123,
    people=5_000,
    bureaus=(
        BureauSpec("140500", "晋城市教育局", None, 0.0),
        BureauSpec("140581", "高平市教育局", "140500", 1.0),
    ),
    seed=20240901,
)

# 11 bureaus: two cities and nine of their counties; 高平 holds about a tenth of the rows.
PROVINCE = Scale(
    name="province",
    entities=20_000,
    people=800_000,
    bureaus=(
        BureauSpec("140500", "晋城市教育局", None, 0.03),
        BureauSpec("140502", "晋城市城区教育局", "140500", 0.09),
        BureauSpec("140521", "沁水县教育局", "140500", 0.07),
        BureauSpec("140522", "阳城县教育局", "140500", 0.11),
        BureauSpec("140524", "陵川县教育局", "140500", 0.07),
        BureauSpec("140525", "泽州县教育局", "140500", 0.13),
        BureauSpec("140581", "高平市教育局", "140500", 0.10),
        BureauSpec("140400", "长治市教育局", None, 0.03),
        BureauSpec("140403", "长治市潞州区教育局", "140400", 0.14),
        BureauSpec("140404", "长治市上党区教育局", "140400", 0.12),
        BureauSpec("140406", "长治市潞城区教育局", "140400", 0.11),
    ),
    seed=20240902,
)

SCALES = {s.name: s for s in (COUNTY, PROVINCE)}

# Surnames with their approximate share of the population (per cent), Shanxi's common
# ones (郭 武 牛 靳 申 常) included, and some of the readings pypinyin gets wrong.
SURNAMES = {
    "王": 7.3, "李": 7.2, "张": 6.8, "刘": 5.4, "陈": 4.5, "杨": 3.1, "赵": 2.3, "黄": 2.2, "吴": 2.0,
    "周": 2.0, "徐": 1.5, "孙": 1.4, "马": 1.3, "朱": 1.3, "胡": 1.2, "郭": 1.6, "何": 1.0, "高": 1.0,
    "林": 0.9, "罗": 0.9, "郑": 0.8, "梁": 0.8, "谢": 0.7, "宋": 0.6, "唐": 0.6, "许": 0.6, "韩": 0.6,
    "冯": 0.6, "邓": 0.5, "曹": 0.5, "彭": 0.5, "曾": 0.5, "肖": 0.5, "田": 0.5, "董": 0.5, "袁": 0.4,
    "潘": 0.4, "于": 0.4, "蒋": 0.4, "蔡": 0.4, "余": 0.4, "杜": 0.4, "叶": 0.4, "程": 0.4, "苏": 0.4,
    "魏": 0.3, "吕": 0.3, "丁": 0.3, "任": 0.3, "沈": 0.3, "姚": 0.3, "卢": 0.3, "姜": 0.3, "崔": 0.3,
    "钟": 0.2, "谭": 0.2, "陆": 0.2, "汪": 0.2, "范": 0.2, "金": 0.2, "石": 0.2, "廖": 0.2, "贾": 0.3,
    "夏": 0.2, "付": 0.2, "方": 0.2, "白": 0.2, "邹": 0.2, "孟": 0.2, "秦": 0.2, "邱": 0.1, "江": 0.1,
    "尹": 0.1, "薛": 0.2, "闫": 0.2, "段": 0.1, "雷": 0.1, "侯": 0.2, "史": 0.1, "陶": 0.1, "贺": 0.1,
    "毛": 0.1, "郝": 0.2, "申": 0.2, "武": 0.3, "牛": 0.2, "靳": 0.1, "常": 0.1, "原": 0.1, "单": 0.05,
    "翟": 0.05, "解": 0.05, "覃": 0.03, "尉迟": 0.01,
}  # fmt: skip
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂建国华红玲文辉鹏飞宇晓春燕梅琳婷雪慧鑫浩俊峰斌波宁亮凯"
    "欣佳怡悦瑞琪晨阳博帅龙海兵志新林云莉萍玉凤兰荣淑珍丹倩颖璐蕾瑶晶彬昊轩泽宏毅立成永德庆福生喜旭东升振"
    "胜清彩爱利青子涵思雨嘉诗睿哲逸然天安心可宏伟"
)
PLACE_CHARS = "东西南北上下大小新河山水泉沟岭坪庄堡头口寨峪店川原马石李王张杨柳桥关坡湾泊营屯安宁和平丰乐"
SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "音乐", "体育", "美术", "信息技术")

# kind: (share of entities, typical staff, ownership 'private' probability)
KINDS = {
    "primary": (0.34, 30, 0.02),
    "kindergarten": (0.30, 14, 0.40),
    "middle": (0.10, 70, 0.05),
    "nine_year": (0.04, 55, 0.05),
    "high": (0.03, 140, 0.10),
    "private": (0.03, 45, 1.0),
    "canteen": (0.10, 8, 0.0),
    "training": (0.05, 10, 1.0),
    "other": (0.01, 6, 0.0),
}
SUFFIXES = {
    "primary": ("小学", "中心小学", "完全小学", "第一小学", "第二小学", "实验小学"),
    "kindergarten": ("幼儿园", "中心幼儿园", "第一幼儿园", "实验幼儿园"),
    "middle": ("中学", "初级中学", "第一初级中学", "实验中学"),
    "nine_year": ("学校", "九年制学校", "联办学校"),
    "high": ("第一中学", "第二中学", "高级中学", "职业高级中学"),
    "private": ("实验学校", "外国语学校", "双语学校", "育才学校"),
    "training": ("教育培训学校", "艺术培训中心", "科技培训学校", "体育培训中心"),
    "other": ("教育服务中心", "研学实践基地", "青少年活动中心"),
}
CATEGORIES = (("teacher", 0.72), ("admin", 0.10), ("support", 0.09), ("security", 0.05), ("other", 0.04))
POSITIONS = {
    "teacher": tuple(f"{s}教师" for s in SUBJECTS) + ("班主任", "教研组长"),
    "admin": ("校长", "副校长", "教务主任", "德育主任", "办公室主任", "会计"),
    "support": ("后勤", "厨师", "宿管员", "保洁员", "校医"),
    "security": ("保安", "门卫"),
    "other": ("", "临聘人员"),
}
STATUSES = (("employed", 0.90), ("seconded", 0.02), ("left", 0.04), ("retired", 0.04))
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _pick(rng: random.Random, pairs: tuple[tuple[str, float], ...], k: int) -> list[str]:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=k)


def name_pool(rng: random.Random, size: int) -> list[tuple[str, str, str]]:
    """Distinct person names with their search text and sort key (pinyin is slow: once per name)."""

    surnames, weights = list(SURNAMES), list(SURNAMES.values())
    names: set[str] = set()
    while len(names) < size:
        given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
        names.add(rng.choices(surnames, weights)[0] + given)
    ordered = sorted(names)
    rng.shuffle(ordered)
    return [(n, search_key(n, is_person=True), sort_key(n, is_person=True)) for n in ordered]


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


class Seeder:
    def __init__(self, url: str, scale: Scale) -> None:
        self.url = url
        self.scale = scale
        self.rng = random.Random(scale.seed)
        self.now = datetime.datetime.now(datetime.UTC)
        self.timings: dict[str, float] = {}

    def _step(self, label: str, started: float) -> None:
        self.timings[label] = round(time.perf_counter() - started, 1)
        print(f"    {label}: {self.timings[label]:.1f} s", flush=True)

    # ---- generation ------------------------------------------------------------
    def _bureaus(self) -> list[tuple]:
        rows, paths, ids = [], {}, {}
        for i, spec in enumerate(self.scale.bureaus, start=1):
            ids[spec.region_code] = i
            paths[spec.region_code] = (paths[spec.parent] if spec.parent else "") + spec.region_code + "/"
            parent_id = ids[spec.parent] if spec.parent else None
            site = ("",) * 6 + (b"", "")  # short_name … contact, logo, logo_type: left to the defaults
            rows.append((i, self.now, self.now, spec.name, spec.region_code, paths[spec.region_code], parent_id, *site))
        self.bureau_ids = ids
        return rows

    def _entities(self, names: list[tuple[str, str, str]]) -> tuple[list[tuple], list[float]]:
        rng, scale = self.rng, self.scale
        specs = list(scale.bureaus)
        bureau_of = rng.choices(specs, weights=[b.share for b in specs], k=scale.entities)
        kinds = list(KINDS)
        kind_of = rng.choices(kinds, weights=[KINDS[k][0] for k in kinds], k=scale.entities)
        towns: dict[str, list[str]] = {}
        for b in specs:
            if b.region_code == "140581":
                towns[b.region_code] = list(GAOPING_TOWNS)
            else:
                towns[b.region_code] = ["".join(rng.sample(PLACE_CHARS, 2)) for _ in range(14)]
        # Schools first, so a canteen can belong to a school of its own bureau.
        order = sorted(range(scale.entities), key=lambda i: kind_of[i] == "canteen")
        schools_by_bureau: dict[str, list[tuple[int, str]]] = {}
        codes: set[tuple[str, str]] = set()
        rows: list[tuple] = []
        weights: list[float] = []
        for new_id, i in enumerate(order, start=1):
            spec, kind = bureau_of[i], kind_of[i]
            share, staff, private_p = KINDS[kind]
            county = spec.name.removesuffix("教育局")
            town = rng.choice(towns[spec.region_code])
            parent_id = None
            if kind == "canteen":
                candidates = schools_by_bureau.get(spec.region_code)
                if candidates:
                    parent_id, parent_name = rng.choice(candidates)
                    name = f"{parent_name}食堂"
                else:
                    name = f"{county}{town}学校食堂"
            elif kind in ("training", "private"):
                name = f"{county}{''.join(rng.sample(PLACE_CHARS, 2))}{rng.choice(SUFFIXES[kind])}"
            elif kind in ("high", "middle") and rng.random() < 0.4:
                name = f"{county}{rng.choice(SUFFIXES[kind])}"
            else:
                village = "".join(rng.sample(PLACE_CHARS, 2)) if rng.random() < 0.6 else ""
                name = f"{county}{town}镇{village}{rng.choice(SUFFIXES[kind])}"
            name = name[:100]
            ownership = "private" if rng.random() < private_p else "public"
            if kind in ("primary", "middle", "high", "nine_year", "private", "kindergarten"):
                schools_by_bureau.setdefault(spec.region_code, []).append((new_id, name))
            credit = ""
            if kind != "canteen":
                prefix = ("52" if ownership == "private" else "12") + spec.region_code
                while True:
                    credit = uscc_with_check(prefix + "".join(rng.choices(USCC_ALPHABET, k=9)))
                    if (spec.region_code, credit) not in codes:
                        codes.add((spec.region_code, credit))
                        break
            established = _random_date(rng, datetime.date(1950, 1, 1), datetime.date(2023, 9, 1))
            status = rng.choices(("open", "closed", "merged"), weights=(0.95, 0.03, 0.02))[0]
            merged_into = None
            if status == "merged":
                candidates = schools_by_bureau.get(spec.region_code, [])
                others = [c for c in candidates if c[0] != new_id]
                if others:
                    merged_into = rng.choice(others)[0]
                else:
                    status = "closed"
            rep = rng.choice(names)[0]
            phone = f"0356-{rng.randrange(2_000_000, 9_999_999)}"
            address = f"{county}{town}镇{''.join(rng.sample(PLACE_CHARS, 2))}村"
            rows.append(
                (
                    new_id, self.now, self.now, kind, ownership, name, "", credit, address, rep, phone, status,
                    established, search_key(name, ""), self.bureau_ids[spec.region_code], merged_into, parent_id,
                    sort_key(name),
                )
            )  # fmt: skip
            weights.append(staff * rng.lognormvariate(0, 0.5))
        return rows, weights

    def _people(self, entities: list[tuple], weights: list[float], names: list[tuple[str, str, str]]) -> Iterator[tuple]:
        rng, n = self.rng, self.scale.people
        employer_ix = rng.choices(range(len(entities)), weights=weights, k=n)
        categories = _pick(rng, CATEGORIES, n)
        statuses = _pick(rng, STATUSES, n)
        region_of = {bid: code for code, bid in self.bureau_ids.items()}
        seen: set[tuple[int, str]] = set()
        birth_start = datetime.date(1963, 1, 1).toordinal()
        birth_span = datetime.date(2002, 12, 31).toordinal() - birth_start
        randrange, choice = rng.randrange, rng.choice
        # The served portal runs with SECRET_KEY="bench" (bench/db.py): the same keys here.
        fernet, digest_key = keys_for("bench", "")
        for pid in range(1, n + 1):
            entity = entities[employer_ix[pid - 1]]
            entity_id, bureau_id = entity[0], entity[14]
            region = region_of[bureau_id]
            while True:
                birth = datetime.date.fromordinal(birth_start + randrange(birth_span)).strftime("%Y%m%d")
                first17 = f"{region}{birth}{randrange(1000):03d}"
                id_number = first17 + resident_id_check_digit(first17)
                if (bureau_id, id_number) not in seen:
                    seen.add((bureau_id, id_number))
                    break
            gender = "male" if int(first17[16]) % 2 else "female"
            name, search_text, name_sort = choice(names)
            category = categories[pid - 1]
            phone = f"1{choice('35789')}{randrange(10**9):09d}"
            yield (
                pid, self.now, self.now, name, gender, fernet.encrypt(id_number.encode()).decode(),
                hmac.new(digest_key, id_number.encode(), hashlib.sha256).hexdigest(), mask_resident_id(id_number),
                category, choice(POSITIONS[category]), phone,
                statuses[pid - 1], search_text, bureau_id, entity_id, name_sort,
            )  # fmt: skip

    def _changes(self, entities: list[tuple]) -> Iterator[tuple]:
        for e in entities:
            # id, created, updated, kind, effective_on, field, old, new, reason, basis, batch, bureau, entity, by
            yield (
                e[0], self.now, self.now, "registered", e[12], "", "", e[5], "名录库初始登记", "",
                "2024年名录库初始导入", e[14], e[0], None,
            )  # fmt: skip

    # ---- loading ---------------------------------------------------------------
    @staticmethod
    def _copy(cur: psycopg.Cursor, table: str, columns: tuple[str, ...], rows) -> int:
        stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        count = 0
        with cur.copy(stmt) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    @staticmethod
    def _drop_secondary_indexes(cur: psycopg.Cursor, tables: list[str]) -> list[str]:
        """Drop the indexes no constraint owns; return their definitions to rebuild."""

        cur.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                              WHERE c.conindid = (quote_ident(i.indexname))::regclass)
            """,
            [tables],
        )
        found = cur.fetchall()
        for name, _ in found:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        return [definition for _, definition in found]

    @staticmethod
    def _backfill_events(cur: psycopg.Cursor, table: str) -> int:
        """What pghistory's insert trigger would have written, in one statement."""

        event = f"{table}event"
        cur.execute(
            """
            SELECT e.column_name FROM information_schema.columns e
            JOIN information_schema.columns t
              ON t.table_schema = e.table_schema AND t.table_name = %s AND t.column_name = e.column_name
            WHERE e.table_schema = 'public' AND e.table_name = %s AND e.column_name NOT LIKE 'pgh\\_%%'
            ORDER BY e.ordinal_position
            """,
            [table, event],
        )
        columns = [sql.Identifier(r[0]) for r in cur.fetchall()]
        if not columns:
            return 0
        cols = sql.SQL(", ").join(columns)
        cur.execute(
            sql.SQL(
                "INSERT INTO {} ({}, pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id) "
                "SELECT {}, created_at, 'insert', id, NULL FROM {} ORDER BY id"
            ).format(sql.Identifier(event), cols, cols, sql.Identifier(table))
        )
        return cur.rowcount

    def run(self) -> dict:
        scale = self.scale
        t = time.perf_counter()
        names = name_pool(self.rng, 8_000 if scale.people <= 10_000 else 60_000)
        bureaus = self._bureaus()
        entities, weights = self._entities(names)
        self._step(f"generated names and {len(entities):,} entities", t)

        tables = ["registry_bureau", "registry_entity", "registry_entitychange", "registry_person"]
        with connect(self.url) as conn, conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # no row triggers (superuser)
            cur.execute("SET synchronous_commit = off")
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("SET max_parallel_maintenance_workers = 2")
            cur.execute("SELECT count(*) FROM registry_bureau")
            if cur.fetchone()[0]:
                raise RuntimeError("the bench database is not empty; drop it first")
            indexes = self._drop_secondary_indexes(cur, tables)

            t = time.perf_counter()
            bureau_columns = (
                "id", "created_at", "updated_at", "name", "region_code", "path", "parent_id",
                "short_name", "site_name", "host_name", "icp_record", "police_record", "contact", "logo", "logo_type",
            )  # fmt: skip
            self._copy(cur, "registry_bureau", bureau_columns, bureaus)
            entity_columns = (
                "id", "created_at", "updated_at", "kind", "ownership", "name", "short_name", "credit_code",
                "address", "legal_representative", "phone", "status", "established_on", "search_text",
                "bureau_id", "merged_into_id", "parent_id", "sort_key",
            )  # fmt: skip
            self._copy(cur, "registry_entity", entity_columns, entities)
            change_columns = (
                "id", "created_at", "updated_at", "kind", "effective_on", "field", "old_value", "new_value",
                "reason", "basis", "batch", "bureau_id", "entity_id", "recorded_by_id",
            )  # fmt: skip
            self._copy(cur, "registry_entitychange", change_columns, self._changes(entities))
            self._step("copied bureaus, entities and changes", t)

            t = time.perf_counter()
            person_columns = (
                "id", "created_at", "updated_at", "name", "gender", "id_number_encrypted", "id_number_digest",
                "id_number_masked", "category", "position", "phone",
                "employment_status", "search_text", "bureau_id", "employer_id", "sort_key",
            )  # fmt: skip
            people = self._copy(cur, "registry_person", person_columns, self._people(entities, weights, names))
            self._step(f"generated and copied {people:,} people", t)

            t = time.perf_counter()
            events = {table: self._backfill_events(cur, table) for table in tables}
            self._step(f"insert events backfilled ({sum(events.values()):,} rows)", t)

            t = time.perf_counter()
            for definition in indexes:
                cur.execute(definition)
            for table in tables:
                cur.execute(
                    sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), (SELECT max(id) FROM {}))").format(
                        sql.Literal(table), sql.Identifier(table)
                    )
                )
            cur.execute("CREATE TABLE IF NOT EXISTS bench_seed (key text PRIMARY KEY, value jsonb NOT NULL)")
            cur.execute(
                "INSERT INTO bench_seed VALUES ('signature', %s), ('seeded_at', %s)",
                [json.dumps(scale.signature()), json.dumps(self.now.isoformat())],
            )
            conn.commit()
            self._step(f"rebuilt {len(indexes)} indexes", t)

        t = time.perf_counter()
        with connect(self.url, autocommit=True) as conn:
            for table in [*tables, *(f"{t}event" for t in tables)]:
                conn.execute(sql.SQL("VACUUM (FREEZE, ANALYZE) {}").format(sql.Identifier(table)))
            conn.execute("ANALYZE")
        self._step("VACUUM (FREEZE, ANALYZE)", t)
        return self.timings


def seeded_counts(url: str) -> dict | None:
    """The marker and the real row counts of a seeded database, or None."""

    try:
        with connect(url) as conn:
            row = conn.execute("SELECT value FROM bench_seed WHERE key = 'signature'").fetchone()
            if row is None:
                return None
            counts = {
                "entities": conn.execute("SELECT count(*) FROM registry_entity").fetchone()[0],
                "people": conn.execute("SELECT count(*) FROM registry_person").fetchone()[0],
                "changes": conn.execute("SELECT count(*) FROM registry_entitychange WHERE kind = 'registered'").fetchone()[0],
            }
            return {"signature": row[0], **counts}
    except psycopg.Error:
        return None


def is_seeded(url: str, scale: Scale) -> bool:
    found = seeded_counts(url)
    return bool(
        found
        and found["signature"] == json.loads(json.dumps(scale.signature()))
        and found["entities"] == scale.entities
        and found["people"] == scale.people
        and found["changes"] == scale.entities
    )
