import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """The production hasher costs ~0.3 s a password and every test makes seven users."""

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
