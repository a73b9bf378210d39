"""One callback per transaction, run after it commits, however many changes asked for it.

`once_after_commit(name, make, note)` finds the callback of that name waiting for the current
transaction's commit, or makes one with `make()` and registers it (robustly: a failing callback
is logged, never undoes or fails the committed work); `note(callback)` then adds the caller's
part to it. A commit runs it and a rollback discards it; either way the next call starts anew.
Outside a transaction the callback runs at once, after `note`. The stock ledger gathers its
arrivals this way, and the outbox asks for one delivery per transaction that wrote events.
"""

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction


class _Entry:
    def __init__(self, callback: Callable[[], Any]) -> None:
        self.callback = callback
        self.slot = -1  # where it sits in connection.run_on_commit

    def __call__(self) -> None:
        self.callback()


def once_after_commit(
    name: str,
    make: Callable[[], Callable[[], Any]],
    note: Callable[[Any], None] = lambda callback: None,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Have the callback `name` run once after this transaction commits; `note` adds to it."""
    connection = connections[using]
    marks: dict[str, _Entry] = connection.__dict__.setdefault("_arkaofis_after_commit", {})
    entry = marks.get(name)
    if entry is not None and _waiting(connection, entry):
        note(entry.callback)
        return
    entry = _Entry(make())
    marks[name] = entry
    note(entry.callback)
    entry.slot = len(connection.run_on_commit)
    transaction.on_commit(entry, using=using, robust=True)


def _waiting(connection: Any, entry: _Entry) -> bool:
    """Whether `entry` still waits for the current transaction's commit. Looks at the slot it was
    put in first, so a long transaction does not rescan its callbacks on every call."""
    if not connection.in_atomic_block:
        return False
    pending = connection.run_on_commit
    if 0 <= entry.slot < len(pending) and pending[entry.slot][1] is entry:
        return True
    for slot, item in enumerate(pending):  # moved by a savepoint rollback that dropped others
        if item[1] is entry:
            entry.slot = slot
            return True
    return False
