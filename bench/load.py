"""A small, bounded load generator: a few threads, each with its own keep-alive
connection (reopened when the server closes it, as gunicorn's sync workers do) and its
own signed-in session, for a fixed time or number of requests per page."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

USER_AGENT = "gaoping-bench/1"


@dataclass
class Sample:
    label: str
    urls: list[str]
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.latencies) and not self.errors and set(self.statuses) == {200}

    def percentile(self, p: float) -> float | None:
        """Milliseconds; linear interpolation between the closest ranks."""

        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    def merged(self, other: Sample) -> Sample:
        statuses = dict(self.statuses)
        for k, v in other.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
        return Sample(
            self.label,
            self.urls,
            self.latencies + other.latencies,
            statuses,
            self.errors + other.errors,
            self.bytes + other.bytes,
            self.elapsed + other.elapsed,
        )

    def summary(self) -> dict:
        n = len(self.latencies)
        return {
            "requests": n,
            "rps": round(n / self.elapsed, 1) if self.elapsed else None,
            "p50_ms": _round(self.percentile(50)),
            "p95_ms": _round(self.percentile(95)),
            "mean_ms": _round(statistics.fmean(self.latencies) * 1000 if n else None),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors[:5],
            "avg_bytes": self.bytes // n if n else 0,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class _Worker(threading.Thread):
    def __init__(self, host: str, port: int, cookie: str, urls: list[str], start_index: int, run: _Run) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.cookie, self.urls, self.index, self.run_ = host, port, cookie, urls, start_index, run
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        return self.conn

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def run(self) -> None:
        headers = {"Cookie": self.cookie, "User-Agent": USER_AGENT, "Accept": "text/html"}
        while self.run_.take():
            url = self.urls[self.index % len(self.urls)]
            self.index += 1
            started = time.perf_counter()
            try:
                conn = self._connection()
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                if response.will_close:
                    self._close()
            except (OSError, http.client.HTTPException) as exc:
                self._close()
                self.run_.record_error(f"{url}: {type(exc).__name__}: {exc}")
                continue
            self.run_.record(response.status, elapsed, len(body), url)
        self._close()


class _Run:
    """Shared bookkeeping of one measurement: the deadline, the request budget, results."""

    def __init__(self, sample: Sample, deadline: float, budget: int | None) -> None:
        self.sample, self.deadline, self.budget = sample, deadline, budget
        self.lock = threading.Lock()
        self.issued = 0

    def take(self) -> bool:
        with self.lock:
            if time.perf_counter() >= self.deadline or (self.budget is not None and self.issued >= self.budget):
                return False
            self.issued += 1
            return True

    def record(self, status: int, elapsed: float, size: int, url: str) -> None:
        with self.lock:
            self.sample.statuses[status] = self.sample.statuses.get(status, 0) + 1
            if status == 200:
                self.sample.latencies.append(elapsed)
                self.sample.bytes += size
            elif len(self.sample.errors) < 20:
                self.sample.errors.append(f"{url}: HTTP {status}")

    def record_error(self, message: str) -> None:
        with self.lock:
            if len(self.sample.errors) < 20:
                self.sample.errors.append(message)


def measure(
    host: str,
    port: int,
    label: str,
    urls: list[str],
    cookies: list[str],
    *,
    connections: int,
    duration: float,
    max_requests: int | None = None,
    warmup: float = 0.0,
) -> Sample:
    """Load `urls` (round robin) from `connections` threads; warm-up requests are dropped."""

    def one(seconds: float, budget: int | None) -> Sample:
        sample = Sample(label, urls)
        run = _Run(sample, time.perf_counter() + seconds, budget)
        workers = [
            _Worker(host, port, cookies[i % len(cookies)], urls, i * max(1, len(urls) // connections), run)
            for i in range(connections)
        ]
        started = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        sample.elapsed = time.perf_counter() - started
        return sample

    if warmup > 0:
        one(warmup, None)
    return one(duration, max_requests)


def fetch(host: str, port: int, method: str, url: str, *, headers: dict[str, str] | None = None, body: str | None = None):
    """One request on a fresh connection: (status, headers list, body text)."""

    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, url, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        conn.close()
