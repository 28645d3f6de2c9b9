"""Finance settings: inherited until changed, validated, audited; the settings page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import FinanceSettings
from gonghui.finance.queries.common import settings_for
from gonghui.finance.services.settings import finance_settings_update


def test_first_change_creates_the_unions_own_row_from_what_it_inherited(world):
    finance_settings_update(actor=world.fed_admin, union=world.fed, local_share="0.70")
    assert settings_for(world.school).inherited_from == world.fed
    row = finance_settings_update(actor=world.chair, union=world.school, approver_role="treasurer")
    assert row.union == world.school
    assert row.local_share == Decimal("0.7000")  # kept from the federation
    assert row.approver_role == "treasurer"
    assert settings_for(world.school).inherited_from is None
    assert settings_for(world.hospital).local_share == Decimal("0.7000")
    entry = AuditEntry.objects.filter(action="finance.settings").order_by("-id").first()
    assert entry.actor == world.chair and entry.changes["approver_role"] == [None, "treasurer"]


def test_later_changes_record_only_what_changed(world):
    finance_settings_update(actor=world.chair, union=world.school, funds_rate="0.02")
    finance_settings_update(actor=world.chair, union=world.school, funds_rate="0.025")
    entry = AuditEntry.objects.filter(action="finance.settings").order_by("-id").first()
    assert entry.changes == {"funds_rate": ["0.0200", "0.0250"]}
    assert FinanceSettings.objects.filter(union=world.school).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dues_rate", "0.06", "0 到 5%"),
        ("funds_rate", "-0.01", "0 到 5%"),
        ("local_share", "1.2", "0 到 100%"),
        ("dues_rate", "abc", "须为数字"),
        ("dues_rate", "0.000051", "最多保留 4 位小数"),
        ("dues_items", ["basic", "wife"], "不认识的工资项目：wife"),
        ("dues_items", [], "至少选择一项"),
        ("approver_role", "auditor", "只能是工会主席、工会委员或财务"),
        ("arrears_months", 0, "1 到 24"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(world, field, value, message):
    with pytest.raises(ValidationError) as exc:
        finance_settings_update(actor=world.chair, union=world.school, **{field: value})
    assert message in str(exc.value)
    assert not FinanceSettings.objects.exists()


def test_only_finance_rules_holders_change_settings(world):
    for user in (world.treasurer, world.auditor, world.outsider):
        with pytest.raises(PermissionDenied):
            finance_settings_update(actor=user, union=world.school, local_share="0.5")


# --- the page -----------------------------------------------------------------------


def test_settings_page_explains_defaults_and_their_source(world, client_for):
    page = client_for(world.treasurer).get("/unions/school/finance/settings/").content.decode()
    assert "平台默认值" in page and "0.5%" in page and "60%" in page
    assert "《工会法》第四十三条" in page
    assert 'name="dues_rate"' not in page  # no form for the treasurer
    finance_settings_update(actor=world.fed_admin, union=world.fed, local_share="0.65")
    page = client_for(world.chair).get("/unions/school/finance/settings/").content.decode()
    assert "沿用上级 示范镇总工会 的设置" in page and "65%" in page


def test_chair_saves_settings_in_percent(world, client_for):
    data = {
        "dues_rate": "0.5",
        "dues_rounding": "drop10",
        "dues_items": ["basic", "post"],
        "exempt_retired": "on",
        "arrears_months": "6",
        "funds_rate": "2",
        "local_share": "55",
        "approver_role": "chair",
        "budget_warn_ratio": "85",
    }
    response = client_for(world.chair).post("/unions/school/finance/settings/", data)
    assert response.status_code == 302
    row = FinanceSettings.objects.get(union=world.school)
    assert row.local_share == Decimal("0.55") and row.dues_rate == Decimal("0.005")
    assert row.budget_warn_ratio == Decimal("0.85") and row.dues_items == ["basic", "post"]
    bad = client_for(world.chair).post(
        "/unions/school/finance/settings/", data | {"funds_rate": "20"}
    )
    assert "0 到 5%" in bad.content.decode()
    assert FinanceSettings.objects.get(union=world.school).funds_rate == Decimal("0.02")


def test_settings_page_refuses_the_outsider(world, client_for):
    assert client_for(world.outsider).get("/unions/school/finance/settings/").status_code == 404
    response = client_for(world.outsider).post(
        "/unions/school/finance/settings/", {"local_share": "1"}
    )
    assert response.status_code == 404
    assert (
        client_for(world.treasurer).post("/unions/school/finance/settings/", {}).status_code == 403
    )


def test_a_first_change_keeps_the_default_wage_items(world):
    from gonghui.finance.services.settings import finance_settings_update

    row = finance_settings_update(actor=world.chair, union=world.school, arrears_months=3)
    assert row.dues_items == ["basic", "post", "performance"] and row.arrears_months == 3
