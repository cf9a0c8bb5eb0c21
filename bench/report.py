"""The results table per scale and the three targets, each PASS, FAIL or SKIP."""

from __future__ import annotations

import json
import unicodedata

from .db import ROOT
from .load import Sample

LIST = "people list"
COUNTY_LIST_LIMIT = 6.0  # people list p50 ≤ 6× anchor at county scale
PROVINCE_GROWTH_LIMIT = 1.5  # province list ratio ≤ 1.5× county list ratio
DEEP_LIMIT = 1.5  # page 51 ≤ 1.5× page 1
# The notices pages (bench/notices_side.py), with the same two targets as the people list.
NOTICE_PAGES = ("notice receipts", "school inbox", "notice list")
# The pledges pages (bench/pledges_side.py), the same targets.
PLEDGE_PAGES = ("pledge campaign", "school pledges")
# 学法's staff lists (bench/study_side.py): schools have no 学法 page.
STUDY_PAGES = ("study sessions", "study attendance")
# The campus pages (bench/campus_side.py): the bureau's event list and a school's page.
CAMPUS_PAGES = ("campus event list", "campus school page")
# The bullying pages (bench/bullying_side.py): a round's schools and a school's form.
BULLYING_PAGES = ("bullying round page", "bullying school form")
# The 权责清单, 文件库 and 入学 pages (bench/powers_side.py), with the same two targets.
POWERS_PAGES = ("powers public catalogue", "powers catalogue list", "powers document list", "powers school admissions")
# The annual report's public page (bench/reports_side.py); its build has a target of its own.
REPORT_PAGES = ("public report",)
REPORT_BUILD_LIMIT = 2.0  # building and rendering a report ≤ 2× its facts' queries run bare
# 双随机 (bench/inspections_side.py): every visit's results, a school's own, the public search.
INSPECTION_PAGES = (
    "inspections staff results",
    "inspections school results",
    "inspections public ?q=",
    "inspections public ?year=",
)
# 准入查询 (bench/screening_side.py): the coverage page, the staff list, its school view.
SCREENING_PAGES = ("screening coverage", "screening staff", "screening school staff")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    """Left-align in a terminal column: Chinese characters take two cells."""

    return text + " " * max(0, size - width(text))


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def rows(samples: dict[str, Sample], anchors: dict[str, Sample], queries: dict[str, dict]) -> list[dict]:
    """One row per page; its ratios are to the anchor slices measured right before it."""

    out = []
    for label, sample in samples.items():
        anchor = anchors[label]
        a50, a95 = anchor.percentile(50), anchor.percentile(95)
        s = sample.summary()
        q = queries.get(label, {})
        ok = sample.ok
        out.append(
            {
                "page": label,
                "url": sample.urls[0] + (f" (+{len(sample.urls) - 1} more)" if len(sample.urls) > 1 else ""),
                "queries": q.get("queries"),
                "sql_ms": q.get("sql_ms"),
                "alone_ms": q.get("alone_ms"),
                "p50_ms": s["p50_ms"],
                "p95_ms": s["p95_ms"],
                "p50_ratio": round(s["p50_ms"] / a50, 2) if ok and a50 else None,
                "p95_ratio": round(s["p95_ms"] / a95, 2) if ok and a95 else None,
                "anchor_p50_ms": round(a50, 2) if a50 else None,
                "anchor_p95_ms": round(a95, 2) if a95 else None,
                "rps": s["rps"],
                "requests": s["requests"],
                "statuses": s["statuses"],
                "errors": s["errors"],
                "avg_bytes": s["avg_bytes"],
                "ok": ok,
            }
        )
    return out


def _row(scale: dict | None, prefix: str) -> dict | None:
    if not scale:
        return None
    return next((r for r in scale.get("results", []) if r["page"].startswith(prefix)), None)


def _previous_scale(name: str) -> tuple[dict, str] | None:
    """The most recent earlier run's figures for a scale this run did not measure."""

    for path in sorted((ROOT / "bench-results").glob("*.json"), reverse=True):
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        found = data.get("scales", {}).get(name)
        row = _row(found, LIST)
        if row and row["ok"]:
            return found, path.name
    return None


def _check(name: str, value: float | None, limit: float, detail: str) -> dict:
    if value is None:
        return {"target": name, "status": "SKIP", "value": None, "limit": limit, "detail": detail}
    status = "PASS" if value <= limit else "FAIL"
    return {"target": name, "status": status, "value": round(value, 2), "limit": limit, "detail": detail}


def targets(scales: dict[str, dict]) -> list[dict]:
    checks = []
    county, province = scales.get("county"), scales.get("province")
    c_list = _row(county, LIST)
    checks.append(
        _check(
            f"county: people list p50 ≤ {COUNTY_LIST_LIMIT:g}× anchor",
            c_list["p50_ratio"] if c_list else None,
            COUNTY_LIST_LIMIT,
            f"p95 ratio {fmt(c_list['p95_ratio'], 2)}" if c_list else "county scale not measured",
        )
    )
    source = "this run"
    if county is None and province is not None:
        previous = _previous_scale("county")
        if previous:
            county, source = previous[0], f"county figures from {previous[1]}"
    elif province is None and county is not None:
        previous = _previous_scale("province")
        if previous:
            province, source = previous[0], f"province figures from {previous[1]}"
    c_list, p_list = _row(county, LIST), _row(province, LIST)
    growth = None
    detail = "needs both scales"
    if c_list and p_list and c_list["p50_ratio"] and p_list["p50_ratio"]:
        growth = p_list["p50_ratio"] / c_list["p50_ratio"]
        p95 = p_list["p95_ratio"] / c_list["p95_ratio"] if p_list["p95_ratio"] and c_list["p95_ratio"] else None
        detail = f"{p_list['p50_ratio']:.2f} ÷ {c_list['p50_ratio']:.2f} (p50 ratios; p95: {fmt(p95, 2)}), {source}"
    checks.append(
        _check(
            f"province people list ≤ {PROVINCE_GROWTH_LIMIT:g}× county (ratio to anchor)", growth, PROVINCE_GROWTH_LIMIT, detail
        )  # fmt: skip
    )
    pages = (*NOTICE_PAGES, *PLEDGE_PAGES, *STUDY_PAGES, *CAMPUS_PAGES, *BULLYING_PAGES, *POWERS_PAGES)
    pages = (*pages, *SCREENING_PAGES, *INSPECTION_PAGES)
    for page in (*pages, *REPORT_PAGES):
        for name, scale in (("county", county), ("province", province)):
            row = _row(scale, page)
            checks.append(
                _check(
                    f"{name}: {page} p50 ≤ {COUNTY_LIST_LIMIT:g}× anchor",
                    row["p50_ratio"] if row else None,
                    COUNTY_LIST_LIMIT,
                    f"p95 ratio {fmt(row['p95_ratio'], 2)}" if row else f"{page} not measured at {name} scale",
                )
            )
        c_row, p_row = _row(county, page), _row(province, page)
        growth, detail = None, "needs both scales"
        if c_row and p_row and c_row["p50_ratio"] and p_row["p50_ratio"]:
            growth = p_row["p50_ratio"] / c_row["p50_ratio"]
            detail = f"{p_row['p50_ratio']:.2f} ÷ {c_row['p50_ratio']:.2f}, {source}"
        checks.append(
            _check(
                f"province {page} ≤ {PROVINCE_GROWTH_LIMIT:g}× county (ratio to anchor)", growth, PROVINCE_GROWTH_LIMIT, detail
            )  # fmt: skip
        )
    for name in ("county", "province"):
        scale = scales.get(name)
        if scale is None:
            continue
        first, deep = _row(scale, LIST), _row(scale, "people page")
        value, detail = None, "deep page not measured"
        if first and deep and first["ok"] and deep["ok"]:
            value = deep["p50_ms"] / first["p50_ms"]
            detail = f"{deep['p50_ms']:.1f} ms ÷ {first['p50_ms']:.1f} ms (p95: {deep['p95_ms'] / first['p95_ms']:.2f})"
        checks.append(_check(f"{name}: {deep['page'] if deep else 'deep page'} ≤ {DEEP_LIMIT:g}× page 1", value,
                             DEEP_LIMIT, detail))  # fmt: skip
        built = scale.get("report_build")
        checks.append(
            _check(
                f"{name}: building the annual report ≤ {REPORT_BUILD_LIMIT:g}× its facts' queries bare",
                built["ratio"] if built else None,
                REPORT_BUILD_LIMIT,
                f"{built['build_ms']} ms ÷ {built['bare_ms']} ms; queries {built['queries']}" if built else "not measured",
            )
        )
    return checks


def print_report(result: dict) -> None:
    for name, scale in result["scales"].items():
        rows_info = scale.get("rows", {})
        print(
            f"\n{name} scale — {rows_info.get('entities', 0):,} entities, {rows_info.get('people', 0):,} people "
            f"in {rows_info.get('bureaus', 0)} bureaus; bench user: bureau_admin of {rows_info.get('user_bureau')} "
            f"({rows_info.get('user_bureau_entities', 0):,} entities, {rows_info.get('user_bureau_people', 0):,} people)"
        )
        imported = scale.get("import") or {}
        if imported.get("rows_per_s"):
            print(
                f"import: {imported['rows']:,} staff rows validated and saved in {imported['seconds']} s"
                f" = {imported['rows_per_s']:,} rows/s (target ≥ 2,000)"
            )
        elif imported:
            print(f"import: failed — {imported.get('error')}")
        built = scale.get("report_build")
        if built:
            print(
                f"annual report: built and rendered in {built['build_ms']} ms, its facts' queries bare {built['bare_ms']} ms"
                f" = {built['ratio']}× (target ≤ {REPORT_BUILD_LIMIT:g}×); queries {built['queries']}"
            )
        screened = scale.get("screening_import") or {}
        if screened:
            print(
                f"screening results import: {screened.get('rows', 0):,} rows; with one bad row last refused="
                f"{screened.get('refused')} in {screened.get('refused_seconds')} s, saved after refusal="
                f"{screened.get('saved_after_refusal')}; clean {screened.get('seconds')} s = {screened.get('rows_per_s')} rows/s"
            )
        header = (
            f"{'page':<30} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50/anchor':>10} {'p95/anchor':>10}"
            f" {'anchor p50':>10} {'req/s':>7} {'alone ms':>8}"
        )
        print(header)
        print("-" * len(header))
        for r in scale.get("results", []):
            queries = "—" if r["queries"] is None else str(r["queries"])
            line = (
                f"{pad(r['page'], 30)} {queries:>7} {fmt(r['p50_ms']):>8} {fmt(r['p95_ms']):>8} "
                f"{fmt(r['p50_ratio'], 2):>10} {fmt(r['p95_ratio'], 2):>10} {fmt(r['anchor_p50_ms']):>10} {fmt(r['rps']):>7}"
                f" {fmt(r['alone_ms']):>8}"
            )
            if not r["ok"]:
                line += f"  ERROR {r['statuses']} {'; '.join(r['errors'][:2])}"
            print(line)
    if result.get("targets"):
        print("\ntargets (p50):")
        for t in result["targets"]:
            value = "" if t["value"] is None else f"{t['value']:.2f} (limit {t['limit']:g})"
            print(f"  {t['status']:<4}  {t['target']}: {value}  [{t['detail']}]")
