"""Two factors for bureau accounts (等保 8.1.4.1 d): TOTP, recovery codes, admin reset."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import SecurityEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def password_only(user, ip: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def unthrottle(user) -> None:
    """A failed code delays the next try (django-otp's throttling); tests do not wait."""

    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def bind(client: Client) -> list[str]:
    html = client.get("/accounts/otp/setup/").content.decode()
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html).group(1)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    response = client.post("/accounts/otp/setup/", {"token": f"{totp(key):06d}", "next": "/registry/entities/"})
    return re.findall(r"<li>([0-9a-z]{8})</li>", response.content.decode())


def test_a_bureau_account_reaches_the_portal_only_after_binding_an_authenticator(users):
    client = password_only(users["legal_officer"])
    response = client.get("/registry/entities/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/setup/?next=/registry/entities/"
    assert client.get("/").status_code == 200  # the public site stays open
    html = client.get("/accounts/otp/setup/").content.decode()
    assert "绑定手机验证器" in html and "<svg" in html

    response = client.post("/accounts/otp/setup/", {"token": "000000"})
    assert "验证码不正确，请核对手机上显示的6位数字后重试。" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=users["legal_officer"], confirmed=True).exists()

    unthrottle(users["legal_officer"])
    codes = bind(client)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=users["legal_officer"]).confirmed
    assert client.get("/registry/entities/").status_code == 200


def test_next_sign_in_asks_for_the_code_and_logs_failures(users):
    bind(password_only(users["inspector"]))
    device = TOTPDevice.objects.get(user=users["inspector"])

    client = password_only(users["inspector"], ip="10.9.9.9")
    response = client.get("/dashboard/")
    assert response["Location"] == "/accounts/otp/verify/?next=/dashboard/"
    response = client.post("/accounts/otp/verify/", {"token": "123456", "next": "/dashboard/"})
    assert "验证码不正确或已过期，请重新输入。" in response.content.decode()
    failure = SecurityEvent.objects.filter(kind="login_failed", user=users["inspector"]).latest("id")
    assert (failure.detail, failure.ip_address) == ("验证码错误", "10.9.9.9")
    assert client.get("/dashboard/").status_code == 302

    unthrottle(users["inspector"])
    # The binding used this time step's code, and a code is good once: allow it again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    response = client.post("/accounts/otp/verify/", {"token": code_for(device), "next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_a_recovery_code_works_once(users):
    codes = bind(password_only(users["bureau_admin"]))
    first = password_only(users["bureau_admin"])
    assert first.post("/accounts/otp/verify/", {"token": codes[0]})["Location"] == "/dashboard/"
    second = password_only(users["bureau_admin"])
    response = second.post("/accounts/otp/verify/", {"token": codes[0]})
    assert response.status_code == 200 and "验证码不正确或已过期" in response.content.decode()
    assert StaticDevice.objects.get(user=users["bureau_admin"]).token_set.count() == 9


def test_next_must_stay_on_this_site(users):
    codes = bind(password_only(users["bureau_admin"]))
    client = password_only(users["bureau_admin"])
    response = client.post("/accounts/otp/verify/", {"token": codes[1], "next": "https://evil.example/"})
    assert response["Location"] == "/dashboard/"


def test_school_accounts_sign_in_with_the_password(users):
    client = password_only(users["school_user"])
    assert client.get("/dashboard/").status_code == 200


def test_security_admin_resets_a_lost_authenticator(users, client_for):
    target = users["legal_officer"]
    victim = password_only(target)
    bind(victim)
    assert victim.get("/dashboard/").status_code == 200

    assert client_for("other_security_admin").post(f"/accounts/users/{target.pk}/otp-reset/").status_code == 404
    assert client_for("legal_officer").post(f"/accounts/users/{users['inspector'].pk}/otp-reset/").status_code == 403
    response = client_for("security_admin").post(f"/accounts/users/{target.pk}/otp-reset/", follow=True)
    assert "已重置 t_fagui 的手机验证器；该用户下次登录时需重新绑定。" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=target, name="手机验证器").exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    assert victim.get("/dashboard/").status_code == 302  # signed out


def test_security_admin_lifts_a_login_lockout(users, client_for):
    target = users["school_user"]
    attacker = Client(REMOTE_ADDR="10.7.7.7")
    for _ in range(5):
        attacker.post("/accounts/login/", {"username": target.username, "password": "Wrong#pass1"})
    locked = attacker.post("/accounts/login/", {"username": target.username, "password": PASSWORD})
    assert "登录已被暂时锁定" in locked.content.decode()

    assert client_for("other_security_admin").post(f"/accounts/users/{target.pk}/unlock/").status_code == 404
    response = client_for("security_admin").post(f"/accounts/users/{target.pk}/unlock/", follow=True)
    assert "已解除 t_gp2z 的登录锁定（清除 1 条失败记录）。" in response.content.decode()
    again = Client(REMOTE_ADDR="10.7.7.7")
    assert again.post("/accounts/login/", {"username": target.username, "password": PASSWORD}).status_code == 302


# --- Issue 5, hole 1: a password alone never binds a new authenticator ------------------


def test_a_bound_account_cannot_bind_another_authenticator_with_the_password_alone(users):
    owner = users["bureau_admin"]
    codes = bind(password_only(owner))
    device = TOTPDevice.objects.get(user=owner, confirmed=True)

    attacker = password_only(owner, ip="10.6.6.6")
    response = attacker.get("/accounts/otp/setup/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/verify/?next=/dashboard/"
    # Posting a code for a key of the attacker's own making changes nothing either.
    forged = TOTPDevice(user=owner, confirmed=False)
    response = attacker.post("/accounts/otp/setup/", {"token": f"{totp(forged.bin_key):06d}"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/verify/")
    assert list(TOTPDevice.objects.filter(user=owner).values_list("pk", "confirmed")) == [(device.pk, True)]
    assert StaticDevice.objects.get(user=owner).token_set.count() == len(codes) == 10
    assert attacker.get("/dashboard/")["Location"] == "/accounts/otp/verify/?next=/dashboard/"


def test_the_service_refuses_to_bind_over_a_confirmed_authenticator(users, rf):
    from django.core.exceptions import PermissionDenied

    from apps.accounts import services

    owner = users["legal_officer"]
    TOTPDevice.objects.create(user=owner, name="手机验证器", confirmed=True)
    spare = TOTPDevice.objects.create(user=owner, name="手机验证器", confirmed=False)
    request = rf.post("/accounts/otp/setup/")
    request.user = owner
    with pytest.raises(PermissionDenied):
        services.otp_confirm(request=request, user=owner, device=spare, token=code_for(spare))


def test_a_verified_user_opening_setup_is_told_to_ask_for_a_reset(users):
    client = password_only(users["inspector"])
    bind(client)
    response = client.get("/accounts/otp/setup/", follow=True)
    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "您已绑定手机验证器。如需更换，请联系本单位安全管理员重置后重新绑定。" in response.content.decode()


def test_after_an_admin_reset_the_account_binds_again(users, client_for):
    target = users["legal_officer"]
    bind(password_only(target))
    client_for("security_admin").post(f"/accounts/users/{target.pk}/otp-reset/")
    client = password_only(target)
    assert client.get("/dashboard/")["Location"] == "/accounts/otp/setup/?next=/dashboard/"
    assert len(bind(client)) == 10
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/",
        "/dashboard",
        "/registry//entities/",
        "/Dashboard/",
        "/%64ashboard/",
        "/accounts/otp/setup/../../../dashboard/",
        "/accounts/otp/x/../../../registry/entities/",
        "/accounts/otp/",
        "/accounts/otp/verify/x/",
        "/accounts/otp/verifyx/",
        "/accounts/loginx/",
        "/accounts/login/../users/",
        "/accounts/users/",
        "/django-admin/",
        "/static/../accounts/users/",
        "/public/",
        "/no/such/page/",
    ],
)
def test_half_signed_in_every_other_spelling_leads_to_verification(users, path):
    owner = users["bureau_admin"]
    TOTPDevice.objects.create(user=owner, name="手机验证器", confirmed=True)
    client = password_only(owner)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith("/accounts/otp/verify/?next="), (path, response["Location"])


def test_half_signed_in_the_open_views_stay_open(users):
    owner = users["bureau_admin"]
    TOTPDevice.objects.create(user=owner, name="手机验证器", confirmed=True)
    client = password_only(owner)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/otp/verify/").status_code == 200
    assert client.get("/accounts/otp/%76erify/").status_code == 200  # the same view, percent-encoded
    assert client.post("/accounts/logout/")["Location"] == "/"
