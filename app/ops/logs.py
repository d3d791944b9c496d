"""Structured logs: ``LOG_FORMAT=json`` (one JSON object a line, for journald/Loki/ELK) or ``text`` (default).

Every request gets an id: the ``X-Request-ID`` set by the proxy (nginx's ``$request_id``) when it is
well-formed, else a fresh one; it is echoed in the response's ``X-Request-ID`` and stamped on every log
line written while the request runs, so one user's complaint leads to the lines of its request on each
server. One line per request (logger ``khenthuong.request``): method, path, endpoint, status, duration
in ms, user id, client address.

Why the standard library: a JSON formatter is a dozen lines over ``logging.Formatter`` (fields of the
record plus ``extra=``), and the stdlib keeps working in the worker, the CLI and gunicorn's processes
alike; python-json-logger would add a dependency for the same dozen lines.
"""
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request, session

REQUEST_LOG = logging.getLogger("khenthuong.request")
# What a proxy may hand us as an id: letters, digits and - _ . : up to 128 (nginx's $request_id is 32 hex).
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Attributes every LogRecord has: anything else on a record came from ``extra=`` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}
_HANDLER_MARK = "_khenthuong_handler"


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Stamps the current request's id (or "-" outside requests: the worker, the CLI) on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = {key: value for key, value in vars(record).items() if key not in _STANDARD}
        return line + "".join(f" {key}={value}" for key, value in fields.items()) if fields else line


def configure(log_format: str, level: str = "INFO") -> None:
    """One handler on the root logger, to stderr (systemd's journal), in the chosen format. Called again
    (a second app in the same process) it replaces its own handler and leaves others' alone."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level)


def init_app(app: Flask) -> None:
    log_format = (app.config.get("LOG_FORMAT") or "text").lower()
    if log_format not in ("json", "text"):
        raise RuntimeError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    # Tests keep pytest's own log capture unless they ask for a format; a server always configures.
    if not app.testing or app.config.get("LOG_CONFIGURE"):
        configure(log_format, app.config.get("LOG_LEVEL") or "INFO")
    REQUEST_LOG.setLevel(logging.INFO)

    @app.before_request
    def start_request():
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if _WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        rid = g.get("request_id")
        if rid is None:  # a response made before our before_request ran (another hook answered first)
            return response
        response.headers["X-Request-ID"] = rid
        duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
        # From the signed session cookie, not current_user: no database round trip, and it still works when
        # the request failed because the database went away (app/ops/faults.py).
        user_id = str(session.get("_user_id") or "").partition(":")[0]
        REQUEST_LOG.info(
            "%s %s %s %.1f ms", request.method, request.path, response.status_code, duration_ms,
            extra={"method": request.method, "path": request.path, "endpoint": request.endpoint,
                   "status": response.status_code, "duration_ms": duration_ms,
                   "user_id": int(user_id) if user_id.isdecimal() else None,
                   "remote_addr": request.remote_addr, "request_id": rid})
        return response
