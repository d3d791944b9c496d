"""The appraiser's review of the eligibility engine's verdict (issue 8): agree or override with a reason on
intake and appraisal, kept with the engine's verdict of the moment and written in the dossier's history; the
verdicts of many dossiers read at once (council agenda, inbox) with the same answers as one by one, in a
number of statements that does not grow with the number of dossiers."""
import html
from datetime import date

import lxml.html
import pytest

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility import registry_facts
from app.eligibility.seed import seed_rules
from app.eligibility.store import RuleBook
from app.extensions import db
from app.models import (
    CampaignKind,
    CouncilAgendaItem,
    Discipline,
    DisciplineStatus,
    DossierEvent,
    EligibilityReview,
    Gender,
    Initiative,
    NomineeKind,
    PerformanceRating,
    Rating,
    RegistryEntry,
    RegistrySource,
    Role,
    Scope,
    ScoringStatus,
    State,
    Verdict,
)
from app.models.base import utcnow
from app.nominations import operations
from app.nominations.operations import NomineeData
from app.scoring.eligibility import cluster_rank_facts, cluster_rank_facts_for

OVERRIDE_REASON = "Đã có Quyết định 15/QĐ-SKHCN năm 2024, chưa nhập vào sổ."


class Office:
    """A unit with an officer, Sở Nội vụ with an appraiser and a secretary, the demo catalogue and its rules."""

    def __init__(self, make, app):
        self.make, self.app = make, app
        tally = Tally()
        self.awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
        seed_rules(self.awards)
        self.unit = make.make_unit("Sở Khoa học và Công nghệ")
        self.officer = make.make_actor(Role.OFFICER, self.unit)
        home_affairs = make.make_unit("Sở Nội vụ")
        self.appraiser = make.make_actor(Role.APPRAISER, home_affairs, full_name="Lê Thẩm Định")
        self.secretary = make.make_actor(Role.SECRETARY, home_affairs)
        self.campaign = make.make_campaign(2025)
        db.session.commit()

    def propose(self, code="bang_khen_tinh", *, name="Trần Thị Bình", birth_year=1982, state=State.SUBMITTED,
                kind=NomineeKind.INDIVIDUAL, unit=None, campaign=None):
        data = NomineeData(campaign=campaign or self.campaign, award=self.awards[code], kind=kind, name=name,
                           gender=Gender.FEMALE if kind is NomineeKind.INDIVIDUAL else None,
                           birth_year=birth_year if kind is NomineeKind.INDIVIDUAL else None, position="Chuyên viên",
                           nominee_unit_id=unit.id if unit else None, achievement_summary="Thành tích")
        dossier = operations.create_dossier(self.officer, data)
        if state is not State.DRAFT:
            dossier.state, dossier.submitted_at = state, utcnow()
        db.session.flush()
        return dossier

    def got(self, person, code, year, kind=CampaignKind.YEARLY):
        db.session.add(RegistryEntry(person=person, award=self.awards[code], year=year, campaign_kind=kind,
                                     source=RegistrySource.UNIT_DECISION))

    def client(self, user=None):
        return self.make.signed_in_client(self.app, user or self.appraiser)


@pytest.fixture
def office(make, app):
    return Office(make, app)


def review_url(dossier) -> str:
    return f"/dossiers/{dossier.id}/eligibility-review"


def page(client, dossier):
    response = client.get(f"/dossiers/{dossier.id}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def timeline(doc) -> str:
    return " ".join(doc.xpath('//*[@id="timeline"]')[0].text_content().split())


def reviews_of(dossier) -> list[EligibilityReview]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(EligibilityReview).where(EligibilityReview.dossier_id == dossier.id)
                                   .order_by(EligibilityReview.id)))


# --- one review ---------------------------------------------------------------------------------------

def test_the_appraiser_agrees_with_the_engine_and_the_history_says_so(office):
    dossier = office.propose()  # no registry history: the engine needs evidence
    client = office.client()
    response = client.post(review_url(dossier), data={"decision": "agree", "seen": "needs_evidence"})
    assert response.status_code == 303
    [review] = reviews_of(dossier)
    assert review.agrees and review.verdict is review.engine_verdict is Verdict.NEEDS_EVIDENCE
    assert review.reviewed_by_id == office.appraiser.id and review.rule_set.startswith("bang_khen_tinh")
    assert review.engine_reasons and review.event.action == "eligibility_agree"
    doc = page(client, dossier)
    current = doc.xpath('//*[@id="eligibility-review-current"]')[0]
    assert current.get("data-agrees") == "yes" and "Lê Thẩm Định" in current.text_content()
    assert "Agreed with the automatic eligibility check" in timeline(doc)
    # The state did not move, and the history row chains like any other.
    event = review.event
    assert event.from_state is event.to_state is State.SUBMITTED and event.prev_hash is not None


def test_an_override_needs_a_reason_and_keeps_it_in_the_panel_and_the_timeline(office):
    dossier = office.propose()
    client = office.client()
    missing = client.post(review_url(dossier), data={"decision": "override", "verdict": "eligible", "reason": "  "})
    assert missing.status_code == 422
    assert "Give the reason for overriding the automatic check." in html.unescape(missing.get_data(as_text=True))
    assert reviews_of(dossier) == []
    assert not db.session.scalars(db.select(DossierEvent).where(DossierEvent.action.like("eligibility%"))).all()

    response = client.post(review_url(dossier), data={"decision": "override", "verdict": "eligible",
                                                      "reason": OVERRIDE_REASON})
    assert response.status_code == 303
    [review] = reviews_of(dossier)
    assert not review.agrees and review.verdict is Verdict.ELIGIBLE
    assert review.engine_verdict is Verdict.NEEDS_EVIDENCE and review.reason == OVERRIDE_REASON
    assert OVERRIDE_REASON in review.event.comment and review.event.action == "eligibility_override"
    doc = page(client, dossier)
    current = doc.xpath('//*[@id="eligibility-review-current"]')[0]
    assert current.get("data-agrees") == "no" and OVERRIDE_REASON in current.text_content()
    assert "Eligible" in current.text_content()
    assert "Overrode the automatic eligibility check" in timeline(doc) and OVERRIDE_REASON in timeline(doc)
    # The unit's officer sees the appraiser's review too (without the form).
    officer_doc = page(office.client(office.officer), dossier)
    assert officer_doc.xpath('//*[@id="eligibility-review-current"]')
    assert not officer_doc.xpath('//form[@id="eligibility-review-form"]')


def test_an_override_without_a_verdict_is_refused_beside_the_field(office):
    dossier = office.propose()
    response = office.client().post(review_url(dossier), data={"decision": "override", "reason": OVERRIDE_REASON})
    assert response.status_code == 422
    assert "Choose the verdict you hold instead." in html.unescape(response.get_data(as_text=True))


def test_htmx_gets_the_card_back_on_a_refusal_and_a_redirect_on_success(office):
    dossier = office.propose()
    client = office.client()
    headers = {"HX-Request": "true", "HX-Target": "eligibility-review"}
    refused = client.post(review_url(dossier), data={"decision": "override", "verdict": "hold"}, headers=headers)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "<html" not in body and 'id="eligibility-review"' in body and 'id="eligibility-review-error"' in body
    done = client.post(review_url(dossier), data={"decision": "agree"}, headers=headers)
    assert done.status_code == 204 and done.headers["HX-Redirect"].startswith(f"/dossiers/{dossier.id}")
    # As a page of its own (without JavaScript) the form is there too.
    full = client.get(review_url(dossier))
    assert full.status_code == 200 and b'id="eligibility-review-form"' in full.data


def test_a_later_review_supersedes_the_earlier_one_and_the_history_keeps_both(office):
    dossier = office.propose(state=State.APPRAISAL)
    client = office.client()
    assert client.post(review_url(dossier), data={"decision": "agree"}).status_code == 303
    assert client.post(review_url(dossier), data={"decision": "override", "verdict": "hold",
                                                  "reason": "Đang xác minh đơn thư."}).status_code == 303
    first, second = reviews_of(dossier)
    assert first.agrees and not second.agrees
    doc = page(client, dossier)
    current = doc.xpath('//*[@id="eligibility-review-current"]')[0]
    assert current.get("data-agrees") == "no" and "Đang xác minh đơn thư." in current.text_content()
    text = timeline(doc)
    assert "Agreed with the automatic eligibility check" in text and "Overrode the automatic eligibility check" in text


def test_agreeing_with_a_verdict_the_page_no_longer_shows_is_refused(office):
    dossier = office.propose()
    response = office.client().post(review_url(dossier), data={"decision": "agree", "seen": "eligible"})
    assert response.status_code == 409
    assert reviews_of(dossier) == []


def test_only_the_appraiser_reviews_on_intake_and_appraisal(office, make):
    dossier = office.propose()
    for user in (office.secretary, office.officer, make.make_actor(Role.UNIT_HEAD, office.unit),
                 make.make_actor(Role.ADMIN)):
        assert office.client(user).post(review_url(dossier), data={"decision": "agree"}).status_code in (403, 404)
    assert office.client(office.secretary).post(review_url(dossier), data={"decision": "agree"}).status_code == 403
    assert office.client(office.officer).get(review_url(dossier)).status_code == 403
    # Past appraisal the review is closed: the council decides on what was reviewed.
    voted = office.propose(name="Lê Văn Cường", state=State.COUNCIL_REVIEW)
    assert office.client().post(review_url(voted), data={"decision": "agree"}).status_code == 403
    assert not page(office.client(), voted).xpath('//form[@id="eligibility-review-form"]')
    assert reviews_of(dossier) == [] and reviews_of(voted) == []


def test_a_dossier_outside_the_appraisers_scope_is_not_found(office):
    draft = office.propose(name="Phạm Thị Dung", state=State.DRAFT)  # never left its unit
    client = office.client()
    assert client.get(review_url(draft)).status_code == 404
    assert client.post(review_url(draft), data={"decision": "agree"}).status_code == 404


def test_the_form_needs_its_csrf_token(office, csrf_enabled):
    dossier = office.propose()
    client = office.client()
    assert client.post(review_url(dossier), data={"decision": "agree"}).status_code == 400
    form = lxml.html.fromstring(client.get(review_url(dossier)).get_data(as_text=True))
    token = form.xpath('//form[@id="eligibility-review-form"]//input[@name="csrf_token"]/@value')[0]
    assert client.post(review_url(dossier), data={"decision": "agree", "csrf_token": token}).status_code == 303


# --- many at once ---------------------------------------------------------------------------------------

def varied_dossiers(office, make, count: int, prefix: str = ""):
    """Dossiers of people with different registry histories, collectives ranked in clusters, and one unlinked."""
    dossiers = []
    for n in range(count):
        shape = (n + 1) % 6  # five dossiers already have every kind of statement: a collective among them
        if shape == 5:
            unit = make.make_unit(f"Xã thi đua {prefix}{n}")
            dossiers.append(office.propose("co_thi_dua_tinh", name=unit.name, kind=NomineeKind.COLLECTIVE,
                                           unit=unit))
            continue
        dossier = office.propose("bang_khen_tinh" if shape != 4 else "cstd_tinh", name=f"Người thứ {prefix}{n}",
                                 birth_year=1970 + n % 30)
        person = dossier.nominee_person
        if shape in (0, 4):
            office.got(person, "cstd_co_so", 2024)
            office.got(person, "cstd_co_so", 2025)
            office.got(person, "cstd_co_so", 2023)
        elif shape == 1:
            for year, rating in ((2024, Rating.HTXS), (2025, Rating.HTXS)):
                db.session.add(PerformanceRating(person=person, year=year, rating=rating))
            for title in ("SK-A", "SK-B"):
                db.session.add(Initiative(person=person, title=f"{title}-{n}", year=2025, scope=Scope.PROVINCE,
                                          document="QĐ 3/QĐ-SKHCN"))
        elif shape == 2:
            office.got(person, "cstd_co_so", 2024, CampaignKind.THEMATIC)
            office.got(person, "cstd_co_so", 2025)
            db.session.add(Discipline(person=person, status=DisciplineStatus.UNDER_REVIEW, since=date(2025, 3, 1)))
        elif shape == 3:
            office.got(person, "cstd_co_so", 2024)
            office.got(person, "cstd_co_so", 2025)
            # Another active proposal of the same person: a duplicate.
            office.propose(name=f"Người thứ {prefix}{n}", birth_year=1970 + n % 30,
                           campaign=make.make_campaign(2025, name=f"Đợt {prefix}{n}"))
        dossiers.append(dossier)
    # The collectives' units in one cluster, its 2025 scoring locked with them ranked.
    collectives = [d for d in dossiers if d.nominee_collective_id is not None]
    if collectives:
        units = [d.nominee_collective.unit for d in collectives]
        cluster = make.make_cluster(members=units, lead=units[0])
        scoring = make.make_scoring(cluster, 2025, status=ScoringStatus.OPEN)
        for place, unit in enumerate(units):
            make.set_scores(scoring, unit, {"1.1": 30 - place, "1.2": 30, "2.1": 40})
        scoring.status = ScoringStatus.LOCKED
    # One dossier linked to no record at all (written before the registry).
    unlinked = make.make_dossier(office.unit, award=office.awards["bang_khen_tinh"], campaign=office.campaign,
                                 state=State.APPRAISAL)
    dossiers.append(unlinked)
    db.session.commit()
    return dossiers


def test_the_batch_gives_the_same_verdicts_as_one_by_one(office, make):
    dossiers = varied_dossiers(office, make, 18)
    book = RuleBook.load()
    batch = registry_facts.verdicts_for(dossiers, book, cluster_rank_facts_for(dossiers))
    verdicts = set()
    for dossier in dossiers:
        single = registry_facts.verdict_for(dossier, book, cluster_rank_facts(dossier))
        assert batch[dossier.id] == single, dossier
        assert registry_facts.cases_for([dossier], {dossier.id: cluster_rank_facts(dossier)})[dossier.id] == \
            registry_facts.case_for(dossier, cluster_rank_facts(dossier))
        verdicts.add(single.verdict)
    assert verdicts == set(Verdict), verdicts  # the cases are varied enough to give every verdict
    ranks = cluster_rank_facts_for(dossiers)
    assert sorted(f.rank for facts in ranks.values() for f in facts) == [1, 2, 3]


def _statements(count_queries, action) -> int:
    db.session.expire_all()
    with count_queries() as queries:
        action()
    return queries.count


@pytest.mark.parametrize("where", ["agenda", "inbox"])
def test_statements_do_not_grow_with_the_number_of_dossiers(office, make, count_queries, where):
    counts = []
    for size in (5, 40):
        dossiers = varied_dossiers(office, make, size, prefix=f"{size}-")
        council = make.make_council_session()
        for dossier in dossiers:
            dossier.state = State.COUNCIL_REVIEW if where == "agenda" else State.APPRAISAL
            db.session.add(CouncilAgendaItem(session=council, dossier=dossier))
        db.session.commit()
        client = office.client(office.secretary if where == "agenda" else office.appraiser)
        url = f"/council/{council.id}" if where == "agenda" else "/inbox"
        if where == "inbox":
            office.app.config["PAGE_SIZE"], saved = 100, office.app.config["PAGE_SIZE"]
        try:
            def show(client=client, url=url):
                response = client.get(url)
                assert response.status_code == 200
            show()  # the rule book and other read-mostly data are read once, then kept (app/cache.py)
            counts.append(_statements(count_queries, show))
            # Every row has its verdict.
            doc = lxml.html.fromstring(client.get(url).get_data(as_text=True))
            assert len(doc.xpath('//*[@data-verdict]')) >= len(dossiers)
        finally:
            if where == "inbox":
                office.app.config["PAGE_SIZE"] = saved
    assert counts[0] == counts[1], counts


# --- the council agenda ----------------------------------------------------------------------------------

def test_the_council_agenda_shows_the_verdict_and_the_appraisers_review(office, make):
    reviewed = office.propose(state=State.APPRAISAL)
    client = office.client()
    assert client.post(review_url(reviewed), data={"decision": "override", "verdict": "eligible",
                                                   "reason": OVERRIDE_REASON}).status_code == 303
    other = office.propose(name="Lê Văn Cường")
    for dossier in (reviewed, other):
        dossier.state = State.COUNCIL_REVIEW
    council = make.make_council_session()
    db.session.add_all([CouncilAgendaItem(session=council, dossier=reviewed),
                        CouncilAgendaItem(session=council, dossier=other)])
    db.session.commit()
    doc = lxml.html.fromstring(office.client(office.secretary).get(f"/council/{council.id}").get_data(as_text=True))
    assert "Eligibility check" in doc.xpath('//table[@id="agenda"]/thead')[0].text_content()
    cells = {cell.get("data-dossier"): cell for cell in doc.xpath('//table[@id="agenda"]//td[@data-verdict]')}
    first, second = cells[str(reviewed.id)], cells[str(other.id)]
    assert first.get("data-verdict") == "needs_evidence" and second.get("data-verdict") == "needs_evidence"
    text = " ".join(first.text_content().split())
    assert "Override: Eligible" in text and OVERRIDE_REASON in text
    assert "Override" not in second.text_content()
    # The short reasons are there on hover (title) and on expanding.
    assert first.xpath('.//details') and first.xpath('.//*[@title]')


# --- the appraiser's inbox -------------------------------------------------------------------------------

def test_the_inbox_shows_the_verdict_and_agrees_in_bulk(office, make):
    intake = office.propose()
    appraisal = office.propose(name="Lê Văn Cường", state=State.APPRAISAL)
    notice = office.propose(name="Phạm Thị Dung", state=State.PUBLIC_NOTICE)
    db.session.commit()
    client = office.client()
    doc = lxml.html.fromstring(client.get("/inbox").get_data(as_text=True))
    cells = {cell.get("data-dossier"): cell.get("data-verdict") for cell in doc.xpath('//td[@data-verdict]')}
    assert cells == {str(intake.id): "needs_evidence", str(appraisal.id): "needs_evidence",
                     str(notice.id): "needs_evidence"}
    assert doc.xpath('//button[@id="bulk-eligibility-agree"]')

    ids = [str(intake.id), str(appraisal.id), str(notice.id)]
    preview = client.post("/inbox/eligibility-agree", data={"ids": ids})
    assert preview.status_code == 200
    preview_doc = lxml.html.fromstring(preview.get_data(as_text=True))
    assert len(preview_doc.xpath('//table[@id="bulk-eligibility-table"]/tbody/tr')) == 3
    assert reviews_of(intake) == []  # the preview writes nothing
    seen = {f"seen-{d.id}": "needs_evidence" for d in (intake, appraisal, notice)}
    done = client.post("/inbox/eligibility-agree", data={"ids": ids, "confirm": "1", **seen})
    assert done.status_code == 200
    result = lxml.html.fromstring(done.get_data(as_text=True))
    rows = {row.get("data-dossier"): row for row in result.xpath('//table[@id="bulk-eligibility-results"]/tbody/tr')}
    assert "table-danger" not in (rows[str(intake.id)].get("class") or "")
    assert "table-danger" in rows[str(notice.id)].get("class")
    assert [r.agrees for r in reviews_of(intake)] == [True] and [r.agrees for r in reviews_of(appraisal)] == [True]
    assert reviews_of(notice) == []
    # The inbox now says each reviewed row was agreed with.
    doc = lxml.html.fromstring(client.get("/inbox").get_data(as_text=True))
    cell = doc.xpath(f'//td[@data-dossier="{intake.id}"]')[0]
    assert "Agreed" in cell.text_content()


def test_bulk_agree_is_the_appraisers_only(office):
    dossier = office.propose()
    response = office.client(office.secretary).post("/inbox/eligibility-agree", data={"ids": [str(dossier.id)]})
    assert response.status_code == 403
    inbox = office.client(office.secretary).get("/inbox").get_data(as_text=True)
    assert 'id="bulk-eligibility-agree"' not in inbox
