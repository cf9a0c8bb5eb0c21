"""`python -m bench.notices [county|province ...]`: the notices pages at both scales.

Self-contained beside the registry benchmark (`make bench`): its own databases
(`gaoping_bench_notices_<scale>`, the registry seeded by seed.py, then notices seeded
here), measured in-process with Django's test Client, each page's median paired with
the anchor page's median under the same load, as a ratio. Pages: the bureau's busiest
staff list (one notice's receipt table, sent to every school of the bureau), the school's
main page (its inbox) and the bureau's notice list. Targets as the foundation's:
p50 ≤ 6× the anchor, province ratio ≤ 1.5× county ratio.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from . import db
from .seed import SCALES, Seeder

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "gaoping_bench_notices_"
NOTICES_PER_BUREAU = 40


def _url(scale: str) -> str:
    return db.with_database(db.base_url(), PREFIX + scale)


def prepare(scale: str) -> float:
    url = _url(scale)
    started = time.perf_counter()
    if not db.exists(url):
        db.create(url)
        db.manage(url, "migrate", "--noinput")
        Seeder(url, SCALES[scale]).run()
    else:
        db.manage(url, "migrate", "--noinput")
    # DEBUG is off in the benchmark: the manifest of static files must exist.
    subprocess.run(
        [sys.executable, "-m", "bench.django_side", json.dumps({"command": "collectstatic"})],
        cwd=ROOT,
        env=db.django_env(url),
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def child(url: str, command: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.notices_side", command, str(NOTICES_PER_BUREAU)],
        cwd=ROOT,
        env=db.django_env(url),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench.notices_side {command} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    scales = argv or ["county", "province"]
    results = {}
    for scale in scales:
        print(f"== notices, {scale} ==", flush=True)
        seconds = prepare(scale)
        seeded = child(_url(scale), "seed")
        print(f"  prepared in {seconds:.0f} s; {seeded}", flush=True)
        results[scale] = child(_url(scale), "measure")
        for label, row in results[scale]["pages"].items():
            print(
                f"  {label:<28} p50 {row['p50_ms']:>7.2f} ms  anchor {row['anchor_ms']:>5.2f} ms"
                f"  ratio {row['ratio']:>5.2f}  queries {row['queries']}  {'PASS' if row['ratio'] <= 6 else 'FAIL'}",
                flush=True,
            )
    if {"county", "province"} <= results.keys():
        for label in results["county"]["pages"]:
            growth = results["province"]["pages"][label]["ratio"] / results["county"]["pages"][label]["ratio"]
            print(f"  province ÷ county, {label}: {growth:.2f} {'PASS' if growth <= 1.5 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
