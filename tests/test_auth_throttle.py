"""Guessing at one account: per-account delays that grow and expire (stored in the database, so every app
server sees them), unknown usernames treated alike, failed attempts logged, the last login shown."""
import logging
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app import create_app
from app.config import apply_env
from app.extensions import db
from app.models import Role, User
from app.models.base import utcnow
from app.models.users import LoginThrottle
from tests.factories import PASSWORD

ADDRESSES = [f"10.0.0.{n}" for n in range(1, 6)]
WRONG = "Wrong username or password."
WAIT = re.compile(r"Too many failed logins for this username\. Wait (\d+) minutes? and try again\.")


def attempt(app, username: str, password: str, address: str = "10.0.0.1"):
    """One login from a fresh browser at ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/login", data={"username": username, "password": password})


def wait_minutes(response) -> int | None:
    match = WAIT.search(response.get_data(as_text=True))
    return int(match.group(1)) if match else None


def throttle(username: str) -> LoginThrottle | None:
    db.session.rollback()  # see what the requests committed
    return db.session.get(LoginThrottle, username)


def locked_for(username: str) -> timedelta:
    row = throttle(username)
    assert row is not None and row.locked_until is not None
    return row.locked_until - utcnow()


def let_the_lock_expire(username: str) -> None:
    row = throttle(username)
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()


@pytest.fixture
def officer(make):
    user = make.make_user(Role.OFFICER, username="canbo")
    db.session.commit()
    return user


def test_fifty_guesses_from_five_addresses_are_not_all_evaluated(app, officer, monkeypatch):
    checked = []
    monkeypatch.setattr(User, "check_password", lambda self, password: checked.append(password) or False)
    responses = [attempt(app, "canbo", f"guess-{n}", ADDRESSES[n % 5]) for n in range(50)]
    assert len(checked) == 5  # then the account refuses attempts, whatever the address
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert all(WRONG in r.get_data(as_text=True) for r in responses[:4])
    assert all(r.status_code == 429 and wait_minutes(r) == 1 for r in responses[4:])
    assert all(1 <= int(r.headers["Retry-After"]) <= 60 for r in responses[4:])


def test_the_right_password_during_the_wait_is_refused_with_the_same_message(app, officer):
    for _ in range(5):
        attempt(app, "canbo", "wrong")
    response = attempt(app, "canbo", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert wait_minutes(response) == 1
    assert "Log out" not in response.get_data(as_text=True)


def test_the_wait_doubles_up_to_fifteen_minutes_and_expires(app, officer):
    for _ in range(5):
        attempt(app, "canbo", "wrong")
    assert timedelta(seconds=55) < locked_for("canbo") <= timedelta(minutes=1)
    for expected in (2, 4, 8, 15, 15):
        let_the_lock_expire("canbo")
        response = attempt(app, "canbo", "wrong")
        assert response.status_code == 429 and wait_minutes(response) == expected
        assert timedelta(minutes=expected) - timedelta(seconds=5) < locked_for("canbo") <= timedelta(
            minutes=expected)
    # Once the wait is over the right password is accepted again, and the count starts afresh.
    let_the_lock_expire("canbo")
    assert attempt(app, "canbo", PASSWORD).status_code == 303
    assert throttle("canbo") is None


def test_a_success_resets_the_count(app, officer):
    for _ in range(4):
        attempt(app, "canbo", "wrong")
    assert attempt(app, "canbo", PASSWORD).status_code == 303
    for _ in range(4):
        assert attempt(app, "canbo", "wrong").status_code == 200
    assert throttle("canbo").locked_until is None


def test_failures_a_day_old_are_forgotten(app, officer):
    for _ in range(4):
        attempt(app, "canbo", "wrong")
    row = throttle("canbo")
    row.last_failure_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert attempt(app, "canbo", "wrong").status_code == 200
    assert throttle("canbo").failures == 1


def test_the_settings_change_the_threshold_and_the_delays(app, officer, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LOCK_AFTER_FAILURES", 2)
    monkeypatch.setitem(app.config, "LOGIN_LOCK_MINUTES", 3)
    monkeypatch.setitem(app.config, "LOGIN_LOCK_MAX_MINUTES", 5)
    assert attempt(app, "canbo", "wrong").status_code == 200
    assert wait_minutes(attempt(app, "canbo", "wrong")) == 3
    let_the_lock_expire("canbo")
    assert wait_minutes(attempt(app, "canbo", "wrong")) == 5


def test_an_unknown_username_is_answered_exactly_like_a_known_one(app, officer):
    """Same messages, same status, same wait: nothing tells whether the account exists."""
    def run(username):
        return [(r.status_code, wait_minutes(r), WRONG in r.get_data(as_text=True))
                for r in (attempt(app, username, "wrong", ADDRESSES[n % 5]) for n in range(7))]

    assert run("canbo") == run("khongcoai")


def test_an_unknown_username_costs_one_password_hash_like_a_known_one(app, officer, monkeypatch):
    import app.auth.views as views
    import app.models.users as users

    calls = []

    def counting(real):
        return lambda hashed, password: calls.append(password) or real(hashed, password)

    monkeypatch.setattr(views, "check_password_hash", counting(views.check_password_hash))
    monkeypatch.setattr(users, "check_password_hash", counting(users.check_password_hash))
    attempt(app, "canbo", "wrong-1")
    attempt(app, "khongcoai", "wrong-2")
    assert calls == ["wrong-1", "wrong-2"]


def test_failed_and_refused_attempts_are_logged_without_the_password(app, officer, caplog):
    caplog.set_level(logging.INFO, logger="app.auth")
    for n in range(6):
        attempt(app, "canbo", "hunter2-secret", ADDRESSES[n % 5])
    attempt(app, "khongcoai", "other-secret", "10.0.0.9")
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("app.auth")]
    failed = [line for line in lines if "failed login" in line.lower()]
    assert len(failed) == 6  # five for canbo, one for the unknown name
    assert all("'canbo'" in line for line in failed[:5])
    assert [a for a in ADDRESSES if any(a in line for line in failed)] == ADDRESSES
    assert "'khongcoai'" in failed[5] and "10.0.0.9" in failed[5]
    assert any("refused" in line and "'canbo'" in line and "10.0.0.1" in line for line in lines)
    assert not any("secret" in line for line in lines)
    assert all(record.levelno >= logging.WARNING for record in caplog.records
               if "failed login" in record.getMessage().lower())


def test_the_user_sees_their_last_login_after_logging_in(app, officer):
    first = attempt(app, "canbo", PASSWORD, address="10.0.0.5")
    assert first.status_code == 303
    home = app.test_client()
    home.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    response = home.post("/login", data={"username": "canbo", "password": PASSWORD}, follow_redirects=True)
    db.session.rollback()
    user = db.session.scalar(select(User).where(User.username == "canbo"))
    assert (user.previous_login_from, user.last_login_from) == ("10.0.0.5", "10.0.0.7")
    shown = user.previous_login_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")
    message = f"Last login: {shown} from 10.0.0.5"
    assert message in response.get_data(as_text=True)
    assert message in home.get("/account").get_data(as_text=True)


def test_the_first_login_says_so(app, officer):
    client = app.test_client()
    response = client.post("/login", data={"username": "canbo", "password": PASSWORD}, follow_redirects=True)
    assert "Last login:" not in response.get_data(as_text=True)
    assert "This is your first login." in client.get("/account").get_data(as_text=True)


def last_login_from(username: str) -> str | None:
    db.session.rollback()
    return db.session.scalar(select(User.last_login_from).where(User.username == username))


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(app, officer, database_url, tmp_path):
    forged = {"X-Forwarded-For": "203.0.113.7"}
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.5"
    assert client.post("/login", headers=forged, data={"username": "canbo", "password": PASSWORD}).status_code == 303
    assert last_login_from("canbo") == "10.0.0.5"  # TRUSTED_PROXIES = 0: the header is anybody's to write

    behind_nginx = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path),
        "TRUSTED_PROXIES": 1,
    })
    try:
        client = behind_nginx.test_client()
        client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
        response = client.post("/login", headers=forged, data={"username": "canbo", "password": PASSWORD})
        assert response.status_code == 303
        assert last_login_from("canbo") == "203.0.113.7"
    finally:
        with behind_nginx.app_context():
            db.session.remove()
            db.engine.dispose()


def test_the_throttle_and_proxy_settings_have_env_overrides(monkeypatch):
    values = {"LOGIN_LOCK_AFTER_FAILURES": "3", "LOGIN_LOCK_MINUTES": "2", "LOGIN_LOCK_MAX_MINUTES": "30",
              "LOGIN_FAILURES_FORGOTTEN_HOURS": "48", "TRUSTED_PROXIES": "1"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    config: dict = {}
    apply_env(config)
    assert {name: config[name] for name in values} == {name: int(value) for name, value in values.items()}
