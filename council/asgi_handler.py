"""Django's ASGI handler with the middleware chain run synchronously, in one thread hop.

Stock ASGIHandler builds an async chain: each middleware that can run async does so, and a
sync-only one (BoundedInput, MemberLanguageMiddleware) makes the chain cross back. For our
chain (sync views, Django's MiddlewareMixin middleware, which in async mode run each
process_request / process_view / process_response in the thread through sync_to_async) one
request went thread -> loop -> thread some nine times: every crossing is a future, a queue
and a wake-up of the event loop, paid on every ballot (issue 19: the bench measured it).

Here the chain is the WSGI one (load_middleware(is_async=False): every middleware, view
middleware and the view called directly), entered once through sync_to_async with
thread_sensitive=True, the thread Django runs sync views in anyway: one crossing there and
back. An async view (healthz) is still awaited, by Django's own async_to_sync in
_get_response. Reading the body, the signals and sending the response stay async.
"""

from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler


class OneHopASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        chain: Any = self._middleware_chain  # type: ignore[has-type]
        self._middleware_chain = sync_to_async(chain, thread_sensitive=True)
