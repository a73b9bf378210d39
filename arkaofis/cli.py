"""The `arkaofis` command: every Django management command, plus the ledger check.

`arkaofis check` runs Django's system checks and then the stock-ledger invariants, so one
command tells an operator whether the installation and its data are sound.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arkaofis.settings")
    argv = list(sys.argv if argv is None else argv)
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and argv[1] == "check":
        execute_from_command_line([argv[0], "check", *argv[2:]])
        execute_from_command_line([argv[0], "check_ledger"])
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
