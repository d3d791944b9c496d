"""The dashboard in a real browser (issue 12): an appraiser opens it, changes a filter (htmx refreshes the
results and the URL), sees the chart and its table follow, and downloads a table as XLSX."""
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.models import AwardLevel, Role, State

pytestmark = pytest.mark.browser


def test_appraiser_filters_the_dashboard_and_downloads_a_table(page, log_in, make, snapshot):
    appraiser = make.make_user(Role.APPRAISER, username="appraiser")
    alpha, beta = make.make_unit("Sở Alpha"), make.make_unit("Sở Beta")
    campaign = make.make_campaign(2025, name="Thi đua năm 2025")
    x = make.make_award(name="Bằng khen X", level=AwardLevel.PROVINCIAL)
    y = make.make_award(name="Huân chương Y", level=AwardLevel.CENTRAL)
    for _ in range(3):
        make.make_dossier(alpha, award=x, campaign=campaign, state=State.SUBMITTED)
    make.make_dossier(beta, award=y, campaign=campaign, state=State.APPRAISAL)
    log_in(page, appraiser)

    page.goto("/")
    page.locator("#nav-dashboard").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    chart = page.locator("#chart-unit")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("text", has_text="Sở Beta")).to_have_count(1)
    expect(page.locator("#table-unit")).to_contain_text("Sở Alpha")
    snapshot(page, "dashboard")

    page.select_option("#f-award", label="Bằng khen X")
    page.wait_for_url(re.compile(rf"award={x.id}"))
    expect(page.locator("#table-unit")).not_to_contain_text("Sở Beta")
    expect(chart.locator("text", has_text="Sở Beta")).to_have_count(0)
    expect(page.locator("#table-award tbody tr")).to_have_count(1)

    with page.expect_download() as download_info:
        page.locator("#export-unit").click()
    download = download_info.value
    with open(download.path(), "rb") as file:
        content = file.read()
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert ("Sở Alpha", 3) in rows
    assert all(row[0] != "Sở Beta" for row in rows)
