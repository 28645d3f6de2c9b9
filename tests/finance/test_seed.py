"""The categories and example rules every union's books depend on are always there."""

import pytest
from django.core.management import call_command

from gonghui.finance import rules
from gonghui.finance.models import Category, SpendingRule


@pytest.mark.django_db(transaction=True)
def test_reference_data_comes_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Category.objects.values_list("code", flat=True)) == {
        code for code, *_ in rules.CATEGORIES
    }
    examples = SpendingRule.objects.filter(union__isnull=True)
    assert {r.key for r in examples} == {spec["key"] for spec in rules.DEFAULT_SPENDING_RULES}
    assert all(r.is_example for r in examples)


@pytest.mark.django_db
def test_an_edited_example_rule_is_not_put_back():
    from gonghui.finance.seed import reference_data_seed

    SpendingRule.objects.filter(union__isnull=True, key="festival").update(cap_year=1300)
    reference_data_seed()
    assert SpendingRule.objects.get(union__isnull=True, key="festival").cap_year == 1300
    assert Category.objects.get(code="50101").parent.code == "501"
