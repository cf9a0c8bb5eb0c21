import pytest

from tests import factories


@pytest.fixture
def users(users, other_bureau):
    """The kit's users, and the three administrators of another bureau: accounts,
    sessions and logs are theirs there, not the bureau admin's (docs/decisions.md)."""

    return users | {
        "other_system_admin": factories.make_user("system_admin", other_bureau, username="t_yangcheng"),
        "other_security_admin": factories.make_user("security_admin", other_bureau, username="t_yangcheng_aq"),
        "other_audit_admin": factories.make_user("audit_admin", other_bureau, username="t_yangcheng_sj"),
    }
