import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, User

from arkaofis.core.roles import ROLES


@pytest.mark.django_db
def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.django_db
def test_a_user_without_a_role_may_do_nothing():
    user = User.objects.create_user("nobody", password="x-long-password-1")
    assert not user.get_all_permissions()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_adjust", "may_value"),
    [("viewer", False, False), ("warehouse", True, False), ("accountant", False, True), ("manager", True, True)],
)
def test_roles_grant_what_the_job_needs(role, may_adjust, may_value):
    user = User.objects.create_user(f"u-{role}", password="x-long-password-1")
    user.groups.add(Group.objects.get(name=role))
    assert user.has_perm("inventory.adjust_stock") is may_adjust
    assert user.has_perm("inventory.view_valuation") is may_value
    assert user.has_perm("catalog.view_product")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "shop.example.com",
        "ARKAOFIS_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings",
            "arkaofis.settings",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret(tmp_path):
    env = {**os.environ, "DEBUG": "0", "ARKAOFIS_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import arkaofis.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
