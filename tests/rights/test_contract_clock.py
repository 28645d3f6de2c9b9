"""The legal clock of 《集体合同规定》 pinned on its boundary days, with the default settings:
the day of the event is not counted and a period ending on a rest day runs to the next
working day (《民法典》第二百零一、二百零三条)."""

import datetime

from gonghui.rights import contract_clock as clock
from gonghui.rights.models import RightsSettings

D = datetime.date
DEFAULTS = RightsSettings()


def test_reply_within_20_days_of_delivery():
    # delivered Wednesday 1 July 2026: day 20 is Tuesday 21 July (on time), day 21 is late
    assert clock.reply_due(D(2026, 7, 1), DEFAULTS) == D(2026, 7, 21)


def test_submission_within_10_days_of_signing():
    # signed Monday 1 June 2026: day 10 is Thursday 11 June, day 11 (12 June) is late
    assert clock.submit_due(D(2026, 6, 1), DEFAULTS) == D(2026, 6, 11)


def test_no_objection_within_15_days_makes_it_effective_on_day_16():
    received = D(2026, 6, 1)
    assert clock.review_due(received, DEFAULTS) == D(2026, 6, 16)
    assert clock.effective_on(received, DEFAULTS) == D(2026, 6, 17)


def test_a_period_ending_on_a_rest_day_runs_to_the_next_working_day():
    # delivered Monday 2 March 2026 + 20 days = Sunday 22 March → Monday 23 March
    assert clock.reply_due(D(2026, 3, 2), DEFAULTS) == D(2026, 3, 23)


def test_the_renewal_window_opens_exactly_three_months_before_expiry():
    expires = clock.expires_on(D(2026, 4, 1), 3)
    assert expires == D(2029, 3, 31)
    assert clock.renewal_opens(expires, DEFAULTS) == D(2028, 12, 31)
    # a month without that day: 31 May − 3 months = 28 February
    assert clock.renewal_opens(D(2027, 5, 31), DEFAULTS) == D(2027, 2, 28)


def test_the_settings_move_the_clock():
    settings = RightsSettings(submit_days=15, review_days=30, renewal_months=6)
    assert clock.submit_due(D(2026, 6, 1), settings) == D(2026, 6, 16)
    assert clock.renewal_opens(D(2029, 3, 31), settings) == D(2028, 9, 30)
