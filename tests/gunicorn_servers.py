"""Real app servers for tests: gunicorn started with deploy/gunicorn.conf.py on a free port against the test
database, a small HTTP client that keeps cookies like a browser, and a TCP relay that a test can cut to play
a service going down (tests/test_deploy_two_instances.py, tests/test_faults.py)."""
import http.client
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from tests import factories

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)


def reachable(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """A browser's worth of HTTP: cookies kept by name and sent to every server (they share the secret key),
    no redirects followed, TLS without verification (the certificate is self-signed)."""

    def __init__(self, forwarded_for: str | None = None):
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def request(self, base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        scheme, _, hostport = base.partition("://")
        host, port = hostport.split(":")
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, int(port), timeout=20,
                                                     context=ssl._create_unverified_context())
        else:
            connection = http.client.HTTPConnection(host, int(port), timeout=20)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        headers.setdefault("Accept-Encoding", "identity")
        if method == "POST":
            headers.setdefault("Referer", base + path)  # over HTTPS Flask-WTF checks it, as a browser sends it
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        connection.close()
        response.body = data  # type: ignore[attr-defined]
        response.text = data.decode("utf-8", "replace")  # type: ignore[attr-defined]
        return response

    def get(self, base, path, **kw):
        return self.request(base, "GET", path, **kw)

    def post_form(self, base, path, fields: dict):
        return self.request(base, "POST", path, body=urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, base, path, fields: dict, file_field: str, filename: str, content: bytes, mime: str):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                     f"Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(base, "POST", path, body=body,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def wait_for(url_base: str, path: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url_base} exited: {log.read_text()[-3000:]}")
        try:
            if Client().get(url_base, path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url_base} did not answer in {seconds} s: {log.read_text()[-3000:]}")



def log_in(client: Client, base: str, username: str, password: str = factories.PASSWORD):
    page = client.get(base, "/login")
    return client.post_form(base, "/login", {"csrf_token": csrf_of(page.text), "username": username,
                                             "password": password})


def server_env(database_url: str, **extra: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-" + uuid.uuid4().hex,
            "LOG_FORMAT": "json", "GUNICORN_WORKERS": "1", "MAIL_SERVER": "", **extra}


@contextmanager
def gunicorn(env: dict, work: Path, name: str = "app"):
    """One gunicorn on a free port with deploy/gunicorn.conf.py; yields (base URL, log path, process)."""
    port = free_port()
    log = work / f"{name}.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                       "PROMETHEUS_MULTIPROC_DIR": str(work / f"{name}-metrics")},
        stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base, "/healthz", process, log)
        yield base, log, process
    finally:
        stop(process)
        handle.close()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Relay:
    """A TCP relay from a free local port to ``target``: ``cut()`` closes every connection and refuses new
    ones (the service is down), ``restore()`` accepts again. Cleaner than stopping a shared server."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._server: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        with self._lock:
            for sock in self._connections:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._connections = []
