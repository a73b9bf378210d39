"""`Idempotency-Key` for API writes: a retried POST is answered from the record, not re-run.

How it holds under concurrency: the key row is inserted at the start of the same transaction
as the work, and (user, key) is unique. A concurrent duplicate's insert waits on that unique
index (PostgreSQL) or on the write lock (SQLite, IMMEDIATE transactions) until the first
transaction ends; if the first committed, the duplicate fails to insert and replays the
stored answer, and if it rolled back, the duplicate runs as if it were first. So the work runs
at most once per key.

Only successful (2xx) answers are stored. A refused request writes nothing, the key row
included, so a client may fix the cause (e.g. wait for stock) and retry with the same key.
The same key with a different request (method, path or body) is refused with 422.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Status
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_RETENTION = timedelta(days=7)  # how long a retry still gets the first answer


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency-key-reused"
    title = _("Idempotency key reused for a different request")
    message = _("The Idempotency-Key %(key)s was already used for a different request; use a new key.")

    def __init__(self, key: str) -> None:
        super().__init__(
            f"The Idempotency-Key {key!r} was already used for a different request; use a new key.", key=key
        )


class IdempotencyKeyVanished(Conflict):
    code = "idempotency-key-in-doubt"
    title = _("Idempotency key in doubt")
    message = _("The request with Idempotency-Key %(key)s could not be settled; retry it.")

    def __init__(self, key: str) -> None:
        super().__init__(f"The request with Idempotency-Key {key!r} could not be settled; retry it.", key=key)


class _Discard(Exception):
    """Leaves the transaction (rolling it back) while carrying the answer to send."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


class _KeyTaken(Exception):
    pass


def render(result: Any) -> HttpResponse:
    """The HTTP answer for what a view returned: `Status(code, body)` or a body (200)."""
    status, value = (result.status_code, result.value) if isinstance(result, Status) else (200, result)
    if isinstance(value, BaseModel):
        # Python mode, then ninja's encoder, as ninja renders every other answer: the same
        # datetimes (milliseconds) and decimals whether an order is read back or just created.
        value = value.model_dump()
    return HttpResponse(json.dumps(value, cls=NinjaJSONEncoder), status=status, content_type=JSON_CONTENT_TYPE)


def request_fingerprint(request: HttpRequest) -> str:
    """SHA-256 of what makes two requests "the same": method, path with query, body."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    try:
        digest.update(request.body)
    except RawPostDataException:
        # A multipart body was already streamed into POST/FILES; hash what it held.
        for name in sorted(request.POST):
            digest.update(f"{name}={request.POST.getlist(name)}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"{name}:{upload.name}\n".encode())
                upload.seek(0)
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    return digest.hexdigest()


def _replay(record: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(record.key)
    response = HttpResponse(bytes(record.response_body), status=record.status_code, content_type=record.content_type)
    response[REPLAY_HEADER] = "true"
    return response


def find_stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def _run_once(request: HttpRequest, key: str, call: Callable[[], Any]) -> HttpResponse:
    user = request.auth  # type: ignore[attr-defined]
    fingerprint = request_fingerprint(request)
    # No look-up first: the insert below finds a stored key itself (IntegrityError), so a first
    # request, the common case, costs one round trip less and a replay one more.
    try:
        with transaction.atomic():
            try:
                record = IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    method=request.method or "POST",
                    path=request.path[:512],
                    request_hash=fingerprint,
                    status_code=0,
                    response_body=b"",
                )
            except IntegrityError:
                raise _KeyTaken from None
            response = render(call())
            if not 200 <= response.status_code < 300:
                raise _Discard(response)
            IdempotencyKey.objects.filter(pk=record.pk).update(
                status_code=response.status_code,
                response_body=response.content,
                content_type=response["Content-Type"],
            )
            return response
    except _Discard as discarded:
        return discarded.response
    except _KeyTaken:
        stored = find_stored(user, key)
        if stored is None or stored.status_code == 0:
            raise IdempotencyKeyVanished(key) from None
        return _replay(stored, fingerprint)


def idempotent(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Decorate a POST view (below the router decorator) to honour `Idempotency-Key`.

    The view returns `Status(code, body)` or a body; the wrapper renders it to JSON itself so
    the exact bytes sent can be stored and replayed.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return render(view(request, *args, **kwargs))
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise InvalidInput(
                gettext("%(header)s must be 1-%(max_key_length)s printable characters")
                % {"header": HEADER, "max_key_length": MAX_KEY_LENGTH},
                header=HEADER,
            )
        return _run_once(request, key, lambda: view(request, *args, **kwargs))

    wrapper.idempotent = True  # type: ignore[attr-defined]
    return wrapper


def forget_old_keys(*, older_than: timedelta = DEFAULT_RETENTION) -> int:
    """Delete stored answers older than the replay window; a retry after that runs again.

    Meant for a daily task; returns how many keys were forgotten.
    """
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
