"""Follow every link a signed-in user's pages offer (lists, records, forms, CSV exports)
and report any page that shows one of the `forbidden` texts. Shared by the test-client
crawl (test_isolation.py) and the browser journey (tests/browser/test_onboarding.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

HREF = re.compile(r'href="([/?][^"#]*)"')
# The public site (`/`, `/public/…`) shows every bureau's published records by design.
SKIP = re.compile(r"^/(static|media|django-admin|public)/|^/(\?|$)|/logout/|export=xlsx|/logo/$|/attachment|/zip")


def crawl(fetch: Callable[[str], tuple[int, str, str]], start: Iterable[str], forbidden: Iterable[str], limit: int = 600):
    """`fetch(url) -> (status, content type, text)`. Returns (pages seen, [(url, text found)])."""

    forbidden = [f for f in forbidden if f]
    queue, seen, found = list(start), set(), []
    # A list's later pages and filtered views repeat its rows: one of each path is enough,
    # but every export and every record is visited.
    seen_paths: set[str] = set()
    while queue and len(seen) < limit:
        url = html.unescape(queue.pop(0))
        path, _, query = url.partition("?")
        key = path if "export=" not in query else url
        if url in seen or SKIP.search(url) or (key in seen_paths and "export=" not in query):
            continue
        seen.add(url)
        seen_paths.add(key)
        status, kind, body = fetch(url)
        if status != 200 or not (kind.startswith("text/html") or kind.startswith("text/csv")):
            continue
        for text in forbidden:
            if text in body:
                found.append((url, text))
        if kind.startswith("text/html"):
            # "?export=csv" and the pager's "?page=2" are relative to this page.
            links = [path + link if link.startswith("?") else link for link in HREF.findall(body)]
            queue.extend(link for link in links if html.unescape(link) not in seen)
    return seen, found


def client_fetch(client) -> Callable[[str], tuple[int, str, str]]:
    def fetch(url: str) -> tuple[int, str, str]:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        return response.status_code, kind, content.decode("utf-8-sig", errors="replace") if "text" in kind else ""

    return fetch
