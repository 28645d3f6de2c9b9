"""The legal clock of a collective contract: every deadline of 《集体合同规定》 computed from
the dates the union records and the union's ``RightsSettings``. Pure functions, no reads.

How days are counted (《民法典》第二百零一条、第二百零三条): the day an event happens is not
counted — a period of N days after a 要约 delivered on 1 March ends on 1 March + N — and a
period whose last day falls on a 法定休假日 (a weekend or public holiday that is not a
working day, ``core.dates.is_workday``) ends on the next working day. So with the default
20 days, a 要约 delivered on Monday 2 March 2026 must be answered by Sunday 22 March →
Monday 23 March; the reply is on time that day and late the next.
"""

from __future__ import annotations

import datetime

from gonghui.core.dates import add_months, add_years, is_workday

DAY = datetime.timedelta(days=1)


def period_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` days counted from the day after ``start``,
    moved past any 法定休假日 it ends on (《民法典》第二百零一、二百零三条)."""
    end = start + datetime.timedelta(days=days)
    while not is_workday(end):
        end += DAY
    return end


def reply_due(delivered_on: datetime.date, settings) -> datetime.date:
    """第三十二条: the other side answers a written 要约 in writing within 20 days of
    receiving it."""
    return period_end(delivered_on, settings.offer_reply_days)


def refill_due(left_on: datetime.date, settings) -> datetime.date:
    """第三十一条: a 协商代表 who leaves is replaced within 15 days."""
    return period_end(left_on, settings.seat_refill_days)


def submit_due(signed_on: datetime.date, settings) -> datetime.date:
    """第四十二条: the signed text goes to the 人社 department within 10 days of the chief
    representatives' signing."""
    return period_end(signed_on, settings.submit_days)


def review_due(received_on: datetime.date, settings) -> datetime.date:
    """第四十五条: the last day the department may send an 《审查意见书》 (15 days from its
    receipt of the text)."""
    return period_end(received_on, settings.review_days)


def effective_on(received_on: datetime.date, settings) -> datetime.date:
    """第四十七条 (and 《劳动合同法》第五十四条): no objection within the review period →
    effective the day after it ends."""
    return review_due(received_on, settings) + DAY


def publish_due(effective: datetime.date, settings) -> datetime.date:
    """第四十八条: published to all staff promptly after it takes effect (10 days: an
    example, Chongqing's rule)."""
    return period_end(effective, settings.publish_days)


def expires_on(effective: datetime.date, term_years: int) -> datetime.date:
    """The last day of a term of ``term_years`` years (第三十八条: 1–3) from the effective
    date: 1 April 2026 for 3 years runs to 31 March 2029."""
    return add_years(effective, term_years) - DAY


def renewal_opens(expires: datetime.date, settings) -> datetime.date:
    """第三十八条: either side may ask to renew within the 3 months before expiry; the window
    opens exactly 3 months before the last day (31 March 2029 → 31 December 2028)."""
    return add_months(expires, -settings.renewal_months)


def performance_report_due(last: datetime.date, settings) -> datetime.date:
    """The next 履约检查 report to the 职代会: at least every 12 months (the setting) after
    the effective date or the last report."""
    return add_months(last, settings.performance_report_months)
