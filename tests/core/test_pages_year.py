"""``core.pages.year_asked``: the year a yearly page (参与人次, 活动室使用, 培训) shows."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from gonghui.core.pages import year_asked

THIS = timezone.localdate().year


@pytest.mark.parametrize(
    ("query", "year"),
    [
        ("", THIS),
        ("?year=2025", 2025),
        ("?year=abc", THIS),
        ("?year=1066", 2000),
        (f"?year={THIS + 500}", THIS + 100),
    ],
)
def test_a_yearly_page_shows_the_year_asked_within_bounds(query, year):
    assert year_asked(RequestFactory().get("/" + query)) == year
