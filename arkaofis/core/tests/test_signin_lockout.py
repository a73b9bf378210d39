"""Repeated failed sign-ins lock the username out from that address, on the sign-in page and the
admin alike: the right password is then refused with a clear message, until the cool-off passes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from arkaofis.core.models import AuditLog
from arkaofis.core.signin import LOCKED_OUT
from arkaofis.core.tests.users import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"


def sign_in(client: Client, path: str, username: str, password: str, language: str = "en"):
    return client.post(path, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE=language)


def fail_until_locked(client: Client, path: str, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, path, username, "wrong password")


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", [LOGIN, ADMIN_LOGIN])
def test_after_too_many_failures_the_right_password_is_refused_with_the_lockout_message(path):
    user = user_with_role("manager", username="ayse")
    user.is_staff = True
    user.save()
    client = Client()
    fail_until_locked(client, path, "ayse")
    response = sign_in(client, path, "ayse", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "Try again in 15 minutes" in response.content.decode()
    assert not is_signed_in(client)


def test_the_lockout_message_is_in_turkish_for_a_turkish_browser():
    user_with_role("warehouse", username="mehmet")
    client = Client()
    fail_until_locked(client, LOGIN, "mehmet")
    page = sign_in(client, LOGIN, "mehmet", PASSWORD, language="tr").content.decode()
    assert "Çok fazla başarısız giriş" in page
    assert "15 dakika sonra yeniden deneyin" in page


def test_failures_below_the_limit_do_not_lock_and_a_success_starts_the_count_again():
    user_with_role("viewer", username="zeynep")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, LOGIN, "zeynep", "wrong password").status_code == 200
    assert sign_in(client, LOGIN, "zeynep", PASSWORD).status_code == 302
    assert is_signed_in(client)
    assert not AuditLog.objects.filter(action=LOCKED_OUT).exists()


def test_after_the_cool_off_the_right_password_works_again():
    user_with_role("manager", username="ayse")
    client = Client()
    fail_until_locked(client, LOGIN, "ayse")
    assert sign_in(client, LOGIN, "ayse", PASSWORD).status_code == 429
    # The failures were recorded longer ago than the cool-off.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert sign_in(client, LOGIN, "ayse", PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_a_lockout_is_audited_once_with_the_account_and_the_address():
    user = user_with_role("manager", username="ayse")
    client = Client()
    fail_until_locked(client, ADMIN_LOGIN, "ayse")
    for _ in range(3):  # refused tries during the lockout are not new lockouts
        sign_in(client, ADMIN_LOGIN, "ayse", PASSWORD)
    row = AuditLog.objects.get(action=LOCKED_OUT)
    assert row.object_type == "auth.user" and row.object_id == str(user.pk)
    assert row.data == {"username": "ayse", "ip_address": "127.0.0.1", "path": ADMIN_LOGIN}
    assert row.user is None and row.source == "ui"


def test_a_lockout_of_one_address_leaves_the_same_user_free_elsewhere():
    user_with_role("manager", username="ayse")
    fail_until_locked(Client(REMOTE_ADDR="203.0.113.9"), LOGIN, "ayse")
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, LOGIN, "ayse", PASSWORD).status_code == 302
