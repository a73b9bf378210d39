"""Users for view and browser tests: one per role, through the real role groups."""

from django.contrib.auth.models import Group, User

PASSWORD = "a-long-test-password-1"


def user_with_role(role: str | None, username: str = "") -> User:
    user = User.objects.create_user(username or f"user-{role or 'none'}", password=PASSWORD)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
