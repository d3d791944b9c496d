"""Configuration defaults; overridden by ``instance/config.py`` and ``KHENTHUONG_*``/known env vars."""
import os
from collections.abc import Callable
from datetime import timedelta

DEFAULT_SECRET_KEY = "dev-insecure-change-me"


class Config:
    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # set in create_app: instance/khenthuong.sqlite
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # On PostgreSQL, GET views marked ``reads_only`` (app/web.py) run their statements in autocommit: no
    # BEGIN and ROLLBACK round trips. The test suite turns it off (its requests share the test's session).
    SQL_AUTOCOMMIT_READS = True
    MAX_UPLOAD_MB = 20
    UPLOAD_FOLDER = None  # default: instance/uploads
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    PROVINCE_NAME = "Gia Lai"
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "10 per minute"
    PAGE_SIZE = 25
    # Long lists count their matches up to this many (app/pagination.py): beyond, "more than 1000" and a
    # next-page link, instead of an exact count over the whole scope on every request.
    LIST_COUNT_CAP = 1000
    # Dates people type: any date field accepts only years in this range (a typo like 0225 or 9999
    # is refused), and an act (a decision, a council session, a central decision) is dated at most
    # this many days before or after today; a future act also needs its form's confirmation.
    DATE_MIN_YEAR = 1900
    DATE_MAX_YEAR = 2100
    ACT_DATE_PAST_DAYS = 366
    ACT_DATE_FUTURE_DAYS = 366
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # "Remember me" keeps a user logged in this long; REMEMBER_COOKIE_SECURE follows SESSION_COOKIE_SECURE
    # unless set (app/web.py). Logging out anywhere ends it, like every session of the user.
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Guessing at one username, from any address (app/auth/throttle.py): after this many failures in a
    # row the username waits LOGIN_LOCK_MINUTES, doubling with each further failure up to the maximum.
    LOGIN_LOCK_AFTER_FAILURES = 5
    LOGIN_LOCK_MINUTES = 1
    LOGIN_LOCK_MAX_MINUTES = 15
    LOGIN_FAILURES_FORGOTTEN_HOURS = 24
    # How many reverse proxies (nginx) stand in front of the app and set X-Forwarded-For/-Proto: 0 trusts
    # no such header (a client could forge it); 1 behind one nginx.
    TRUSTED_PROXIES = 0
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # Static files (vendored htmx/Bootstrap) cached for an hour; only them (app/web.py: downloads are no-cache).
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    # Background jobs (app/jobs/queue.py): Huey on Redis when a URL is set (production, several servers),
    # else on a SQLite file (default instance/huey.sqlite); immediate (in the request) when None and testing.
    HUEY_REDIS_URL = None
    HUEY_SQLITE_PATH = None
    HUEY_IMMEDIATE = None
    JOB_WORKERS = 2  # threads per `flask jobs worker`
    JOB_STALE_SECONDS = 600  # a running job silent this long lost its worker: queued again (once)
    # Notification e-mails (app/notifications/mail.py): none are sent while MAIL_SERVER is empty (they wait,
    # pending, in the database). BASE_URL makes the e-mails' links absolute (https://khenthuong.example.vn).
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "khenthuong@localhost"
    MAIL_TIMEOUT = 30
    BASE_URL = "http://localhost:5000"
    # Operations (app/ops): LOG_FORMAT json|text; /readyz's database timeout; who may read /metrics (clients
    # in these networks, or with "Authorization: Bearer <METRICS_TOKEN>"); PostgreSQL's connect timeout.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    READYZ_TIMEOUT_SECONDS = 2.0
    METRICS_ALLOWED_NETWORKS = "127.0.0.1/32,::1/128"
    METRICS_TOKEN = ""
    DB_CONNECT_TIMEOUT = 5
    # Stored files (app/filestore.py): "disk" (UPLOAD_FOLDER; one server) or "database" (PostgreSQL: shared by
    # every app server, in the database backup); `flask storage move --to …` moves existing files.
    FILE_STORAGE = "disk"
    # Downloads from disk handed to nginx (its internal location, deploy/nginx/khenthuong.conf): "/_protected/".
    X_ACCEL_REDIRECT = ""
    # Redis down: the per-address login limit falls back to each process's memory (logged) instead of
    # failing every login; the per-username lock lives in the database and is unaffected.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_KEY_PREFIX = "khenthuong"


# Environment variables read on start-up: name -> (config key, converter).
ENV_OVERRIDES: dict[str, tuple[str, Callable[[str], object]]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "UPLOAD_FOLDER": ("UPLOAD_FOLDER", str),
    "MAX_UPLOAD_MB": ("MAX_UPLOAD_MB", int),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "PROVINCE_NAME": ("PROVINCE_NAME", str),
    "ACT_DATE_PAST_DAYS": ("ACT_DATE_PAST_DAYS", int),
    "ACT_DATE_FUTURE_DAYS": ("ACT_DATE_FUTURE_DAYS", int),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", lambda v: v.lower() in ("1", "true", "yes")),
    "REMEMBER_COOKIE_DAYS": ("REMEMBER_COOKIE_DURATION", lambda v: timedelta(days=int(v))),
    "LOGIN_LOCK_AFTER_FAILURES": ("LOGIN_LOCK_AFTER_FAILURES", int),
    "LOGIN_LOCK_MINUTES": ("LOGIN_LOCK_MINUTES", int),
    "LOGIN_LOCK_MAX_MINUTES": ("LOGIN_LOCK_MAX_MINUTES", int),
    "LOGIN_FAILURES_FORGOTTEN_HOURS": ("LOGIN_FAILURES_FORGOTTEN_HOURS", int),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "REDIS_URL": ("HUEY_REDIS_URL", str),
    "HUEY_REDIS_URL": ("HUEY_REDIS_URL", str),  # after REDIS_URL: the more specific one wins
    "HUEY_SQLITE_PATH": ("HUEY_SQLITE_PATH", str),
    "JOB_WORKERS": ("JOB_WORKERS", int),
    "JOB_STALE_SECONDS": ("JOB_STALE_SECONDS", int),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in ("1", "true", "yes")),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in ("1", "true", "yes")),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "BASE_URL": ("BASE_URL", str),
    "LOG_FORMAT": ("LOG_FORMAT", str),
    "LOG_LEVEL": ("LOG_LEVEL", str),
    "READYZ_TIMEOUT_SECONDS": ("READYZ_TIMEOUT_SECONDS", float),
    "METRICS_ALLOWED_NETWORKS": ("METRICS_ALLOWED_NETWORKS", str),
    "METRICS_TOKEN": ("METRICS_TOKEN", str),
    "DB_CONNECT_TIMEOUT": ("DB_CONNECT_TIMEOUT", int),
    "FILE_STORAGE": ("FILE_STORAGE", str),
    "X_ACCEL_REDIRECT": ("X_ACCEL_REDIRECT", str),
    "RATELIMIT_KEY_PREFIX": ("RATELIMIT_KEY_PREFIX", str),
    "HUEY_NAME": ("HUEY_NAME", str),
}


def apply_env(config: dict) -> None:
    for env_name, (key, convert) in ENV_OVERRIDES.items():
        value = os.environ.get(env_name)
        if value:
            config[key] = convert(value)
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    # Heroku-style URLs name the old driver; we ship psycopg 3.
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url.split("://", 1)[1]
    if (config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgresql"):
        # A database that does not answer fails a request (503, app/ops/faults.py) in seconds, not minutes.
        options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"connect_timeout": config.get("DB_CONNECT_TIMEOUT", 5),
                                   **options.get("connect_args", {})}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options
