"""The Vietnamese catalogue: complete for the current source, placeholders intact, and served by default.

Strings are extracted here the way ``pybabel extract -F babel.cfg -k _l`` does, so a developer who adds
an English msgid without translating it gets a failing test naming the string and where it is used.
Fix: ``make extract-messages``, translate the new entries in app/translations/vi/LC_MESSAGES/messages.po,
then ``make translations``.
"""
import os
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app import create_app
from app.extensions import babel

ROOT = Path(__file__).resolve().parents[1]
PO_PATH = ROOT / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %d …
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")


def _extracted() -> dict:
    """msgid (a tuple for plural forms) -> the places that use it, from the tree babel.cfg maps."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(ROOT / "babel.cfg"))
    found: dict = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        if message:
            found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted() -> dict:
    return _extracted()


@pytest.fixture(scope="module")
def catalogue():
    with open(PO_PATH, "rb") as po:
        return read_po(po, locale="vi")


def test_extraction_reads_python_lazy_and_templates(extracted):
    places = [p for uses in extracted.values() for p in uses]
    assert any(p.startswith("app/templates/") for p in places)  # {{ _("...") }} in Jinja
    assert any(isinstance(m, tuple) for m in extracted)  # ngettext
    assert "Remember me" in extracted  # _l() in a form
    assert not any(p.startswith(("tests/", ".venv/")) for p in places)


def test_every_extracted_string_has_a_vietnamese_translation(extracted, catalogue):
    problems = []
    for msgid, uses in sorted(extracted.items(), key=lambda item: str(item[0])):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalogue.get(key)
        where = ", ".join(uses[:3])
        if message is None:
            problems.append(f"not in messages.po: {msgid!r} ({where})")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where})")
        elif isinstance(msgid, tuple) and message.id != msgid:
            problems.append(f"plural form differs in messages.po: {msgid!r} ({where})")
        else:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(s and s.strip() for s in strings):
                problems.append(f"untranslated: {msgid!r} ({where})")
    assert not problems, "Vietnamese catalogue is behind the source:\n" + "\n".join(problems)


def test_catalogue_is_not_marked_fuzzy(catalogue):
    assert not catalogue.fuzzy
    assert catalogue.num_plurals == 1  # Vietnamese has a single plural form


def test_placeholders_survive_translation(catalogue):
    problems = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # The one Vietnamese form stands for every English form: it needs the plural msgid's placeholders.
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and sorted(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"{message.id!r}: {string!r}")
    assert not problems, "Placeholders differ from the msgid:\n" + "\n".join(problems)


def test_translations_keep_no_english_msgid_verbatim(catalogue):
    """A translation copied from the msgid is a forgotten translation (short codes excepted)."""
    copied = [m.id for m in catalogue
              if m.id and isinstance(m.id, str) and m.string == m.id and re.search(r"[a-z]{3}", m.id)]
    assert not copied, copied


@pytest.fixture
def translated_app(tmp_path):
    """An app with the real catalogue (the shared test app runs without one, on the English msgids)."""
    mo = PO_PATH.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO_PATH.stat().st_mtime:
        pytest.fail("app/translations/vi/LC_MESSAGES/messages.mo is missing or older than messages.po: "
                    "run `make translations` (make test does it)")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(tmp_path, "unused.sqlite"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    })
    # Flask-Babel keeps loaded catalogues on the shared Babel object, keyed by locale only: without
    # clearing, this app would get the shared test app's empty "vi" catalogue (and leave it its own).
    cache = babel.domain_instance.cache
    cache.clear()
    yield app
    cache.clear()


def test_pages_are_vietnamese_by_default_and_english_on_request(translated_app):
    client = translated_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page
    assert "Log in" not in page

    response = client.post("/language/en", data={"next": "/login"})
    assert response.status_code == 303
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page and "Username" in page and "Password" in page
    assert "Đăng nhập" not in page

    client.post("/language/vi", data={"next": "/login"})
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_form_labels_and_wtforms_messages_follow_the_locale(translated_app):
    client = translated_app.test_client()
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Ghi nhớ đăng nhập" in page  # a module-level _l() label, resolved per request
    assert "Thông tin này là bắt buộc." in page  # WTForms' own DataRequired message (app/i18n.py)
    assert "This field is required." not in page
    client.post("/language/en", data={"next": "/login"})
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Remember me" in page and "This field is required." in page
