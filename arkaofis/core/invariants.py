"""The invariants of every context, in one list: `arkaofis check` reports them and the test
suite asserts them after every test. Each context registers its own checks when it starts
(AppConfig.ready), so the kernel knows none of them. A check returns one human-readable line
per break (at most a few dozen); an empty list means it holds."""

from collections.abc import Callable

Check = Callable[[], list[str]]

_CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    _CHECKS[name] = check


def registered() -> dict[str, Check]:
    return dict(_CHECKS)


def invariant_breaks() -> dict[str, list[str]]:
    """{check name: breaks} for every registered check that fails."""
    results = {name: check() for name, check in _CHECKS.items()}
    return {name: lines for name, lines in results.items() if lines}
