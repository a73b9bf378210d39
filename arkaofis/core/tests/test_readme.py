"""What a newcomer reads first stays true: the README's settings table names every environment
variable the code reads, and `make demo` serves on the port it is given."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "arkaofis"
READS = re.compile(r"""(?:os\.environ\.get|os\.getenv|env_bool|os\.environ)\s*[(\[]\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names - {"DJANGO_SETTINGS_MODULE"}  # set by the arkaofis command itself, not by a user


def settings_table() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", section, flags=re.M))


def test_the_readme_settings_table_lists_every_environment_variable_the_code_reads():
    read = variables_read_by_the_code()
    assert {"DATABASE_URL", "ARKAOFIS_VAR_DIR", "SECRET_KEY"} <= read  # the search itself works
    assert sorted(read - settings_table()) == []


def test_the_readme_lists_no_variable_the_code_does_not_read():
    add_channel = {"CHANNEL_WEBHOOK_SECRET", "CHANNEL_CREDENTIALS"}  # named by add_channel's --…-env defaults
    source = (PACKAGE / "channels/management/commands/add_channel.py").read_text(encoding="utf-8")
    assert all(name in source for name in add_channel)
    assert sorted(settings_table() - variables_read_by_the_code() - add_channel) == []


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_demo_serves_on_the_port_given(args, port):
    make = shutil.which("make") or "make"
    plan = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [make, "--dry-run", "--always-make", "-C", str(ROOT), "demo", *args],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    served = [line for line in plan.splitlines() if "runserver" in line]
    assert served and served[-1].endswith(f"runserver 127.0.0.1:{port}")
