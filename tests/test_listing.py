"""The dossier list: diacritic-free search, filters, sorting, pagination, the htmx partial, bad
query strings, and a query count that does not grow with the rows (list and detail pages)."""
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import DossierEvent, NomineeKind, Role, Unit
from app.models.states import State
from app.nominations import operations

ROW_NAME = re.compile(r'<td><a href="/dossiers/(\d+)">([^<]+)</a>')


def row_names(html: str) -> list[str]:
    rows = html.split('<tbody id="dossier-rows">', 1)[1].split("</tbody>", 1)[0]
    return [name for _, name in ROW_NAME.findall(rows)]


@pytest.fixture
def officer_unit(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    return unit, make.make_user(Role.OFFICER, unit)


@pytest.fixture
def named(make, officer_unit, login):
    unit, officer = officer_unit
    award, campaign = make.make_award(), make.make_campaign()
    for name in ("Nguyễn Thị Hồng", "Nguyễn Thị Hoa", "Đặng Văn Lâm", "Trần Đăng Khoa", "Phạm Minh Chính"):
        make.make_dossier(unit, award=award, campaign=campaign, name=name)
    return login(officer)


@pytest.mark.parametrize("query,expected", [
    ("nguyen thi hong", {"Nguyễn Thị Hồng"}),
    ("Nguyễn Thị Hồng", {"Nguyễn Thị Hồng"}),
    ("NGUYEN THI", {"Nguyễn Thị Hồng", "Nguyễn Thị Hoa"}),
    ("  hong   nguyen ", {"Nguyễn Thị Hồng"}),
    ("dang", {"Đặng Văn Lâm", "Trần Đăng Khoa"}),
    ("ĐẶNG", {"Đặng Văn Lâm", "Trần Đăng Khoa"}),
    ("đặng văn", {"Đặng Văn Lâm"}),
    ("dang van lam", {"Đặng Văn Lâm"}),
    ("xyz", set()),
    ("%", set()),
    ("_", set()),
    ("\\", set()),
])
def test_search_ignores_diacritics_and_case(named, query, expected):
    html = named.get("/dossiers/", query_string={"q": query}).get_data(as_text=True)
    assert set(row_names(html)) == expected


def test_search_box_keeps_the_query(named):
    html = named.get("/dossiers/", query_string={"q": "đặng"}).get_data(as_text=True)
    assert 'value="đặng"' in html


def test_filters_combine(make, officer_unit, login):
    unit, officer = officer_unit
    sub_unit = make.make_unit("Phòng Quản lý khoa học", parent=unit)
    award_a, award_b = make.make_award(name="Bằng khen A"), make.make_award(name="Bằng khen B")
    c2025, c2026 = make.make_campaign(2025), make.make_campaign(2026)
    target = make.make_dossier(sub_unit, award=award_a, campaign=c2025, name="Đích Danh", state=State.UNIT_REVIEW)
    make.make_dossier(unit, award=award_a, campaign=c2025, name="Khác Đơn Vị", state=State.UNIT_REVIEW)
    make.make_dossier(sub_unit, award=award_b, campaign=c2025, name="Khác Khen", state=State.UNIT_REVIEW)
    make.make_dossier(sub_unit, award=award_a, campaign=c2026, name="Khác Đợt", state=State.UNIT_REVIEW)
    make.make_dossier(sub_unit, award=award_a, campaign=c2025, name="Khác Trạng Thái")
    client = login(officer)
    everything = {"Đích Danh", "Khác Đơn Vị", "Khác Khen", "Khác Đợt", "Khác Trạng Thái"}
    assert set(row_names(client.get("/dossiers/").get_data(as_text=True))) == everything
    args = {"campaign": c2025.id, "award": award_a.id, "state": "unit_review", "unit": sub_unit.id}
    assert row_names(client.get("/dossiers/", query_string=args).get_data(as_text=True)) == [target.nominee_name]
    # Each filter alone narrows by its own criterion.
    singles = {
        "campaign": everything - {"Khác Đợt"},
        "award": everything - {"Khác Khen"},
        "state": everything - {"Khác Trạng Thái"},
        "unit": everything - {"Khác Đơn Vị"},
    }
    for key, expected in singles.items():
        html = client.get("/dossiers/", query_string={key: args[key]}).get_data(as_text=True)
        assert set(row_names(html)) == expected, key
    # With a search term as well.
    html = client.get("/dossiers/", query_string=dict(args, q="dich")).get_data(as_text=True)
    assert row_names(html) == ["Đích Danh"]
    html = client.get("/dossiers/", query_string=dict(args, q="khac")).get_data(as_text=True)
    assert row_names(html) == []


@pytest.fixture
def sortable(make, login):
    """Three dossiers whose name, award, state, unit and update time order differently."""
    parent = make.make_unit("Sở Y tế")
    officer = make.make_user(Role.OFFICER, parent)
    units = {n: make.make_unit(n, parent=parent) for n in ("Bệnh viện A", "Chi cục B", "Trung tâm C")}
    awards = {n: make.make_award(name=f"Khen {n}", sort_order=n) for n in (1, 2, 3)}
    campaign = make.make_campaign()
    base = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    specs = [
        # name,          award, state,               unit,          updated (hours after base)
        ("Bùi Văn An", 3, State.UNIT_REVIEW, "Trung tâm C", 1),
        ("Đỗ Thị Bình", 1, State.DRAFT, "Chi cục B", 3),
        ("Âu Văn Cường", 2, State.RETURNED, "Bệnh viện A", 2),
    ]
    for name, award, state, unit, hours in specs:
        dossier = make.make_dossier(units[unit], award=awards[award], campaign=campaign, name=name, state=state,
                                    submitted_at=base if state is State.RETURNED else None)
        dossier.updated_at = base + timedelta(hours=hours)
    db.session.flush()
    return login(officer)


@pytest.mark.parametrize("sort,expected", [
    ("name", ["Âu Văn Cường", "Bùi Văn An", "Đỗ Thị Bình"]),
    ("award", ["Đỗ Thị Bình", "Âu Văn Cường", "Bùi Văn An"]),
    # Workflow order: draft, awaiting unit head, returned.
    ("state", ["Đỗ Thị Bình", "Bùi Văn An", "Âu Văn Cường"]),
    ("unit", ["Âu Văn Cường", "Đỗ Thị Bình", "Bùi Văn An"]),
    ("updated", ["Bùi Văn An", "Âu Văn Cường", "Đỗ Thị Bình"]),
])
def test_sorting_both_ways(sortable, sort, expected):
    ascending = row_names(sortable.get("/dossiers/", query_string={"sort": sort}).get_data(as_text=True))
    assert ascending == expected
    descending = row_names(sortable.get("/dossiers/", query_string={"sort": "-" + sort}).get_data(as_text=True))
    assert descending == list(reversed(expected))


def test_default_order_is_most_recently_updated_first(sortable):
    html = sortable.get("/dossiers/").get_data(as_text=True)
    assert row_names(html) == ["Đỗ Thị Bình", "Âu Văn Cường", "Bùi Văn An"]


def test_sort_links_keep_the_search(sortable):
    html = sortable.get("/dossiers/", query_string={"q": "van", "sort": "name"}).get_data(as_text=True)
    assert "/dossiers/?q=van&amp;sort=-name" in html


@pytest.fixture
def paged(app, make, officer_unit, login, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 5)
    unit, officer = officer_unit
    award, campaign = make.make_award(), make.make_campaign()
    for n in range(7):
        make.make_dossier(unit, award=award, campaign=campaign, name=f"Người số {n:02d}")
    return login(officer)


def test_pagination(paged):
    first = paged.get("/dossiers/", query_string={"sort": "name"}).get_data(as_text=True)
    second = paged.get("/dossiers/", query_string={"sort": "name", "page": 2}).get_data(as_text=True)
    assert row_names(first) == [f"Người số {n:02d}" for n in range(5)]
    assert row_names(second) == ["Người số 05", "Người số 06"]
    # Page links keep the sort order.
    assert "/dossiers/?sort=name&amp;page=2" in first


@pytest.mark.parametrize("page", ["3", "99", "100000"])
def test_page_out_of_range_is_empty_not_an_error(paged, page):
    response = paged.get("/dossiers/", query_string={"page": page})
    assert response.status_code == 200
    assert row_names(response.get_data(as_text=True)) == []


@pytest.mark.parametrize("args", [
    {"page": "abc"}, {"page": "-3"}, {"page": "0"}, {"page": "1.5"}, {"page": "9" * 30},
    {"state": "nope"}, {"state": "DRAFT"}, {"sort": "drop table"}, {"sort": "-"}, {"sort": "--name"},
    {"sort": "nominee_name; DROP TABLE dossier"}, {"campaign": "abc"}, {"award": "1 OR 1=1"},
    {"unit": "9" * 30}, {"campaign": "-1"}, {"q": "x" * 5000}, {"q": "' OR '1'='1"},
])
def test_garbage_query_args_do_not_crash(paged, args):
    response = paged.get("/dossiers/", query_string=args)
    assert response.status_code == 200
    partial = paged.get("/dossiers/", query_string=args,
                        headers={"HX-Request": "true", "HX-Target": "dossier-results"})
    assert partial.status_code == 200


def test_nul_byte_in_search_is_a_bad_request_not_a_crash(paged):
    """PostgreSQL cannot compare text holding U+0000: the app refuses it before any query."""
    assert paged.get("/dossiers/", query_string={"q": "a\x00b"}).status_code == 400


def test_htmx_search_returns_only_the_results_partial(named):
    response = named.get("/dossiers/", query_string={"q": "dang"},
                         headers={"HX-Request": "true", "HX-Target": "dossier-results"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<body" not in html
    assert 'id="dossier-rows"' in html
    assert set(row_names(html)) == {"Đặng Văn Lâm", "Trần Đăng Khoa"}
    assert "HX-Request" in response.headers.get("Vary", "")


def test_full_page_also_varies_on_hx_request(named):
    response = named.get("/dossiers/")
    html = response.get_data(as_text=True)
    assert "<html" in html and 'id="dossier-results"' in html
    assert "HX-Request" in response.headers.get("Vary", "")


def test_htmx_request_aimed_elsewhere_gets_the_full_page(named):
    """Boosted navigation or a history restore (no HX-Target) must get the whole page."""
    response = named.get("/dossiers/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_list_shows_counts(named):
    html = named.get("/dossiers/", query_string={"q": "nguyen"}).get_data(as_text=True)
    assert re.search(r'id="result-count">[^<]*2', html)


# --- query counts ------------------------------------------------------------------------------

def _seed_list(make, unit, count: int) -> None:
    """Dossiers with their own award, campaign, unit and creator, so a lazy load per row would show."""
    for n in range(count):
        sub_unit = make.make_unit(f"Phòng {n}", parent=unit)
        creator = make.make_user(Role.OFFICER, sub_unit)
        make.make_dossier(sub_unit, name=f"Người {n}", created_by=creator, nominee_unit=sub_unit,
                          kind=NomineeKind.INDIVIDUAL)


def _queries_for(client, count_queries, url: str, headers=None) -> int:
    db.session.commit()
    db.session.expunge_all()  # the page must load what it shows, as in a fresh request
    client.get(url, headers=headers)  # warm up caches that live for the process (not per row)
    db.session.expunge_all()
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


def test_list_query_count_does_not_grow_with_rows(app, make, login, count_queries):
    unit = make.make_unit("Sở Nội vụ")
    unit_id = unit.id
    officer = make.make_user(Role.OFFICER, unit)
    client = login(officer)
    _seed_list(make, unit, 5)
    few = _queries_for(client, count_queries, "/dossiers/")
    _seed_list(make, db.session.get(Unit, unit_id), 45)
    many = _queries_for(client, count_queries, "/dossiers/")
    assert many == few
    partial = {"HX-Request": "true", "HX-Target": "dossier-results"}
    assert _queries_for(client, count_queries, "/dossiers/?q=nguoi", partial) <= few


def test_province_list_query_count_does_not_grow_with_rows(app, make, login, count_queries):
    appraiser = make.make_user(Role.APPRAISER)
    client = login(appraiser)

    def seed(count):
        for n in range(count):
            make.make_dossier(make.make_unit(), name=f"Người {n}", state=State.SUBMITTED)

    seed(5)
    few = _queries_for(client, count_queries, "/dossiers/")
    seed(45)
    assert _queries_for(client, count_queries, "/dossiers/") == few


def _grow_dossier(make, dossier, officer, count: int) -> None:
    """Attachments of distinct types and history rows by distinct people."""
    for n in range(count):
        attachment_type = make.make_attachment_type()
        actor = make.make_user(Role.OFFICER, dossier.unit)
        operations.add_attachment(actor, dossier, attachment_type, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), f"tep-{n}.pdf")
        db.session.add(DossierEvent(dossier=dossier, action="edit", actor=make.make_user(Role.OFFICER, dossier.unit),
                                    actor_role=Role.OFFICER, from_state=State.DRAFT, to_state=State.DRAFT))
    db.session.flush()


@pytest.mark.parametrize("viewer", ["officer", "appraiser"])
def test_detail_query_count_does_not_grow_with_attachments_and_events(app, make, login, count_queries, viewer):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    required = [make.make_attachment_type() for _ in range(3)]
    award = make.make_award(required=required)
    state = State.DRAFT if viewer == "officer" else State.SUBMITTED
    small = make.make_dossier(unit, award=award, name="Ít tệp", state=state)
    large = make.make_dossier(unit, award=award, name="Nhiều tệp", state=state)
    _grow_dossier(make, small, officer, 1)
    _grow_dossier(make, large, officer, 10)
    small_id, large_id = small.id, large.id
    client = login(officer if viewer == "officer" else make.make_user(Role.APPRAISER))
    few = _queries_for(client, count_queries, f"/dossiers/{small_id}")
    many = _queries_for(client, count_queries, f"/dossiers/{large_id}")
    assert many == few


def test_the_dossier_page_reads_comments_and_the_review_only_when_there_are_some(app, make, login, count_queries):
    """The dossier page learns with the dossier whether citizens commented and whether the appraiser reviewed
    the eligibility check (Dossier.has_public_comments, .latest_review_id): it reads neither when there is
    none (issue 14), and shows both when there are."""
    from app.models import PublicComment
    from app.workflow.eligibility_panel import eligibility_of
    from app.workflow.eligibility_review import record_review

    unit = make.make_unit()
    dossier = make.make_dossier(unit, name="Trần Văn Đọc", state=State.APPRAISAL)
    appraiser = make.make_user(Role.APPRAISER)
    dossier_id, appraiser_id = dossier.id, appraiser.id
    client = login(appraiser)

    def page() -> tuple[str, list[str]]:
        db.session.commit()
        db.session.expunge_all()  # a fresh request's session
        with count_queries() as queries:
            response = client.get(f"/dossiers/{dossier_id}")
        assert response.status_code == 200
        read = [t for t in ("public_comment", "eligibility_review")
                if any(re.match(rf"\s*SELECT {t}\.", s) for s in queries.statements)]
        return response.get_data(as_text=True), read

    client.get(f"/dossiers/{dossier_id}")  # warm the process's caches
    html, read = page()
    assert read == []
    assert 'id="public-comment-count">0<' in html and 'id="eligibility-review-current"' not in html

    dossier, appraiser = db.session.get(type(dossier), dossier_id), db.session.get(type(appraiser), appraiser_id)
    db.session.add(PublicComment(dossier=dossier, name="Người dân", contact="", text="Ý kiến về ông Đọc",
                                 address_hash="y" * 64))
    with app.test_request_context():
        record_review(appraiser, dossier, eligibility_of(dossier).result, agrees=True)
    html, read = page()
    assert read == ["public_comment", "eligibility_review"]
    assert "Ý kiến về ông Đọc" in html and 'id="public-comment-count">1<' in html
    assert 'id="eligibility-review-current" data-agrees="yes"' in html


def test_a_comment_added_in_the_same_session_shows_on_the_next_page(app, make, login):
    """The page asks afresh even for a dossier its session loaded before (tests share one session across
    requests; a query expression would otherwise keep the value of the first load)."""
    from app.models import PublicComment

    dossier = make.make_dossier(make.make_unit(), name="Lê Thị Mới", state=State.APPRAISAL)
    client = login(make.make_user(Role.APPRAISER))
    db.session.commit()
    assert 'id="public-comment-count">0<' in client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    db.session.add(PublicComment(dossier=dossier, name="", contact="", text="Ý kiến mới", address_hash="z" * 64))
    db.session.flush()  # no commit: the dossier stays loaded in the session, as it was read by the page
    html = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Ý kiến mới" in html and 'id="public-comment-count">1<' in html
