import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from arkaofis.core.models import ApiToken, AuditLog
from arkaofis.core.roles import SEE_COSTS, SEE_CUSTOMER_CONTACT, SEE_SHIP_TO
from arkaofis.core.services.tokens import authenticate_api_token, create_api_token, revoke_api_token
from arkaofis.core.tests.api_support import ApiClient, assert_problem, user_in_role

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_token_is_stored():
    token, raw = create_api_token(user=user_in_role("viewer"), name="sync")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in [str(value) for value in stored.values()]
    assert raw[len(token.prefix) + 1 :] not in str(stored)
    assert raw.startswith(token.prefix) and len(stored["digest"]) == 64
    assert AuditLog.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()


def test_a_token_authenticates_its_user_and_records_when_it_was_used():
    user = user_in_role("viewer")
    token, raw = create_api_token(user=user, name="sync")
    assert ApiClient(token=raw).get("/inventory/warehouses").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute():
    token, raw = create_api_token(user=user_in_role("viewer"), name="sync")
    recent = timezone.now() - timedelta(seconds=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    authenticate_api_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == recent


@pytest.mark.parametrize(
    "header",
    ["Bearer ark_wrong_token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000, "ark_no_scheme"],
)
def test_a_wrong_or_malformed_token_gets_401(header):
    response = ApiClient().client.get("/api/inventory/warehouses", headers={"Authorization": header})
    problem = assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    secret = header.partition(" ")[2]
    assert not secret or secret not in str(problem)


def test_a_revoked_token_stops_working():
    token, raw = create_api_token(user=user_in_role("viewer"), name="sync")
    revoke_api_token(token=token)
    assert_problem(ApiClient(token=raw).get("/inventory/warehouses"), 401)


def test_a_deactivated_users_token_stops_working():
    user = user_in_role("viewer")
    _, raw = create_api_token(user=user, name="sync")
    user.is_active = False
    user.save()
    assert_problem(ApiClient(token=raw).get("/inventory/warehouses"), 401)


def test_the_command_prints_a_working_token_once_and_revokes_it():
    user = user_in_role("viewer")
    out = io.StringIO()
    call_command("create_api_token", user.username, "--name", "shop sync", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()
    assert ApiClient(token=raw).get("/inventory/warehouses").status_code == 200
    token = ApiToken.objects.get(user=user)
    call_command("create_api_token", user.username, "--revoke", token.prefix, stdout=io.StringIO())
    assert_problem(ApiClient(token=raw).get("/inventory/warehouses"), 401)


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("warehouse", {SEE_COSTS: False, SEE_SHIP_TO: True, SEE_CUSTOMER_CONTACT: False}),
        ("manager", {SEE_COSTS: True, SEE_SHIP_TO: True, SEE_CUSTOMER_CONTACT: True}),
        ("viewer", {SEE_COSTS: False, SEE_SHIP_TO: False, SEE_CUSTOMER_CONTACT: False}),
    ],
)
def test_a_tokens_caller_carries_what_answers_may_show_it_read_in_the_same_query(role, seen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arkaofis.core.roles import may_see
    from arkaofis.core.services.tokens import authenticate_api_token, create_api_token
    from arkaofis.core.tests.users import user_with_role

    _, raw = create_api_token(user=user_with_role(role), name="seeing")
    found = authenticate_api_token(raw, permission="orders.view_salesorder")
    assert found is not None and found.user.known_permissions == seen
    with CaptureQueriesContext(connection) as queries:
        assert {perm: may_see(found.user, perm) for perm in seen} == seen
    assert len(queries) == 0
