"""The webhook endpoint channels call. No session and no CSRF: the signature is the authentication."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from arkaofis.channels.services.webhooks import receive_webhook
from arkaofis.core.api_errors import request_too_large


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, code: str) -> HttpResponse:
    try:
        body = request.body  # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    except RequestDataTooBig:
        return request_too_large(request)
    result = receive_webhook(channel_code=code, headers=dict(request.headers), body=body)
    return _answer(result.status_code, result.outcome, result.detail)


def _answer(status: int, outcome: str, detail: str) -> JsonResponse:
    if status < 400:
        return JsonResponse({"status": outcome}, status=status)
    problem = {"type": f"https://arkaofis.org/problems/webhook-{outcome}", "status": status, "detail": detail}
    return JsonResponse(problem, status=status, content_type="application/problem+json")
