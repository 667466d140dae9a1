"""Settings: embedded defaults (SQLite, in-memory channel layer) that a demo runs on as is.

DATABASE_URL switches to PostgreSQL, REDIS_URL to channels_redis; see README "Production".
"""

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from council.env import env_bool, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PAPERLESS_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key() -> str:
    configured = env_str("DJANGO_SECRET_KEY")
    if configured:
        return configured
    # Several Daphne processes on one machine must share one key, so a generated key
    # is kept on disk rather than made per process.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "council",
    "sessions.apps.SessionsConfig",
    "documents",
    "annotations",
    "voting",
    "records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "council.bounds.BoundedInput",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "council.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "council.urls"
ASGI_APPLICATION = "council.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.identity.identity",  # the council's name in the top bar (issue 18)
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "council.sqlite3",
            # A tablet burst waits for the write lock instead of failing at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            "TEST": {"NAME": env_str("SQLITE_TEST_NAME") or None},
        }
    try:
        # No persistent connections: under ASGI every concurrent request runs in a thread
        # of its own, and 500 ballots in two seconds each kept one open until PostgreSQL
        # refused the 101st ("too many clients"). A bounded pool per process instead.
        config = dj_database_url.parse(url, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL names an unknown database engine.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": env_int("DATABASE_POOL_SIZE", 20, minimum=2),
            # A request waits this long for a free connection before failing.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 20, minimum=1),
        }
    # Named explicitly: the live-server test process otherwise prefixes "test_" twice.
    config["TEST"] = {"NAME": f"test_{config.get('NAME')}"}
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Both layers silently drop messages once a channel holds `capacity` of them; the default
# of 100 lost 41-44 % of events under 20 concurrent producers on these machines. A tablet
# that still misses one sees a gap in `seq` and resyncs (see sessions/live.py).
CHANNEL_CAPACITY = env_int("CHANNEL_CAPACITY", 1000, minimum=100)
# Under a burst, live tallies are sent at most once per this many milliseconds per poll.
# 500 ballots over HTTP to one process on 2 cores (bench, PostgreSQL + Redis): at 50 ms the
# tally fan-out starved the ballot requests (answered over 106 s, tablets never caught up
# within 30 s); at 250 ms, 46 s and every tablet on the final tally 8.8 s after the last.
# Since (per-process hub, tally counted once, no names in tablets' tally, batched receipts):
# answered in 18 s, the final tally on every tablet 121-141 ms after the last ballot.
LIVE_COALESCE_SECONDS = env_int("LIVE_COALESCE_MS", 250, minimum=0) / 1000
# ...and the last one of a burst goes out once none came for this long (sessions/live.py),
# not up to a whole window after the last ballot.
LIVE_QUIET_SECONDS = env_int("LIVE_QUIET_MS", 60, minimum=0) / 1000
# A delegate's own events (a ballot's receipt) travel in batches of this window per sitting.
LIVE_MEMBER_BATCH_SECONDS = env_int("LIVE_MEMBER_BATCH_MS", 250, minimum=0) / 1000
# redis-py's pool raises rather than waits once full. Since the per-process hub a tablet's
# join is at most one group_add per group per process, but keep headroom for bursts.
REDIS_MAX_CONNECTIONS = env_int("REDIS_MAX_CONNECTIONS", 1200, minimum=10)
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": REDIS_MAX_CONNECTIONS,
                        # channels_redis blocks 5 s in BZPOPMIN and redis-py's default read
                        # timeout is also 5 s: the read lost that race on every idle 5 s and
                        # the consumer holding the receive lock crashed (its tablet got 1011).
                        "socket_timeout": 15,
                    }
                ],
                "capacity": CHANNEL_CAPACITY,
                "expiry": 60,
                "group_expiry": 86400,
                "prefix": env_str("REDIS_PREFIX", "council"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_CAPACITY, "expiry": 60},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_MIMETYPES = {
    ".webmanifest": "application/manifest+json",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
}
MEDIA_ROOT = Path(env_str("PAPERLESS_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Documents (see documents/pdf.py): a hostile upload must never take the server down.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 100 * 1024 * 1024, minimum=1024)
DOCUMENT_MAX_PAGES = env_int("DOCUMENT_MAX_PAGES", 2000, minimum=1)
# Tablets read a copy laid out page tree first (DocumentVersion.reading_file). Off only to
# measure the difference (bench/documents_bench.py) or to rule it out when a file misbehaves.
DOCUMENT_READING_COPY = env_bool("DOCUMENT_READING_COPY", True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Behind a TLS-terminating proxy (see README "Production"): secure cookies and HSTS.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 3600)

# voting
# A poll's countdown is closed by a timer thread in the process that opened it (besides the
# lazy close on the next ballot, and `manage.py close_expired_polls --every N`).
VOTING_COUNTDOWN_TIMERS = env_bool("VOTING_COUNTDOWN_TIMERS", True)
# Benchmarks only (bench/ceiling.py): serve /bench/ceiling/, a view doing one INSERT, so a
# ballot's cost can be compared with the stack's own write ceiling in the same process.
BENCH_CEILING = env_bool("BENCH_CEILING", False)

# annotations
# Bounds on what one tablet may store (annotations/validation.py): each refusal is a clear,
# translated message, never a half-saved stroke.
ANNOTATIONS_MAX_POINTS_PER_STROKE = env_int("ANNOTATIONS_MAX_POINTS_PER_STROKE", 2000, minimum=2)
# Strokes of one ink or highlighter annotation; rectangles of a text highlight.
ANNOTATIONS_MAX_STROKES = env_int("ANNOTATIONS_MAX_STROKES", 50, minimum=1)
ANNOTATIONS_MAX_NOTE_CHARS = env_int("ANNOTATIONS_MAX_NOTE_CHARS", 2000, minimum=1)
# Live annotations of one author on one page of one version.
ANNOTATIONS_MAX_PER_PAGE = env_int("ANNOTATIONS_MAX_PER_PAGE", 500, minimum=1)
ANNOTATIONS_MAX_PAYLOAD_BYTES = env_int("ANNOTATIONS_MAX_PAYLOAD_BYTES", 256 * 1024, minimum=1024)
# Carry-forward: a page of the new version whose text is at least this similar (percent,
# word shingles) to the annotated page takes the annotation, marked "moved".
ANNOTATIONS_MOVE_SIMILARITY = env_int("ANNOTATIONS_MOVE_SIMILARITY", 60, minimum=1)
if ANNOTATIONS_MOVE_SIMILARITY > 100:
    raise ImproperlyConfigured("ANNOTATIONS_MOVE_SIMILARITY is a percentage: at most 100.")

# secret ballots (issue 14): the ballot box is a process of its own (python -m ballotbox,
# see README "Secret ballots"); the app reaches it over HTTP with a shared token. The
# defaults match the box's own defaults, so `make run` works as it is.
BALLOT_BOX_URL = env_str("BALLOT_BOX_URL", "http://127.0.0.1:8765").rstrip("/")
BALLOT_BOX_TOKEN = env_str("BALLOT_BOX_TOKEN", "dev-ballot-box-token")
BALLOT_BOX_TIMEOUT_SECONDS = env_int("BALLOT_BOX_TIMEOUT_SECONDS", 30, minimum=1)
# The box's main public key (base64), pinned: when set, the app and the tablets trust only
# it; when empty, the app asks the box once per process (fine on one host, see README).
BALLOT_BOX_MAIN_KEY = env_str("BALLOT_BOX_MAIN_KEY", "")
if not BALLOT_BOX_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("BALLOT_BOX_URL must start with http:// or https://.")
if not BALLOT_BOX_TOKEN:
    raise ImproperlyConfigured("BALLOT_BOX_TOKEN is empty.")
# --- Follow-up (issue 15, followup/): conclusions, agencies and their tasks.
INSTALLED_APPS += ["followup"]

# --- Questioning (chất vấn, issue 17): questions, answers and promises that become tasks.
INSTALLED_APPS += ["questioning"]

# --- Notifications and reminders (issue 15, notifications/ and followup/reminders.py).
# Work that happens later runs on django.tasks with a database-backed worker
# (`manage.py db_worker`, a line of the Procfile): no extra server.
INSTALLED_APPS += ["django_tasks_db", "notifications"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Reminders go out on working days from this local hour (TIME_ZONE) until the quiet hour.
REMINDER_HOUR = env_int("REMINDER_HOUR", 8)
REMINDER_QUIET_HOUR = env_int("REMINDER_QUIET_HOUR", 20, minimum=1)
if not REMINDER_HOUR < REMINDER_QUIET_HOUR <= 24:
    raise ImproperlyConfigured("REMINDER_HOUR must come before REMINDER_QUIET_HOUR (<= 24).")
# Working days before the deadline at which the agency is reminded (and on the day itself).
REMINDER_DAYS_BEFORE = env_int_list("REMINDER_DAYS_BEFORE", [7, 3, 1], minimum=1)
# An overdue task goes to its assigner and the agency's head after this many working days
# overdue, and again every as many (0: never).
REMINDER_ESCALATE_AFTER = env_int("REMINDER_ESCALATE_AFTER", 3)
# Working days an assignee has to acknowledge a task before a reminder.
REMINDER_ACKNOWLEDGE_WITHIN = env_int("REMINDER_ACKNOWLEDGE_WITHIN", 1, minimum=1)
# Absolute links in e-mails and pushes.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail: SMTP when EMAIL_HOST is set, else files in var/mail (the demo; read them there),
# or EMAIL_BACKEND=console to print them.
_email_host = env_str("EMAIL_HOST")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "HĐND <no-reply@localhost>")
if _email_host:
    _mailer: dict[str, Any] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env_int("EMAIL_PORT", 587, minimum=1),
            "username": env_str("EMAIL_HOST_USER") or None,
            "password": env_str("EMAIL_HOST_PASSWORD") or None,
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
        },
    }
elif env_str("EMAIL_BACKEND", "file") == "console":
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
elif env_str("EMAIL_BACKEND", "file") == "file":
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
else:
    raise ImproperlyConfigured("EMAIL_BACKEND must be file or console (or set EMAIL_HOST).")
MAILERS = {"default": _mailer}
# Web Push (VAPID): a PEM private key and its public key (base64url, uncompressed point).
# Unset, a key pair is generated into var/vapid/ on first use (the demo).
VAPID_PRIVATE_KEY_FILE = env_str("VAPID_PRIVATE_KEY_FILE")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:no-reply@localhost")
# records (issue 16): minutes and resolutions, PDF/A, PAdES signatures, public verification.
RECORDS_VAR_DIR = Path(env_str("RECORDS_VAR_DIR") or VAR_DIR / "records")
# pkcs12: <RECORDS_KEY_DIR>/<username>.p12; pkcs11: the token labelled <username>.
RECORDS_SIGNING_BACKEND = env_str("RECORDS_SIGNING_BACKEND", "pkcs12")
if RECORDS_SIGNING_BACKEND not in ("pkcs12", "pkcs11"):
    raise ImproperlyConfigured("RECORDS_SIGNING_BACKEND is pkcs12 or pkcs11.")
RECORDS_KEY_DIR = Path(env_str("RECORDS_KEY_DIR") or RECORDS_VAR_DIR / "keys")
RECORDS_PKCS11_MODULE = env_str("RECORDS_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
RECORDS_PKCS11_KEY_LABEL = env_str("RECORDS_PKCS11_KEY_LABEL", "signing")
# PEM files of the CAs whose signatures the public page accepts as the council's.
RECORDS_TRUST_ROOTS = env_list("RECORDS_TRUST_ROOTS", [str(RECORDS_KEY_DIR / "demo-ca.pem")])
# The address printed under the QR code (what a reader of a paper copy types).
RECORDS_PUBLIC_URL = env_str("RECORDS_PUBLIC_URL", "http://127.0.0.1:8000")
RECORDS_FONT_DIR = env_str("RECORDS_FONT_DIR")
RECORDS_VERIFY_MAX_BYTES = env_int("RECORDS_VERIFY_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Files one client may check per RECORDS_VERIFY_WINDOW seconds on the public page.
RECORDS_VERIFY_PER_WINDOW = env_int("RECORDS_VERIFY_PER_WINDOW", 20, minimum=1)
RECORDS_VERIFY_WINDOW = env_int("RECORDS_VERIFY_WINDOW", 600, minimum=1)
# --- issue 18: dd/mm/yyyy and 24-hour times in every language (council/formats/)
FORMAT_MODULE_PATH = ["council.formats"]
