"""gunicorn on a free local port for one bench database, and signing in to it."""

from __future__ import annotations

import html
import http.cookies
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin

from .db import ROOT, BenchError, django_env
from .load import fetch

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, log: Path, workers: int = 2) -> None:
        self.url, self.log, self.workers = url, log, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn), "gaoping_edu.wsgi:application",
                "--bind", f"{HOST}:{self.port}",
                "--workers", str(self.workers),
                "--worker-class", "sync",
                "--timeout", "120",
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=django_env(self.url),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                fetch(HOST, self.port, "GET", "/bench/anchor/")
                # Both workers up: a few more requests so each has imported the project.
                for _ in range(self.workers * 2):
                    fetch(HOST, self.port, "GET", "/bench/anchor/")
                return
            except OSError:
                time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer on port {self.port} within {timeout:.0f} s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its own workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = http.cookies.SimpleCookie()
            parsed.load(value)
            jar.update({k: m.value for k, m in parsed.items()})
    return jar


def login(port: int, username: str, password: str, recovery_code: str = "") -> str:
    """Sign in through /accounts/login/ like a browser, then the second factor with a
    one-time recovery code; return the Cookie header value."""

    status, headers, body = fetch(HOST, port, "GET", "/accounts/login/")
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}")
    jar = _cookies(headers)
    match = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"\s+name="csrfmiddlewaretoken"', body
    )
    if not match or "csrftoken" not in jar:
        raise BenchError("the login page has no CSRF token")
    form = urlencode({"csrfmiddlewaretoken": html.unescape(match.group(1)), "username": username, "password": password})
    status, headers, body = fetch(
        HOST,
        port,
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body=form,
    )
    jar.update(_cookies(headers))
    if status != 302 or "sessionid" not in jar:
        raise BenchError(f"login answered {status} without a session (wrong password or locked out?)")
    cookie = f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"
    if recovery_code:
        status, headers, body = fetch(HOST, port, "GET", "/accounts/otp/verify/", headers={"Cookie": cookie})
        token = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', body)
        if status != 200 or not token:
            raise BenchError(f"GET /accounts/otp/verify/ answered {status}")
        form = urlencode({"csrfmiddlewaretoken": html.unescape(token.group(1)), "token": recovery_code})
        status, headers, body = fetch(
            HOST,
            port,
            "POST",
            "/accounts/otp/verify/",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://{HOST}:{port}/accounts/otp/verify/",
            },
            body=form,
        )
        jar.update(_cookies(headers))
        if status != 302:
            raise BenchError(f"the second factor answered {status}")
        cookie = f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"
    return cookie


ANCHOR_TAG = re.compile(r"<a\b[^>]*>", re.I)
HREF = re.compile(r'href="([^"]*)"')


def next_link(body: str) -> str | None:
    """The next-page link: the one marked rel="next", else the first with a non-empty after=."""

    candidates = []
    for tag in ANCHOR_TAG.findall(body):
        href = HREF.search(tag)
        if not href:
            continue
        url = html.unescape(href.group(1))
        if re.search(r"[?&]after=[^&]", url):
            if 'rel="next"' in tag:
                return url
            candidates.append(url)
    return candidates[0] if candidates else None


def follow_next(port: int, cookie: str, url: str, pages: int) -> str | None:
    """Follow the page's next-page link `pages` times; None if there is none."""

    current = url
    for _ in range(pages):
        status, _, body = fetch(HOST, port, "GET", current, headers={"Cookie": cookie})
        if status != 200:
            return None
        link = next_link(body)
        if not link:
            return None
        current = urljoin(current, link)
    return current
