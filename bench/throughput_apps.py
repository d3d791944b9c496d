"""The two WSGI apps bench/throughput.py starts under gunicorn: the real app and a bare baseline.

Both read their database from the environment (``KT_TP_URL``, ``KT_TP_SCHEMA``: one PostgreSQL schema per
size). The bare app is the limit of this stack: Flask + Jinja rendering a page of the same rows from ONE
SQL query each (no ORM, no login, no translations), with the same WHERE and ORDER BY as the app's page
query, so the same indexes serve it. Started as ``gunicorn 'bench.throughput_apps:real_app()'`` and
``gunicorn 'bench.throughput_apps:bare_app()'``.
"""
import os
import tempfile

from flask import Flask, abort, render_template, request
from jinja2 import DictLoader
from sqlalchemy import create_engine, text

# The appraiser's scope (everything submitted) and the app's orders (app/nominations/listing.py,
# app/workflow/inbox.py). The inbox's states are those of the appraiser's inbox, passed by throughput.py.
_LIST_COLUMNS = """
SELECT d.id, d.nominee_name, d.nominee_kind, d.nominee_position, a.name AS award, c.name AS campaign,
       c.year, u.name AS unit, d.state, d.updated_at, d.stage_due_on
FROM dossier d JOIN award a ON a.id = d.award_id JOIN campaign c ON c.id = d.campaign_id
JOIN unit u ON u.id = d.unit_id
"""
LIST_SQL = _LIST_COLUMNS + """
WHERE d.submitted_at IS NOT NULL {search} ORDER BY d.updated_at DESC, d.id DESC LIMIT 25"""
INBOX_SQL = _LIST_COLUMNS + """
WHERE d.submitted_at IS NOT NULL AND d.state IN ({states})
ORDER BY d.stage_due_on {nulls}, d.state_changed_at, d.id LIMIT 25"""
DOSSIER_SQL = """
SELECT d.*, a.name AS award, c.name AS campaign, c.year, u.name AS unit
FROM dossier d JOIN award a ON a.id = d.award_id JOIN campaign c ON c.id = d.campaign_id
JOIN unit u ON u.id = d.unit_id WHERE d.id = :id AND d.submitted_at IS NOT NULL"""

_LAYOUT = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
<link rel="stylesheet" href="/static/vendor/bootstrap.min.css"><script src="/static/vendor/htmx.min.js" defer></script>
</head><body><nav class="navbar navbar-expand-lg"><div class="container-fluid">
<a class="navbar-brand" href="/">Thi đua – Khen thưởng</a><ul class="navbar-nav">{% for label in menu %}
<li class="nav-item"><a class="nav-link" href="/{{ loop.index }}">{{ label }}</a></li>{% endfor %}</ul>
</div></nav><main class="container-fluid py-3">{% block main %}{% endblock %}</main></body></html>"""
_ROWS = """<table class="table table-hover table-stack align-middle"><thead><tr><th>Đối tượng</th><th>Hình thức</th>
<th>Đợt</th><th>Đơn vị</th><th>Trạng thái</th><th>Cập nhật</th></tr></thead><tbody>
{% for d in rows %}<tr><td><a href="/dossiers/{{ d.id }}">{{ d.nominee_name }}</a>
<div class="small text-body-secondary">{{ d.nominee_kind }} · {{ d.nominee_position }}</div></td>
<td data-label="Hình thức">{{ d.award }}</td><td class="small" data-label="Đợt">{{ d.campaign }} ({{ d.year }})</td>
<td class="small" data-label="Đơn vị">{{ d.unit }}</td>
<td><span class="badge text-bg-secondary">{{ d.state }}</span></td>
<td class="small text-nowrap">{{ d.updated_at.strftime("%d/%m/%Y %H:%M") }}</td></tr>{% endfor %}</tbody></table>"""
TEMPLATES = {
    "layout.html": _LAYOUT,
    "_rows.html": _ROWS,
    "list.html": """{% extends "layout.html" %}{% block title %}Hồ sơ{% endblock %}{% block main %}
<form class="row g-2" hx-get="/list" hx-target="#results"><input class="form-control" name="q" value="{{ q }}"></form>
<div id="results">{% include "_rows.html" %}</div>{% endblock %}""",
    "dossier.html": """{% extends "layout.html" %}{% block title %}{{ d.nominee_name }}{% endblock %}{% block main %}
<h1>{{ d.nominee_name }}</h1><dl class="row">{% for key, value in d.items() %}<dt class="col-3">{{ key }}</dt>
<dd class="col-9">{{ value if value is not none else "—" }}</dd>{% endfor %}</dl>{% endblock %}""",
}
MENU = ["Hồ sơ", "Việc cần xử lý", "Hội đồng", "Quyết định", "Chấm điểm", "Sổ theo dõi", "Thống kê", "Quản trị"]


def _engine():
    schema = os.environ.get("KT_TP_SCHEMA")
    args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(os.environ["KT_TP_URL"], connect_args=args, pool_size=4)


def bare_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader(TEMPLATES)
    engine = _engine()
    inbox_states = ", ".join(f"'{s}'" for s in os.environ.get("KT_TP_INBOX_STATES", "submitted").split(","))
    nulls = "NULLS LAST" if engine.dialect.name == "sqlite" else ""  # PostgreSQL: ASC is NULLS LAST already

    def rows(sql: str, **params) -> list:
        with engine.connect() as conn:
            return [row._asdict() for row in conn.execute(text(sql), params)]

    @app.get("/list")
    def listing():
        q = request.args.get("q", "")
        search = "AND d.search_key LIKE :like" if q else ""
        found = rows(LIST_SQL.format(search=search), like=f"%{q}%")
        if request.headers.get("HX-Request"):
            return render_template("_rows.html", rows=found)
        return render_template("list.html", rows=found, q=q, menu=MENU)

    @app.get("/inbox")
    def inbox():
        return render_template("list.html", rows=rows(INBOX_SQL.format(states=inbox_states, nulls=nulls)),
                               q="", menu=MENU)

    @app.get("/dossier/<int:dossier_id>")
    def dossier(dossier_id: int):
        found = rows(DOSSIER_SQL, id=dossier_id)
        if not found:
            abort(404)
        return render_template("dossier.html", d=found[0], menu=MENU)

    return app


def real_app():
    from app import create_app

    schema = os.environ.get("KT_TP_SCHEMA")
    config = {
        "SECRET_KEY": os.environ.get("KT_TP_SECRET", "throughput-bench-secret-not-for-production-use"),
        "SQLALCHEMY_DATABASE_URI": os.environ["KT_TP_URL"],
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": os.path.join(tempfile.gettempdir(), "khenthuong-throughput-uploads"),
        "HUEY_IMMEDIATE": False,
    }
    if schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True,
                                               "connect_args": {"options": f"-csearch_path={schema}"}}
    return create_app(config)
