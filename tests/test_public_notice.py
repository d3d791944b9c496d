"""The public notice page: logged out, only the dossiers under notice, a bounded comment form with a
honeypot, CSRF and a per-address rate limit, and the comments shown to the province on the dossier page."""
from datetime import timedelta

from sqlalchemy import func, select

from app import create_app
from app.extensions import db, limiter
from app.models import PublicComment, Role, State
from app.models.base import local_today
from tests.conftest import csrf_token_from
from tests.factories import signed_in_client


def _noticed(make, unit=None, **kw):
    unit = unit or make.make_unit("Sở Tài chính")
    return make.make_dossier(unit, state=State.PUBLIC_NOTICE, notice_ends_on=local_today() + timedelta(days=10), **kw)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PublicComment))


def _post(client, dossier, **data):
    form = {"text": "Tôi xác nhận thành tích của đồng chí là đúng.", "name": "", "contact": "", "website": ""}
    form.update(data)
    return client.post(f"/cong-khai/{dossier.id}/y-kien", data=form)


def test_the_list_shows_only_the_dossiers_under_notice_logged_out(client, make):
    unit = make.make_unit("Sở Tài chính")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
    shown = _noticed(make, unit, award=award, name="Trần Thị Công Khai", achievement_summary="Hoàn thành xuất sắc")
    make.make_dossier(unit, state=State.DRAFT, name="Lê Văn Nháp")
    make.make_dossier(unit, state=State.APPRAISAL, name="Phạm Văn Thẩm Định")
    make.make_dossier(unit, state=State.PUBLIC_NOTICE, notice_ends_on=local_today() - timedelta(days=1),
                      name="Đỗ Văn Hết Hạn")
    make.make_dossier(unit, state=State.COUNCIL_REVIEW, notice_ends_on=local_today() - timedelta(days=3),
                      name="Vũ Văn Hội Đồng")
    db.session.commit()
    response = client.get("/cong-khai")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Trần Thị Công Khai" in html and "Bằng khen của Chủ tịch UBND tỉnh" in html and "Sở Tài chính" in html
    assert "Hoàn thành xuất sắc" in html
    assert (shown.notice_ends_on.strftime("%d/%m/%Y")) in html
    for hidden in ("Lê Văn Nháp", "Phạm Văn Thẩm Định", "Đỗ Văn Hết Hạn", "Vũ Văn Hội Đồng"):
        assert hidden not in html


def test_the_public_page_prints_no_personal_data(client, make):
    dossier = _noticed(make, name="Ngô Thị Riêng Tư", nominee_birth_year=1977,
                       nominee_position="Thôn 5, xã Ia Grai")
    attachment = make.make_attachment(dossier)
    db.session.commit()
    for url in ("/cong-khai", f"/cong-khai/{dossier.id}/y-kien"):
        html = client.get(url).get_data(as_text=True)
        assert "Ngô Thị Riêng Tư" in html
        assert "1977" not in html and "Ia Grai" not in html
        assert attachment.original_name not in html and "/attachments/" not in html


def test_a_comment_is_stored_with_a_hashed_address(client, make):
    dossier = _noticed(make)
    db.session.commit()
    response = _post(client, dossier, name=" Nguyễn  Văn Dân ", contact="dan@example.vn")
    assert response.status_code == 303
    comment = db.session.scalars(select(PublicComment)).one()
    assert comment.dossier_id == dossier.id and comment.name == "Nguyễn Văn Dân" and comment.contact == "dan@example.vn"
    assert comment.text.startswith("Tôi xác nhận")
    assert len(comment.address_hash) == 64 and "127.0.0.1" not in comment.address_hash
    assert "Your comment has been received" in client.get("/cong-khai").get_data(as_text=True)


def test_a_filled_honeypot_looks_received_and_stores_nothing(client, make):
    dossier = _noticed(make)
    db.session.commit()
    response = _post(client, dossier, website="http://spam.example")
    assert response.status_code == 303 and response.headers["Location"].endswith("/cong-khai")
    assert _count() == 0
    assert "Your comment has been received" in client.get("/cong-khai").get_data(as_text=True)


def test_an_empty_a_too_long_or_a_control_character_comment_is_refused(client, make):
    dossier = _noticed(make)
    db.session.commit()
    empty = _post(client, dossier, text="   ")
    assert empty.status_code == 422 and "Write your comment." in empty.get_data(as_text=True)
    long = _post(client, dossier, text="a" * 2001)
    assert long.status_code == 422 and "at most 2000 characters" in long.get_data(as_text=True)
    control = _post(client, dossier, text="Ý kiến\x07")
    assert control.status_code == 422 and "control characters" in control.get_data(as_text=True)
    contact = _post(client, dossier, contact="not a contact")
    assert contact.status_code == 422 and "e-mail address or a phone number" in contact.get_data(as_text=True)
    assert _count() == 0
    assert _post(client, dossier, text="a" * 2000, contact="+84 905 123 456").status_code == 303


def test_a_dossier_not_under_notice_answers_404(client, make):
    unit = make.make_unit()
    draft = make.make_dossier(unit, state=State.DRAFT)
    appraisal = make.make_dossier(unit, state=State.APPRAISAL)
    ended = make.make_dossier(unit, state=State.PUBLIC_NOTICE, notice_ends_on=local_today() - timedelta(days=1))
    db.session.commit()
    for dossier in (draft, appraisal, ended):
        assert client.get(f"/cong-khai/{dossier.id}/y-kien").status_code == 404
        assert _post(client, dossier).status_code == 404
    assert client.get("/cong-khai/999999/y-kien").status_code == 404
    assert _count() == 0


def test_the_comment_needs_the_form_s_csrf_token(client, make, csrf_enabled):
    dossier = _noticed(make)
    db.session.commit()
    refused = _post(client, dossier)
    assert refused.status_code == 400 and "Form expired" in refused.get_data(as_text=True)
    assert _count() == 0
    token = csrf_token_from(client.get(f"/cong-khai/{dossier.id}/y-kien").get_data(as_text=True))
    assert _post(client, dossier, csrf_token=token).status_code == 303
    assert _count() == 1


def test_comments_are_rate_limited_per_address(app, database_url, make, monkeypatch, tmp_path):
    dossier = _noticed(make)
    db.session.commit()
    # The limiter is one object shared by every app in the process: give it back its state afterwards.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    limited = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True, "PUBLIC_COMMENT_RATE_LIMIT": "3 per hour;20 per day",
        "UPLOAD_FOLDER": str(tmp_path),
    })
    try:
        client = limited.test_client()
        client.post("/language/en")
        assert [_post(client, dossier).status_code for _ in range(3)] == [303, 303, 303]
        blocked = _post(client, dossier)
        assert blocked.status_code == 429
        assert "Too many comments were sent from your address" in blocked.get_data(as_text=True)
        # Reading is not limited; another address may still comment.
        assert client.get("/cong-khai").status_code == 200
        assert client.post(f"/cong-khai/{dossier.id}/y-kien", data={"text": "Khác"},
                           environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 303
    finally:
        limiter.reset()
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()
    assert _count() == 4


def test_the_province_reads_the_comments_the_unit_does_not(app, make):
    unit = make.make_unit("Sở Y tế")
    dossier = _noticed(make, unit)
    db.session.add(PublicComment(dossier=dossier, name="Người dân", contact="0905123456", text="Ý kiến đóng góp",
                                 address_hash="x" * 64))
    appraiser = make.make_user(Role.APPRAISER)
    officer = make.make_user(Role.OFFICER, unit=unit)
    head = make.make_user(Role.UNIT_HEAD, unit=unit)
    db.session.commit()
    html = signed_in_client(app, appraiser).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert 'id="public-comments"' in html and "Ý kiến đóng góp" in html and "0905123456" in html
    assert 'id="public-comment-count">1<' in html
    for user in (officer, head):
        page = signed_in_client(app, user).get(f"/dossiers/{dossier.id}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "public-comments" not in text and "0905123456" not in text and "Ý kiến đóng góp" not in text


def test_the_login_page_leads_citizens_to_the_public_notice(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'id="public-notice-link"' in page and 'href="/cong-khai"' in page
