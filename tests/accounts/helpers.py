"""Small helpers shared by the accounts tests."""

from __future__ import annotations

from django.test import Client

from tests.conftest import verify_second_factor
from tests.factories import PASSWORD


def csv_text(response) -> str:
    """The body of a streamed CSV export, without its BOM."""

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8-sig")


def signed_in(user, *, ip: str = "127.0.0.1", agent: str = "Mozilla/5.0 Chrome/126.0 Safari/537.36") -> Client:
    """A client that signed in through the login form (so a UserSession exists)."""

    client = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    verify_second_factor(client, user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
