"""Chinese error pages for requests the portal refuses before a view runs (handler400)."""

from __future__ import annotations

from django.contrib.sessions.exceptions import SessionInterrupted
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader

BUSY = "系统正忙，您刚才的操作没有完成。这不是您的操作有误，请稍等片刻后重试。"
MALFORMED = "请求中含有系统无法处理的内容（如不可见的控制字符或过长的文字），未能处理。请返回上一页，检查填写的内容后重试。"


def bad_request_response(message: str = MALFORMED) -> HttpResponse:
    # No request context: the database (and so the session) may be what failed.
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"message": message}))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400. A session that could not be saved (the database restarting) is the
    system's fault, not the user's: say so, and to try again."""

    return bad_request_response(BUSY if isinstance(exception, SessionInterrupted) else MALFORMED)
