"""The demo's users: an admin superuser and one user per role, in the role's group.

Passwords are random on every load, never derived from the seed: a demo that anyone can
reach on a network must not have a guessable login.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from arkaofis.core.roles import sync_role_groups

# username (= role), first name, last name
ROLE_USERS = [
    ("manager", "Ayşe", "Yılmaz"),
    ("warehouse", "Mehmet", "Demir"),
    ("accountant", "Elif", "Kaya"),
    ("viewer", "Can", "Öztürk"),
]


@dataclass
class DemoPeople:
    admin: User
    users: dict[str, User]  # role → user
    password: str


def create_people() -> DemoPeople:
    sync_role_groups()  # the groups exist after migrate; this also keeps their permissions exact
    password = secrets.token_urlsafe(12)
    model = get_user_model()
    admin, _ = model.objects.update_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
    )
    admin.set_password(password)  # hashing is slow by design: hash once, share the hash
    admin.save()
    admin.groups.add(Group.objects.get(name="admin"))
    users = {}
    for role, first_name, last_name in ROLE_USERS:
        user, _ = model.objects.update_or_create(
            username=role,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{role}@example.com"},
        )
        user.password = admin.password
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[role] = user
    return DemoPeople(admin=admin, users=users, password=password)


def demo_usernames() -> list[str]:
    return ["admin", *(role for role, _, _ in ROLE_USERS)]
