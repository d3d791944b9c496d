"""Issue 14's speed work as a user notices it: long lists say "more than N" instead of counting every
matching dossier and still page on; the inbox's tabs do the same; the campaigns and awards kept in
memory for the list's filter, and the calendar's overrides, change at once when an administrator edits them
(in every app process)."""
import re
from datetime import date

import pytest
from lxml import html as lxml_html

from app import create_app
from app.extensions import db
from app.models import Award, Campaign, Role, WorkingDayOverride
from app.models.states import State
from app.workflow.calendar import WorkingCalendar
from tests.factories import PASSWORD


@pytest.fixture
def small_pages(app, monkeypatch):
    """Two rows a page, counts capped at 3: a few dossiers make a 'long' list."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    monkeypatch.setitem(app.config, "LIST_COUNT_CAP", 3)


def result_count(body: str) -> str:
    return " ".join(re.search(r'id="result-count">([^<]*)<', body).group(1).split())


def page_links(body: str) -> list[int]:
    doc = lxml_html.fromstring(body)
    links = doc.xpath("//ul[contains(@class, 'pagination')]//a[contains(@class, 'page-link')]")
    return sorted({int(a.text_content()) for a in links})


def row_count(body: str) -> int:
    return len(lxml_html.fromstring(body).xpath("//tbody[@id='dossier-rows']//a[starts-with(@href, '/dossiers/')]"))


def _unit_with_dossiers(make, count: int, **kw):
    unit = make.make_unit()
    award, campaign = make.make_award(), make.make_campaign()
    for _ in range(count):
        make.make_dossier(unit, award=award, campaign=campaign, **kw)
    return unit


def test_a_list_longer_than_the_cap_says_more_than_and_pages_on(make, login, small_pages):
    unit = _unit_with_dossiers(make, 7)
    client = login(make.make_user(Role.OFFICER, unit))
    first = client.get("/dossiers/").get_data(as_text=True)
    assert result_count(first).startswith("more than 3 dossiers")
    assert row_count(first) == 2
    assert page_links(first) == [1, 2]
    # Past the counted pages the next one is offered while there is one, and the last one offers none.
    third = client.get("/dossiers/?page=3").get_data(as_text=True)
    assert row_count(third) == 2 and page_links(third)[-1] == 4
    last = client.get("/dossiers/?page=4").get_data(as_text=True)
    assert row_count(last) == 1 and page_links(last)[-1] == 4
    # Every dossier is reached exactly once through the pages.
    seen = []
    for number in (1, 2, 3, 4, 5):
        body = client.get(f"/dossiers/?page={number}").get_data(as_text=True)
        seen += re.findall(r'<td><a href="/dossiers/(\d+)">', body)
    assert len(seen) == len(set(seen)) == 7


def test_a_list_within_the_cap_keeps_its_exact_count(make, login, small_pages):
    unit = _unit_with_dossiers(make, 3)
    client = login(make.make_user(Role.OFFICER, unit))
    body = client.get("/dossiers/").get_data(as_text=True)
    assert result_count(body).startswith("3 dossiers")
    assert page_links(body) == [1, 2]
    # The htmx partial (active search) says the same.
    partial = client.get("/dossiers/?q=nguyen", headers={"HX-Request": "true", "HX-Target": "dossier-results"})
    assert result_count(partial.get_data(as_text=True)).startswith("3 dossiers")


def test_inbox_tabs_cap_their_counts(make, login, small_pages):
    _unit_with_dossiers(make, 4, state=State.SUBMITTED)
    _unit_with_dossiers(make, 1, state=State.APPRAISAL)
    client = login(make.make_user(Role.APPRAISER))
    doc = lxml_html.fromstring(client.get("/inbox").get_data(as_text=True))
    tabs = {(a.get("data-state") or "all"): a.xpath(".//span[contains(@class, 'badge')]")[0].text_content()
            for a in doc.xpath("//ul[@id='inbox-stages']//a")}
    assert tabs["submitted"] == "3+"
    assert tabs["appraisal"] == "1"
    assert tabs["all"] == "3+"
    assert len(doc.xpath("//table[@id='inbox-table']//input[@name='ids']")) == 2  # a page of two, the order's first


def _filter_options(client, select_id: str) -> list[str]:
    doc = lxml_html.fromstring(client.get("/dossiers/").get_data(as_text=True))
    return [o.text_content() for o in doc.xpath(f"//select[@id='{select_id}']/option")][1:]


def _logged_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 303
    return client


def test_an_admin_renaming_a_campaign_shows_in_the_filter_at_once(app, make):
    campaign = make.make_campaign(name="Đợt cũ 2025")
    award = make.make_award(name="Bằng khen cũ")
    campaign_id, award_id, movement_id = campaign.id, award.id, campaign.movement_id
    officer, admin = make.make_user(Role.OFFICER), make.make_user(Role.ADMIN)
    db.session.commit()
    client = _logged_in(app, officer)
    assert "Đợt cũ 2025" in _filter_options(client, "f-campaign")  # now in this process's memory
    assert "Bằng khen cũ" in _filter_options(client, "f-award")

    response = _logged_in(app, admin).post(f"/admin/campaigns/{campaign_id}/edit", data={
        "name": "Đợt mới 2025", "year": "2025", "kind": "yearly", "movement_id": str(movement_id),
        "is_open": "y"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    options = _filter_options(client, "f-campaign")
    assert "Đợt mới 2025" in options and "Đợt cũ 2025" not in options

    # Any change through the ORM renews the stamp: an award renamed elsewhere (a command, a script).
    db.session.get(Award, award_id).name = "Bằng khen mới"
    db.session.commit()
    options = _filter_options(client, "f-award")
    assert "Bằng khen mới" in options and "Bằng khen cũ" not in options


def test_another_app_process_sees_the_rename_too(app, make):
    """Two app servers share the database, not their memory: the stamp read per request tells them."""
    campaign = make.make_campaign(name="Đợt A 2025")
    campaign_id = campaign.id
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    other = create_app({**{k: app.config[k] for k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER",
                                                      "BABEL_TRANSLATION_DIRECTORIES")},
                        "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    client = _logged_in(app, officer)
    assert "Đợt A 2025" in _filter_options(client, "f-campaign")

    # The rename goes through the other process.
    with other.app_context():
        db.session.get(Campaign, campaign_id).name = "Đợt B 2025"
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # its pooled connection, else closed by the garbage collector (a ResourceWarning)
    options = _filter_options(client, "f-campaign")
    assert "Đợt B 2025" in options and "Đợt A 2025" not in options


def test_a_rolled_back_edit_changes_nothing(app, make):
    campaign = make.make_campaign(name="Đợt giữ nguyên 2025")
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    client = _logged_in(app, officer)
    assert "Đợt giữ nguyên 2025" in _filter_options(client, "f-campaign")
    campaign.name = "Đợt không lưu"
    db.session.flush()
    db.session.rollback()
    assert "Đợt giữ nguyên 2025" in _filter_options(client, "f-campaign")


def test_a_new_calendar_override_counts_at_once(app):
    """The working-day overrides are kept in memory too (the dossier page and the inbox count working days
    with them): an administrator's extra day off counts on the next request."""
    monday, friday_before, tuesday = date(2026, 3, 2), date(2026, 2, 27), date(2026, 3, 3)
    with app.app_context():  # a request of its own: the stamps are read per request
        assert WorkingCalendar.load().is_working_day(monday)
        assert WorkingCalendar.load().working_days_between(friday_before, tuesday) == 2  # counts for 2026 built
    db.session.add(WorkingDayOverride(day=monday, is_working_day=False, note="Nghỉ bù"))
    db.session.commit()
    with app.app_context():
        calendar = WorkingCalendar.load()
        assert not calendar.is_working_day(monday)
        assert calendar.working_days_between(friday_before, tuesday) == 1  # the counts built anew
        with pytest.raises(TypeError):  # one calendar serves every request of the process: no caller changes it
            calendar.overrides[monday] = True  # type: ignore[index]
    with app.app_context():
        assert WorkingCalendar.load() is calendar  # kept, with the working-day counts it has built
        assert not WorkingCalendar.load().is_working_day(monday)


def test_the_province_filter_offers_a_new_or_renamed_unit_at_once(app, make):
    """The province's unit choices are every unit, kept in memory (app/cache.py) until a unit changes."""
    appraiser = make.make_user(Role.APPRAISER)
    unit = make.make_unit(name="Sở Cũ")
    db.session.commit()
    client = _logged_in(app, appraiser)
    assert "Sở Cũ" in _filter_options(client, "f-unit")
    unit.name = "Sở Mới"
    make.make_unit(name="Xã Vừa Lập")
    db.session.commit()
    options = _filter_options(client, "f-unit")
    assert "Sở Mới" in options and "Xã Vừa Lập" in options and "Sở Cũ" not in options


def test_an_edited_rule_is_what_the_next_request_judges_with(app, make):
    """The engine's rule book is kept in memory too: an edit (here through the ORM, as the admin screen
    does) renews its stamp, and the next request reads the rules again."""
    from app.models import EligibilityRule, RuleKind
    from app.workflow.eligibility_panel import rule_book

    award = make.make_award(code="giay_khen_cache")
    rule = EligibilityRule(award=award, kind=RuleKind.NO_DISCIPLINE, params={}, valid_from=date(2025, 7, 1),
                           rule_set="NĐ 152/2025", legal_basis="Điều 9")
    db.session.add(rule)
    db.session.commit()
    with app.app_context():
        before = rule_book()
        assert [r.legal_basis for r in before.rules if r.award == "giay_khen_cache"] == ["Điều 9"]
    with app.app_context():
        assert rule_book() is before  # kept
    rule.legal_basis = "Điều 10"
    db.session.commit()
    with app.app_context():
        assert [r.legal_basis for r in rule_book().rules if r.award == "giay_khen_cache"] == ["Điều 10"]


def test_a_change_not_yet_flushed_shows_in_what_this_request_reads(app, make):
    """Reading from memory skips the autoflush a query would do: the cache flushes first, so a request that
    renamed an award and then reads the catalogue sees its own change."""
    from app import cache

    award = make.make_award(name="Tên trước")
    db.session.commit()
    assert any(a.name == "Tên trước" for a in cache.catalogue()["awards"])
    award.name = "Tên sau"
    assert any(a.name == "Tên sau" for a in cache.catalogue()["awards"])
    db.session.rollback()
