"""Helpers for API tests: users in a role, token-authenticated clients, JSON calls."""

import json
from itertools import count

from django.contrib.auth.models import Group, User
from django.test import Client

from arkaofis.core.services.tokens import create_api_token

PROBLEM = "application/problem+json"
_numbers = count()


def user_in_role(role: str | None) -> User:
    # No password: hashing one costs ~0.3 s; sessions use force_login, the API a token.
    user = User.objects.create_user(f"{role or 'nobody'}-{next(_numbers)}")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


class ApiClient:
    """A Django test client that speaks JSON to /api/ with a bearer token (or a session)."""

    def __init__(self, user: User | None = None, *, token: str | None = None, client: Client | None = None):
        self.user = user
        if token is None and user is not None and client is None:
            _, token = create_api_token(user=user, name="tests")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = client or Client(headers=headers)

    def get(self, path: str, **params):
        return self.client.get("/api" + path, params)

    def post(self, path: str, body=None, *, key: str | None = None, headers: dict | None = None):
        extra = dict(headers or {})
        if key is not None:
            extra["Idempotency-Key"] = key
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return self.client.post("/api" + path, data=data, content_type="application/json", headers=extra)


def as_role(role: str | None) -> ApiClient:
    return ApiClient(user_in_role(role))


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    if code is not None:
        assert body["type"].endswith("/" + code), body["type"]
    return body
