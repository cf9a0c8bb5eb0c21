"""The shared check of every app's report facts: each count's `url` lists exactly
`value` rows, as the bureau's staff see it.

The list pages page by keyset and cap their count at COUNT_CAP, so the rows are
counted from the page's own CSV export (the same scoped, filtered queryset)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.test import Client

from apps.core.reporting import Fact


def listed_rows(client: Client, url: str) -> int:
    """How many rows the list at `url` shows: the rows of its CSV export."""

    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}export=csv")
    assert response.status_code == 200, (url, response.status_code)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(list(csv.reader(io.StringIO(text)))) - 1  # minus the header


def assert_fact_urls(client: Client, facts: Iterable[Fact]) -> None:
    """Follow every count fact's url with `client` (the bureau's staff) and assert it
    lists exactly `value` rows; every other fact's url must at least open."""

    checked = 0
    for fact in facts:
        assert fact.url, f"{fact.key} has no url"
        if fact.is_count:
            assert listed_rows(client, fact.url) == fact.value, (fact.key, fact.url, fact.value)
            checked += 1
        else:
            assert client.get(fact.url).status_code == 200, (fact.key, fact.url)
    assert checked, "no count fact was checked"
