"""Two app servers behind nginx, as deploy/ sets them up: Debian's nginx runs deploy/nginx/khenthuong.conf
(its ports, paths and a self-signed certificate substituted) in front of two gunicorn instances started
with deploy/gunicorn.conf.py on different ports, sharing PostgreSQL (the test database) and Redis.

Through them: log in through nginx (HTTPS; plain HTTP redirects), act on a dossier through instance A and
see it through instance B, upload an attachment through A and download it through B and through nginx,
run into the login limits across both (the per-address limiter in Redis, the per-username lock in the
database), and get static files with a year's caching and gzip.

PostgreSQL only: SQLite is one file on one machine, not a database two servers share (CI runs the suite on
both; the PostgreSQL run runs this). Needs Debian's nginx (`make nginx`, a dependency of `make test`) and
Redis on 127.0.0.1:6379.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Role, State
from tests.gunicorn_servers import (
    REDIS,
    ROOT,
    Client,
    csrf_of,
    free_port,
    gunicorn,
    log_in,
    reachable,
    server_env,
    stop,
    wait_for,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + secrets.token_bytes(64)


pytestmark = [
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="two app servers share a PostgreSQL database; this run uses SQLite (the PostgreSQL "
                              "run of the suite runs it)"),
    pytest.mark.skipif(not os.path.exists(NGINX), reason="Debian's nginx is not installed (make nginx)"),
    pytest.mark.skipif(not reachable(REDIS), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl to make the test's TLS certificate"),
]


def _nginx_conf(work: Path, http_port: int, https_port: int, upstreams: list[int], uploads: Path) -> Path:
    site = (ROOT / "deploy" / "nginx" / "khenthuong.conf").read_text()
    replacements = [
        ("    server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;\n",
         "".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in upstreams)),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("/etc/letsencrypt/live/khenthuong.example.vn/fullchain.pem", str(work / "cert.pem")),
        ("/etc/letsencrypt/live/khenthuong.example.vn/privkey.pem", str(work / "key.pem")),
        ("/srv/khenthuong/app/static/", f"{ROOT}/app/static/"),
        ("/srv/khenthuong/instance/uploads/", f"{uploads}/"),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx/khenthuong.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (work / "site.conf").write_text(site)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
                   check=True, capture_output=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / sub).mkdir()
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
    (work / "nginx.conf").write_text(main)
    return work / "nginx.conf"


@pytest.fixture
def cluster(app, tmp_path):
    """Two gunicorn instances and nginx; yields their base URLs; stops them and cleans Redis afterwards."""
    prefix = f"kt-test-{uuid.uuid4().hex[:8]}"
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    http_port, https_port = free_port(), free_port()
    env = server_env(
        os.environ["TEST_DATABASE_URL"],
        REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/0", RATELIMIT_STORAGE_URI=f"redis://{REDIS[0]}:{REDIS[1]}/0",
        RATELIMIT_KEY_PREFIX=prefix, HUEY_NAME=prefix, UPLOAD_FOLDER=str(uploads), FILE_STORAGE="database",
        TRUSTED_PROXIES="1")
    try:
        with ExitStack() as stack:
            (a, log_a, _), (b, log_b, _) = (stack.enter_context(gunicorn(env, tmp_path, name))
                                            for name in ("a", "b"))
            conf = _nginx_conf(tmp_path, http_port, https_port, [int(a.rsplit(":", 1)[1]), int(b.rsplit(":", 1)[1])],
                               uploads)
            nginx = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
            stack.callback(stop, nginx)
            proxy = f"https://127.0.0.1:{https_port}"
            wait_for(proxy, "/healthz", nginx, tmp_path / "error.log")
            yield {"a": a, "b": b, "proxy": proxy, "plain": f"http://127.0.0.1:{http_port}", "logs": [log_a, log_b],
                   "uploads": uploads}
    finally:
        import redis

        connection = redis.Redis(host=REDIS[0], port=REDIS[1], db=0)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()


def test_two_app_servers_behind_nginx_share_sessions_dossiers_files_and_limits(make, cluster):
    started = time.monotonic()
    a, b, proxy = cluster["a"], cluster["b"], cluster["proxy"]
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    locked_user = make.make_user(Role.OFFICER, unit)
    attachment_type = make.make_attachment_type(name="Báo cáo thành tích")
    dossier = make.make_dossier(unit, award=make.make_award(required=[attachment_type]))
    complete = make.make_complete_dossier(unit, campaign=make.make_campaign(2025), state=State.DRAFT)
    db.session.commit()

    # Plain HTTP sends to HTTPS; static files come from nginx, hashed, cached for a year, gzipped.
    redirect = Client().get(cluster["plain"], "/login")
    assert redirect.status == 301 and redirect.getheader("Location").startswith("https://")
    login_page = Client().get(proxy, "/login")
    css = re.search(r'href="(/static/[^"]+\.css\?v=[0-9a-f]{12})"', login_page.text).group(1)
    static = Client().get(proxy, css, headers={"Accept-Encoding": "gzip"})
    assert static.status == 200 and static.getheader("Content-Encoding") == "gzip"
    assert "immutable" in static.getheader("Cache-Control") and "max-age=31536000" in static.getheader("Cache-Control")
    assert Client().get(proxy, "/metrics").status == 404  # never through the public site

    # Log in through nginx; the session works on both servers.
    browser = Client()
    response = log_in(browser, proxy, officer.username)
    assert response.status == 303, response.text[:500]
    assert re.fullmatch(r"[0-9a-f]{32}", response.getheader("X-Request-ID"))  # nginx's $request_id
    page_a = browser.get(a, f"/dossiers/{dossier.id}")
    page_b = browser.get(b, f"/dossiers/{dossier.id}")
    assert page_a.status == page_b.status == 200
    assert 'data-action="submit"' in page_b.text

    # Upload through A, download through B and through nginx: the same bytes.
    upload = browser.post_multipart(a, f"/dossiers/{dossier.id}/attachments",
                                    {"csrf_token": csrf_of(page_a.text), "type_id": str(attachment_type.id)},
                                    "file", "bao-cao.pdf", PDF, "application/pdf")
    assert upload.status in (200, 303), upload.text[:1000]
    db.session.expire_all()
    from app.models import Attachment

    uploaded = db.session.query(Attachment).filter_by(dossier_id=dossier.id, original_name="bao-cao.pdf").one()
    for base in (b, proxy):
        download = browser.get(base, f"/dossiers/{dossier.id}/attachments/{uploaded.id}")
        assert download.status == 200 and download.body == PDF, (base, download.status)
    # The file lives in the shared database, not on either server's disk.
    assert not any(path.is_file() for path in cluster["uploads"].rglob("*"))

    # Act through A, see it through B.
    dossier = complete
    assert 'data-action="submit"' in browser.get(b, f"/dossiers/{dossier.id}").text
    page_a = browser.get(a, f"/dossiers/{dossier.id}/act/submit")  # the action's form
    version = re.search(r'name="version"[^>]*value="(\d+)"', page_a.text).group(1)
    acted = browser.post_form(a, f"/dossiers/{dossier.id}/act/submit",
                              {"csrf_token": csrf_of(page_a.text), "version": version})
    assert acted.status == 303, acted.text[:500]
    page_b = browser.get(b, f"/dossiers/{dossier.id}")
    assert page_b.status == 200 and 'data-action="submit"' not in page_b.text
    db.session.expire_all()
    assert db.session.get(type(dossier), dossier.id).state is not State.DRAFT

    # The per-username lock is in the database: failures on A and B add up, then even the right password waits.
    guesser = Client(forwarded_for="198.51.100.7")
    for attempt in range(factories_lock_after()):
        base = (a, b)[attempt % 2]
        assert log_in(guesser, base, locked_user.username, "wrong password").status in (200, 429)
    refused = log_in(Client(forwarded_for="198.51.100.8"), b, locked_user.username)
    assert refused.status == 429 and refused.getheader("Retry-After")

    # The per-address limit (LOGIN_RATE_LIMIT, 10 a minute) is in Redis: 10 tries spread over A and B, then
    # the 11th is refused on either.
    sprayer = Client(forwarded_for="203.0.113.9")
    for attempt in range(10):
        response = log_in(sprayer, (a, b)[attempt % 2], f"nobody{attempt}", "guess")
        assert response.status == 200, (attempt, response.status)
    assert log_in(sprayer, a, "nobody-else", "guess").status == 429
    assert log_in(sprayer, b, "nobody-else", "guess").status == 429
    # Another address is not concerned.
    assert log_in(Client(forwarded_for="203.0.113.10"), a, "someone", "guess").status == 200

    # Each server's /metrics (read directly, from loopback) adds up its gunicorn workers (multiprocess mode).
    metrics_a = Client().get(a, "/metrics").text
    assert 'khenthuong_workflow_transitions_total{action="submit"} 1.0' in metrics_a
    assert re.search(r'khenthuong_http_request_duration_seconds_count\{endpoint="nominations.detail",'
                     r'method="GET",status="200"\} [1-9]', metrics_a)
    assert "khenthuong_job_queue_pending" in metrics_a

    # Each server logged its requests as JSON lines with nginx's request id.
    lines = [json.loads(line) for log in cluster["logs"] for line in log.read_text().splitlines()
             if line.startswith("{")]
    assert any(line.get("logger") == "khenthuong.request" and line.get("user_id") == officer.id for line in lines)
    assert time.monotonic() - started < 60


def factories_lock_after() -> int:
    from app.config import Config

    return Config.LOGIN_LOCK_AFTER_FAILURES
