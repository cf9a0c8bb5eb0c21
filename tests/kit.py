"""The test kit every app's tests use: who the test users are, and one helper that
checks a URL's status for each of them (in the spirit of NetBox's ViewTestCases).

`tests/conftest.py`'s `users` fixture holds one user per role of 高平 (`ROLES`), a
school user of another school and an admin of another bureau (`OUTSIDERS`). A matrix
names every one of them, so adding a role makes every matrix fail until it says what
the new role may do:

    assert_statuses(client_for, url, statuses(403, bureau_admin=200, legal_officer=200))

Anonymous is always checked too: sent to the login page (or `anonymous=` status).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from apps.accounts.roles import Role

ROLES: tuple[str, ...] = tuple(Role.values)
OUTSIDERS = ("other_school_user", "other_bureau_admin")
SUBJECTS: tuple[str, ...] = (*ROLES, *OUTSIDERS)
LOGIN = "login"  # anonymous: a redirect to the login page


def statuses(default: int | None = None, /, **by_subject: int) -> dict[str, int]:
    """Every subject's expected status: `default` unless named. A name that is no
    subject is a typo and fails at once."""

    unknown = set(by_subject) - set(SUBJECTS)
    if unknown:
        raise KeyError(f"not a test subject: {sorted(unknown)}")
    if default is None and set(by_subject) != set(SUBJECTS):
        raise KeyError(f"no status for {sorted(set(SUBJECTS) - set(by_subject))}")
    return {subject: by_subject.get(subject, default) for subject in SUBJECTS}  # type: ignore[misc]


def assert_statuses(
    client_for: Callable[[str | None], Client],
    url: str,
    expected: dict[str, int],
    *,
    method: str = "get",
    data: dict[str, Any] | None = None,
    anonymous: int | str = LOGIN,
) -> None:
    """Request `url` as anonymous and as every subject; one assertion listing every
    subject whose status differs from `expected` (which must name them all)."""

    missing = set(SUBJECTS) - set(expected)
    if missing:
        raise KeyError(f"matrix for {url} has no status for {sorted(missing)}")
    got: dict[str, int] = {}
    for subject in SUBJECTS:
        response = getattr(client_for(subject), method)(url, data or {})
        got[subject] = response.status_code
    wrong = {s: f"expected {expected[s]}, got {got[s]}" for s in SUBJECTS if got[s] != expected[s]}
    response = getattr(client_for(None), method)(url, data or {})
    if anonymous == LOGIN:
        if response.status_code != 302 or not response["Location"].startswith("/accounts/login/"):
            wrong["anonymous"] = f"expected a redirect to the login page, got {response.status_code}"
    elif response.status_code != anonymous:
        wrong["anonymous"] = f"expected {anonymous}, got {response.status_code}"
    assert not wrong, f"{method.upper()} {url}: {wrong}"
