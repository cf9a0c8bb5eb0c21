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

from . import db, notices_side, report, screening_side
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
    p.add_argument("--only", choices=["screening"], default=None, help="measure only this app's pages (and the anchor)")
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
    started = time.perf_counter()
    info["notices_seed"] = django_side(
        url, {"command": "notices_seed", "region_code": USER_REGION, "per_bureau": notices_side.NOTICES_PER_BUREAU}
    )
    info["notices_seed"]["seconds"] = round(time.perf_counter() - started, 1)
    print(f"  notices: {info['notices_seed']}", flush=True)
    info["screening_seed"] = django_side(url, {"command": "screening_seed", "region_code": USER_REGION})
    print(f"  screening: {info['screening_seed']}", flush=True)
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
    school_pages = {notices_side.INBOX}
    # Screening: the coverage per school and the staff list (bureau), and the school's
    # main page of the app (its staff with authorisation and last check).
    screening = django_side(url, {"command": "screening_plan", "region_code": USER_REGION, "sessions": args.connections})
    pages[screening_side.COVERAGE] = [screening["coverage"]]
    pages[screening_side.STAFF] = [screening["staff"]]
    pages[screening_side.SCHOOL_STAFF] = [screening["school_staff"]]
    school_pages.add(screening_side.SCHOOL_STAFF)
    if args.only == "screening":
        for label in list(pages):
            if label not in screening_side.PAGES:
                del pages[label]
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
                    **{label: urls[0] for label, urls in pages.items() if label not in school_pages},
                },
            },
        )["queries"]
        info["queries"] = counted | notices["school_queries"] | screening["school_queries"]

    if args.only != "screening":
        print("  import: 20,000 staff rows read, validated and saved (rolled back)", flush=True)
        info["import"] = django_side(url, {"command": "import", "region_code": USER_REGION, "rows": 20000})
        print(f"  import: {info['import']}", flush=True)
    print(f"  screening results import: {screening_side.IMPORT_ROWS:,} rows, and refused with one bad row", flush=True)
    info["screening_import"] = django_side(
        url, {"command": "screening_import", "region_code": USER_REGION, "rows": screening_side.IMPORT_ROWS}
    )
    print(f"  screening results import: {info['screening_import']}", flush=True)

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
        school_cookies = [f"sessionid={key}" for key in notices["school_sessions"]]
        screening_cookies = [f"sessionid={key}" for key in screening["school_sessions"]]
        cookies_for = {label: school_cookies if label in school_pages else cookies for label in pages}
        cookies_for[screening_side.SCHOOL_STAFF] = screening_cookies
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
