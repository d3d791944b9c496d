"""Static URLs that change when the file changes: ``url_for('static', filename=…)`` adds ``?v=<hash>``.

nginx (deploy/nginx/khenthuong.conf) serves ``/static/`` with a one-year ``Cache-Control: immutable``;
that is safe only because a new release of a file has a new URL. The hash is of the content (not the
modification time, which differs between servers and checkouts), so every app server writes the same URL.
Computed once per file per process.
"""
import hashlib
import os

from flask import Flask

_versions: dict[str, str | None] = {}


def _version(static_folder: str, filename: str) -> str | None:
    if filename not in _versions:
        path = os.path.join(static_folder, filename)
        try:
            with open(path, "rb") as file:
                _versions[filename] = hashlib.sha256(file.read()).hexdigest()[:12]
        except OSError:  # not a file: leave the URL as it is, the 404 tells
            _versions[filename] = None
    return _versions[filename]


def init_app(app: Flask) -> None:
    static_folder = app.static_folder
    if not static_folder:
        return

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _version(static_folder, values["filename"])
            if version:
                values["v"] = version
