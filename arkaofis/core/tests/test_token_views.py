import pytest
from django.urls import reverse

from arkaofis.core.models import ApiToken, AuditLog
from arkaofis.core.services.tokens import authenticate_api_token, create_api_token, token_digest
from arkaofis.core.tests.users import user_with_role

pytestmark = pytest.mark.django_db


def create(client, name="Shopify sync"):
    return client.post(reverse("api_tokens"), {"name": name})


def test_the_tokens_page_needs_a_login_and_a_role(client):
    assert client.get(reverse("api_tokens")).status_code == 302
    client.force_login(user_with_role(None))
    assert client.get(reverse("api_tokens")).status_code == 403
    assert create(client).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant", "manager", "admin"])
def test_every_role_reaches_the_tokens_page_from_the_user_menu(client, role):
    client.force_login(user_with_role(role))
    assert f'href="{reverse("api_tokens")}"' in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("api_tokens")).status_code == 200


def test_a_new_token_is_shown_once_and_stored_only_as_a_digest(client):
    user = user_with_role("viewer")
    client.force_login(user)
    response = create(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    token = ApiToken.objects.get(user=user)
    assert token.name == "Shopify sync"
    assert raw.startswith(token.prefix) and raw in response.content.decode()
    assert token.digest == token_digest(raw)
    assert raw not in {token.prefix, token.digest, token.name}
    assert authenticate_api_token(raw) == token
    assert AuditLog.objects.get(action="api_token.created").source == "ui"

    again = client.get(reverse("api_tokens")).content.decode()
    assert raw not in again
    assert token.prefix in again


def test_a_token_needs_a_name(client):
    client.force_login(user_with_role("viewer"))
    response = create(client, name="   ")
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_the_users_own_tokens(client):
    me, other = user_with_role("viewer", "me"), user_with_role("manager", "other")
    create_api_token(user=me, name="my script")
    create_api_token(user=other, name="their script")
    client.force_login(me)
    response = client.get(reverse("api_tokens"))
    assert [t.name for t in response.context["tokens"]] == ["my script"]
    assert "their script" not in response.content.decode()


def test_revoking_a_token_stops_it_working(client):
    user = user_with_role("warehouse")
    token, raw = create_api_token(user=user, name="scanner")
    client.force_login(user)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_api_token(raw) is None
    assert AuditLog.objects.get(action="api_token.revoked").user == user
    page = client.get(response.url).content.decode()
    assert "revoked" in page
    assert reverse("api_token_revoke", args=[token.pk]) not in page


def test_another_users_token_cannot_be_revoked_and_is_not_found(client):
    owner = user_with_role("manager", "owner")
    token, raw = create_api_token(user=owner, name="owner's sync")
    client.force_login(user_with_role("admin", "intruder"))
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert authenticate_api_token(raw) == token


def test_revoking_is_a_post(client):
    user = user_with_role("viewer")
    token, _ = create_api_token(user=user, name="x")
    client.force_login(user)
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_tokens_page_speaks_turkish(client):
    client.force_login(user_with_role("viewer"))
    client.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = create(client).content.decode()
    assert "API anahtarları" in content
    assert "yalnızca bu kez gösterilir" in content
    assert "İptal et" in content
