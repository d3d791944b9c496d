"""Operations endpoints and glue (app/ops): liveness and readiness, request ids and the per-request log
line, /metrics and who may read it, versioned static URLs, and a lost database answering 503."""
import json
import logging
import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Role, State
from app.ops import health, logs


def test_healthz_answers_without_login_or_database(client, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("liveness must not touch the database")

    monkeypatch.setattr(db.session, "execute", no_database)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


@pytest.fixture
def migrated(app):
    """The test database, created by create_all, stamped at the migrations' head as `flask db upgrade` would."""
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("DELETE FROM alembic_version"))
        for head in health.migration_heads():
            connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    yield
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))


def test_readyz_is_ready_when_database_queue_and_migrations_are(client, migrated):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["database"]["migrations"] == sorted(
        health.migration_heads())
    assert body["checks"]["queue"]["ok"]
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_when_migrations_are_behind(client, migrated):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    assert "migrations not at head" in response.json["checks"]["database"]["error"]


def test_readyz_is_503_when_never_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "flask db upgrade" in response.json["checks"]["database"]["error"]


def test_readyz_is_503_when_the_queue_is_down(client, migrated, monkeypatch, app):
    huey = app.extensions["huey"]

    def refused():
        raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(huey, "pending_count", refused)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"]["ok"] is True
    assert "Connection refused" in response.json["checks"]["queue"]["error"]


def test_request_id_from_the_proxy_is_echoed_and_a_bad_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "0123456789abcdef"}).headers["X-Request-ID"] == \
        "0123456789abcdef"
    forged = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script> " + "y" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])
    fresh = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-ID"])
    assert fresh.headers["X-Request-ID"] != client.get("/healthz").headers["X-Request-ID"]


def test_one_json_line_per_request_with_endpoint_status_duration_and_user(app, make, caplog):
    user = make.make_actor(Role.OFFICER)
    client = make.signed_in_client(app, user)
    formatter = logs.JsonFormatter()
    with caplog.at_level(logging.INFO, logger="khenthuong.request"):
        client.get("/dossiers/", headers={"X-Request-ID": "req-abcdef-42"})
    lines = [json.loads(formatter.format(record)) for record in caplog.records if record.name == "khenthuong.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "req-abcdef-42"
    assert line["method"] == "GET" and line["path"] == "/dossiers/" and line["status"] == 200
    assert line["endpoint"] and line["user_id"] == user.id
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0


def test_log_format_json_writes_json_to_stderr(capsys):
    logs.configure("json")
    try:
        logging.getLogger("khenthuong.test").warning("hello %s", "Hà Nội", extra={"dossier_id": 7})
        err = capsys.readouterr().err.strip().splitlines()[-1]
        entry = json.loads(err)
        assert entry["message"] == "hello Hà Nội" and entry["dossier_id"] == 7 and entry["level"] == "WARNING"
        assert entry["request_id"] == "-"
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, logs._HANDLER_MARK, False):
                root.removeHandler(handler)


def test_metrics_are_refused_outside_the_allowed_networks_unless_with_the_token(app, client):
    app.config["METRICS_ALLOWED_NETWORKS"] = "10.0.0.0/8"
    app.config["METRICS_TOKEN"] = "s3cret-token"
    try:
        assert client.get("/metrics").status_code == 404
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
        assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    finally:
        app.config["METRICS_ALLOWED_NETWORKS"] = "127.0.0.1/32,::1/128"
        app.config["METRICS_TOKEN"] = ""


def _sample(body: str, name: str, **labels) -> float:
    for line in body.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_latency_by_endpoint_committed_transitions_and_jobs(app, make, client):
    unit = make.make_unit()
    officer = make.make_actor(Role.OFFICER, unit)
    dossier = make.make_complete_dossier(unit, campaign=make.make_campaign(2025), state=State.DRAFT)
    before = client.get("/metrics").get_data(as_text=True)
    officer_client = make.signed_in_client(app, officer)
    officer_client.get(f"/dossiers/{dossier.id}")
    response = officer_client.post(f"/dossiers/{dossier.id}/act/submit", data={"version": dossier.version})
    assert response.status_code == 303
    # A refused action (the dossier moved on) is not counted.
    officer_client.post(f"/dossiers/{dossier.id}/act/submit", data={"version": dossier.version})
    after = client.get("/metrics").get_data(as_text=True)
    assert _sample(after, "khenthuong_workflow_transitions_total", action="submit") == \
        _sample(before, "khenthuong_workflow_transitions_total", action="submit") + 1
    count = "khenthuong_http_request_duration_seconds_count"
    assert _sample(after, count, endpoint="nominations.detail", method="GET", status="200") >= 1
    assert 'khenthuong_jobs{status="queued"} 0.0' in after
    assert "khenthuong_job_queue_pending" in after
    assert "/dossiers/" not in after  # endpoints, never raw paths with ids


def test_static_urls_carry_a_content_hash(client):
    html = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in urls), urls
    response = client.get(urls[0])
    response.close()
    assert response.status_code == 200


def test_a_lost_database_connection_is_a_503_page_not_a_traceback(app, make, monkeypatch):
    from app.nominations import views

    user = make.make_actor(Role.OFFICER)
    client = make.signed_in_client(app, user)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def dropped(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(views, "render_region_or_page", dropped)
    try:
        response = client.get("/dossiers/")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The database cannot be reached right now" in page and "Traceback" not in page
    assert response.headers["Retry-After"] == "5"
