"""`python -m bench [--scale county|province|both] [--duration S] ...` (`make bench`).

Exit code 0 when every page answered 200, whatever the targets say (it is a report);
1 when a page answered anything else; 2 when the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from urllib.parse import quote

from . import (
    bullying_side,
    campus_side,
    db,
    inspections_side,
    notices_side,
    pledges_side,
    powers_side,
    report,
    reports_side,
    screening_side,
    study_side,
)
from .db import ROOT, BenchError
from .load import measure
from .seed import SCALES, USER_REGION, Seeder, is_seeded
from .server import HOST, Server, follow_next, login

ANCHOR = "/bench/anchor/"
PEOPLE = "/registry/people/"
PINYIN_Q = "wangj"  # 王j…: 王建国, 王静, 王军…
HANZI_Q = "王建"  # a surname and the first character of a given name
DEEP_PAGES = 50
PER_PAGE = 50
ANCHOR_SHARE = 0.5  # anchor time before each page slice, as a share of the slice


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--scale", choices=["county", "province", "both"], default="both")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of load per page (default 10)")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of unrecorded load first (default 2)")
    p.add_argument("--requests", type=int, default=None, help="stop a page after this many requests")
    p.add_argument("--rounds", type=int, default=5, help="split each page's time into rounds (default 5)")
    p.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--reseed", action="store_true", help="rebuild the bench databases even if they match")
    p.add_argument("--keep", action="store_true", help="keep the bench databases for the next run (default: dropped at the end)")
    p.add_argument("--skip-queries", action="store_true", help="do not count SQL queries per page")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages whose label contains this text, e.g. --only pledge (repeatable); skips the import",
    )
    return p.parse_args(argv)


def django_side(url: str, request: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.django_side", json.dumps(request, ensure_ascii=False)],
        cwd=ROOT,
        env=db.django_env(url),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BenchError(f"bench.django_side {request['command']} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(scale_name: str, reseed: bool) -> dict:
    scale = SCALES[scale_name]
    url = db.bench_url(scale_name)
    info: dict = {"database": db.database_name(url)}
    started = time.perf_counter()
    if not reseed and db.exists(url) and is_seeded(url, scale):
        print(f"  reusing {info['database']} (marker and row counts match)", flush=True)
        db.manage(url, "migrate", "--noinput")  # new migrations of the product, if any
        info["reused"] = True
    else:
        print(f"  creating {info['database']}", flush=True)
        db.drop(url)
        info["locale"] = db.create(url)
        db.manage(url, "migrate", "--noinput")
        print(f"    migrate: {time.perf_counter() - started:.1f} s", flush=True)
        info["seed_timings"] = Seeder(url, scale).run()
        info["reused"] = False
    info["prepare_seconds"] = round(time.perf_counter() - started, 1)
    with db.connect(url) as conn:
        name, people = conn.execute(
            """SELECT b.name, (SELECT count(*) FROM registry_person p WHERE p.bureau_id = b.id)
               FROM registry_bureau b WHERE b.region_code = %s""",
            [USER_REGION],
        ).fetchone()
        entities = conn.execute(
            "SELECT count(*) FROM registry_entity e JOIN registry_bureau b ON b.id = e.bureau_id WHERE b.region_code = %s",
            [USER_REGION],
        ).fetchone()[0]
    info["rows"] = {
        "entities": scale.entities,
        "people": scale.people,
        "bureaus": len(scale.bureaus),
        "user_bureau": name,
        "user_bureau_entities": entities,
        "user_bureau_people": people,
    }
    return info


def pages_for(plan: dict) -> dict[str, list[str]]:
    pages = {
        "people list": [PEOPLE],
        "people ?category=teacher": [PEOPLE + "?category=teacher"],
        f"people ?q={PINYIN_Q}": [PEOPLE + "?q=" + quote(PINYIN_Q)],
        f"people ?q={HANZI_Q}": [PEOPLE + "?q=" + quote(HANZI_Q)],
    }
    if plan.get("deep_cursor"):
        pages[f"people page {DEEP_PAGES + 1} (after=)"] = [PEOPLE + "?after=" + quote(plan["deep_cursor"])]
    if plan.get("entities"):
        pages["entity detail"] = [f"/registry/entities/{pk}/" for pk in plan["entities"]]
    return pages


def run_scale(scale_name: str, args: argparse.Namespace, stamp: str) -> dict:
    scale = SCALES[scale_name]
    print(f"\n== {scale_name} scale: {scale.entities:,} entities, {scale.people:,} people ==", flush=True)
    info = prepare_database(scale_name, args.reseed)
    url = db.bench_url(scale_name)
    # Each app's rows at the scale (seeded once; reused with the database).
    for app, request in (
        ("notices", {"command": "notices_seed", "per_bureau": notices_side.NOTICES_PER_BUREAU}),
        ("pledges", {"command": "pledges_seed"}),
        ("study", {"command": "study_seed", "per_bureau": study_side.SESSIONS_PER_BUREAU}),
        ("campus", {"command": "campus_seed", "per_school": campus_side.EVENTS_PER_SCHOOL}),
        ("bullying", {"command": "bullying_seed"}),
        ("inspections", {"command": "inspections_seed"}),
        (
            "powers",
            {
                "command": "powers_seed",
                "items_per_bureau": powers_side.ITEMS_PER_BUREAU,
                "documents_per_bureau": powers_side.DOCUMENTS_PER_BUREAU,
            },
        ),
        ("screening", {"command": "screening_seed"}),
    ):
        started = time.perf_counter()
        info[f"{app}_seed"] = django_side(url, {**request, "region_code": USER_REGION})
        info[f"{app}_seed"]["seconds"] = round(time.perf_counter() - started, 1)
        print(f"  {app}: {info[f'{app}_seed']}", flush=True)
    info["load_average_before"] = os.getloadavg()
    plan = django_side(
        url,
        {
            "command": "plan",
            "region_code": USER_REGION,
            "sessions": args.connections,
            "entity_sample": 20,
            "seed": scale.seed,
            "deep_rows": DEEP_PAGES * PER_PAGE,
        },
    )
    notices = django_side(url, {"command": "notices_plan", "region_code": USER_REGION, "sessions": args.connections})
    info["notices"] = {"notice": notices["notice"], "schools_in_notice": notices["schools_in_notice"]}
    pages = pages_for(plan)
    # The notices' busiest staff list (one notice's receipt table, laggards first), the
    # school's main page (its inbox, as a school user) and the bureau's notice list.
    pages[notices_side.RECEIPTS] = [notices["receipts"]]
    pages[notices_side.INBOX] = [notices["inbox"]]
    pages[notices_side.LIST] = [notices["list"]]
    # Schools' pages load as a school user: the notices' school for its inbox and 本校承诺书.
    school_sessions = {notices_side.INBOX: notices["school_sessions"], pledges_side.SCHOOL: notices["school_sessions"]}
    # The pledges' busiest staff list (a campaign's schools, unsigned first) and the
    # school's page of the app (本校承诺书, as the same school user).
    pledges = django_side(url, {"command": "pledges_plan", "region_code": USER_REGION})
    info["pledges"] = {"campaign": pledges["campaign"], "schools_in_campaign": pledges["schools_in_campaign"]}
    pages[pledges_side.CAMPAIGN] = [pledges["campaign_url"]]
    pages[pledges_side.SCHOOL] = [pledges["school_page"]]
    # 学法: the session list (its busiest staff list), the attendance list, a person's
    # year and the summary; schools have no 学法 page.
    study = django_side(url, {"command": "study_plan", "region_code": USER_REGION})
    pages.update({label: [page] for label, page in study.items()})
    # The campus app's busiest staff list (the bureau's events) and a school's campus page.
    campus = django_side(url, {"command": "campus_plan", "region_code": USER_REGION, "sessions": args.connections})
    info["campus"] = {"events_in_bureau": campus["events_in_bureau"]}
    pages[campus_side.EVENT_LIST] = [campus["list"]]
    pages[campus_side.SCHOOL_PAGE] = [campus["school_page"]]
    school_sessions[campus_side.SCHOOL_PAGE] = campus["school_sessions"]
    # 欺凌防治: the round page (every school of the newest round, laggards first, counts by
    # kind) and a school's form in draft, as its school user.
    bullying = django_side(url, {"command": "bullying_plan", "region_code": USER_REGION, "sessions": args.connections})
    info["bullying"] = {"round": bullying["round"], "schools_in_round": bullying["schools_in_round"]}
    pages[bullying_side.ROUND_PAGE] = [bullying["round_page"]]
    pages[bullying_side.SCHOOL_FORM] = [bullying["school_form"]]
    school_sessions[bullying_side.SCHOOL_FORM] = bullying["school_sessions"]
    # 双随机: the staff list of every visit, a school's own results, the public search.
    insp = django_side(url, {"command": "inspections_plan", "region_code": USER_REGION, "sessions": args.connections})
    pages[inspections_side.STAFF_LIST] = [insp["staff"]]
    pages[inspections_side.SCHOOL_LIST] = [insp["school"]]
    pages[inspections_side.PUBLIC_SEARCH] = [insp["public_search"]]
    pages[inspections_side.PUBLIC_LIST] = [insp["public_year"]]
    school_sessions[inspections_side.SCHOOL_LIST] = insp["school_sessions"]
    # The public catalogue (anonymous), the staff catalogue and document list, and the
    # admissions list as the notices' school user sees it.
    pages.update(powers_side.plan())
    school_sessions[powers_side.SCHOOL] = notices["school_sessions"]
    # 准入查询: the coverage page, the busiest staff list, and that list as a school's user.
    screening = django_side(url, {"command": "screening_plan", "region_code": USER_REGION, "sessions": args.connections})
    pages[screening_side.COVERAGE] = [screening["coverage"]]
    pages[screening_side.STAFF] = [screening["staff"]]
    pages[screening_side.SCHOOL_STAFF] = [screening["school_staff"]]
    school_sessions[screening_side.SCHOOL_STAFF] = screening["school_sessions"]
    # The annual report: its public page (a published report of the user's bureau).
    pages[reports_side.PUBLIC] = [django_side(url, {"command": "reports_plan", "region_code": USER_REGION})["public"]]
    public_pages = {inspections_side.PUBLIC_SEARCH, inspections_side.PUBLIC_LIST, powers_side.PUBLIC, reports_side.PUBLIC}
    school_pages = set(school_sessions)
    school_queries = (
        notices["school_queries"]
        | pledges["school_queries"]
        | campus["school_queries"]
        | bullying["school_queries"]
        | insp["school_queries"]
        | screening["school_queries"]
    )
    if args.only:
        pages = {label: urls for label, urls in pages.items() if any(text in label for text in args.only)}
    deep_label = next((label for label in pages if label.startswith("people page")), None)
    info["pages"] = {label: urls for label, urls in pages.items()}

    if not args.skip_queries:
        print("  counting SQL queries per page (Django test Client)", flush=True)
        counted = django_side(
            url,
            {
                "command": "queries",
                "region_code": USER_REGION,
                "urls": {
                    "anchor": ANCHOR,
                    **{
                        label: urls[0]
                        for label, urls in pages.items()
                        if label not in school_pages and label != inspections_side.SCHOOL_LIST
                    },
                },
            },
        )["queries"]
        info["queries"] = counted | {label: n for label, n in school_queries.items() if label in pages}

    if not args.only or any(text in label for text in args.only for label in screening_side.PAGES):
        print(f"  screening results import: {screening_side.IMPORT_ROWS:,} rows, bad then clean (rolled back)", flush=True)
        info["screening_import"] = django_side(
            url, {"command": "screening_import", "region_code": USER_REGION, "rows": screening_side.IMPORT_ROWS}
        )
        print(f"  screening import: {info['screening_import']}", flush=True)

    if not args.only:
        print("  import: 20,000 staff rows read, validated and saved (rolled back)", flush=True)
        info["import"] = django_side(url, {"command": "import", "region_code": USER_REGION, "rows": 20000})
        print(f"  import: {info['import']}", flush=True)

    if not args.only or any(text in reports_side.PUBLIC for text in args.only):
        print("  annual report: building and rendering it against its facts' queries run bare", flush=True)
        info["report_build"] = django_side(url, {"command": "reports_build", "region_code": USER_REGION, "rounds": 5})
        print(f"  annual report: {info['report_build']}", flush=True)

    log = ROOT / "bench-results" / f"{stamp}-gunicorn-{scale_name}.log"
    samples = {}
    with Server(url, log, workers=args.workers) as server:
        print(f"  gunicorn on {HOST}:{server.port} ({args.workers} sync workers), log {log.relative_to(ROOT)}")
        try:
            cookies = [login(server.port, plan["username"], plan["password"], code) for code in plan["recovery_codes"]]
            info["auth"] = "signed in through /accounts/login/ and the second factor (a recovery code each)"
        except BenchError as exc:
            cookies = [f"sessionid={key}" for key in plan["sessions"]]
            info["auth"] = f"sessions made with SessionStore (login form: {exc})"
        print(f"  auth: {info['auth']}", flush=True)
        cookies_for = {
            label: [f"sessionid={key}" for key in school_sessions[label]] if label in school_pages else cookies for label in pages
        }
        for label in public_pages & set(pages):
            cookies_for[label] = [""]  # visitors: no session
        cookies_for["anchor"] = cookies
        if deep_label:
            followed = follow_next(server.port, cookies[0], PEOPLE, DEEP_PAGES)
            if followed:
                built = pages[deep_label][0]
                same = followed == built
                pages[deep_label] = [followed]
                info["deep_page"] = "followed the next-page links" + (
                    " (the same cursor as built from pagination.py)" if same else f" (built cursor was {built})"
                )
            else:
                info["deep_page"] = "cursor built like pagination.py (no next-page link to follow)"
            info["pages"][deep_label] = pages[deep_label]
            print(f"  deep page: {info['deep_page']}", flush=True)

        print(
            f"  load: {args.connections} connections; per page {args.warmup:g} s warm-up, then {args.duration:g} s"
            f" in {args.rounds} rounds, each slice right after {ANCHOR_SHARE:.0%} as long on the anchor",
            flush=True,
        )
        all_pages = {"anchor": [ANCHOR], **pages}
        for label, urls in all_pages.items():  # warm-up, unrecorded
            measure(HOST, server.port, label, urls, cookies_for[label], connections=args.connections, duration=args.warmup)
        per_round = args.duration / args.rounds
        budget = -(-args.requests // args.rounds) if args.requests else None

        def slice_(label: str, urls: list[str], seconds: float, limit: int | None):
            return measure(
                HOST, server.port, label, urls, cookies_for[label],
                connections=args.connections, duration=seconds, max_requests=limit,
            )  # fmt: skip

        parts: dict[str, list] = {label: [] for label in pages}
        paired: dict[str, list] = {label: [] for label in pages}
        for _ in range(args.rounds):
            for label, urls in pages.items():
                # The anchor just before each slice: background load on a shared machine
                # drifts by the second, and a ratio is only fair under the same load.
                paired[label].append(slice_("anchor", [ANCHOR], per_round * ANCHOR_SHARE, None))
                parts[label].append(slice_(label, urls, per_round, budget))
        anchor_parts = [a for label in pages for a in paired[label]]
        samples["anchor"] = _merge(anchor_parts)
        anchors = {"anchor": samples["anchor"]}
        for label in pages:
            samples[label] = _merge(parts[label])
            anchors[label] = _merge(paired[label])
        for label, sample in samples.items():
            s = sample.summary()
            a = anchors[label].percentile(50)
            print(
                f"    {report.pad(label, 30)} {s['requests']:>6} req  p50 {report.fmt(s['p50_ms']):>6} ms"
                f"  p95 {report.fmt(s['p95_ms']):>6} ms  (anchor p50 {report.fmt(a)} ms)"
                f"  {'' if sample.ok else 'ERRORS ' + str(s['statuses'])}",
                flush=True,
            )
    info["load_average_after"] = os.getloadavg()

    info["results"] = report.rows(samples, anchors, info.get("queries", {}))
    return info


def _merge(parts: list):
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merged(part)
    return merged


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    scales = ["county", "province"] if args.scale == "both" else [args.scale]
    started = time.perf_counter()
    result: dict = {
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "settings": vars(args),
        "scales": {},
    }
    code = 0
    load = os.getloadavg()[0]
    if load > 1.0:
        print(f"note: load average {load:.1f} before the run; other work on this machine makes the figures noisier")
    try:
        result["machine"]["postgresql"] = _server_version()
        print("collectstatic (the pages are served as in production, DEBUG=0)", flush=True)
        result["collectstatic"] = django_side(db.bench_url(scales[0]), {"command": "collectstatic"})
        if result["collectstatic"].get("problem"):
            print(f"  collectstatic failed: {result['collectstatic']['problem'][:300]}")
            print("  (ran it again without sourceMappingURL processing; see docs/benchmark.md)")
        for name in scales:
            result["scales"][name] = run_scale(name, args, stamp)
    except BenchError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        result["error"] = str(exc)
        code = 2
    except Exception:
        traceback.print_exc()
        result["error"] = traceback.format_exc()
        code = 2
    try:
        # Nothing is left on the server unless asked (--keep), whatever happened above.
        if not args.keep:
            for name in scales:
                db.drop(db.bench_url(name))
            print(f"dropped the bench databases ({', '.join(scales)}; --keep keeps them for the next run)")
        # The separate notices benchmark of before (bench/notices.py) left these behind.
        for leftover in ("gaoping_bench_notices_county", "gaoping_bench_notices_province"):
            if leftover.startswith(db.PREFIX):
                db.drop(db.with_database(db.base_url(), leftover))
    except BenchError as exc:
        print(f"bench: could not drop the bench databases: {exc}", file=sys.stderr)

    result["targets"] = report.targets(result["scales"])
    result["seconds"] = round(time.perf_counter() - started, 1)
    report.print_report(result)
    path = out_dir / f"{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"\nresults: {path.relative_to(ROOT)}  ({result['seconds']:.0f} s in all)")
    if code == 0 and any(not row["ok"] for s in result["scales"].values() for row in s["results"]):
        print("bench: some pages did not answer 200 (see ERRORS above)", file=sys.stderr)
        code = 1
    return code


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def _server_version() -> str:
    with db.connect(db.base_url()) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
