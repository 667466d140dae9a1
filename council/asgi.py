import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
# Django must be set up before the consumers (and their models) are imported.
django.setup(set_prefix=False)

from council.asgi_handler import OneHopASGIHandler  # noqa: E402

# As get_asgi_application(), with the middleware chain entered once (council/asgi_handler.py).
django_asgi_app = OneHopASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from council.routing import websocket_urlpatterns  # noqa: E402
from council.ws_origin import SameOriginValidator  # noqa: E402
from sessions.wire import WireFrames  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": WireFrames(
            SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
