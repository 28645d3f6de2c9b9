"""维权 rules with their sources: the legal clock of a collective contract, the openness
schedule and the mediation time limit. Every figure is the default of a field of
``RightsSettings`` (per union, inherited down the tree); where provinces differ the default
is an EXAMPLE and says so.

Sources (shared/DOMAIN-AREAS.md sections (c), (d), (f)):
- 《集体合同规定》(劳动和社会保障部令第22号, 2004): 第三十二条 a written 要约 is answered in
  writing within 20 days; 第三十一条 a vacant 协商代表 seat is refilled within 15 days;
  第三十八条 a term of 1–3 years, renewal may be asked within 3 months before expiry;
  第四十二条 the employer submits the signed text to the 人社 department within 10 days of
  the chief representatives' signing; 第四十五条 an objection comes within 15 days as a
  《审查意见书》; 第四十七条 (and 《劳动合同法》第五十四条) no objection within 15 days of
  receipt → effective; 第四十八条 published to all staff (Chongqing: within 10 days).
- The 职代会 review: two thirds present, more than half of ALL representatives agree — the
  congress poll's own rule (congress/rules.py, 《企业民主管理规定》第十九、二十条).
- 厂务公开: published by the 10th of the following month (workshop rules cited in (d), an
  EXAMPLE); at least once a year to the 职代会.
- 《劳动争议调解仲裁法》第十四条: without an agreement within 15 days of the committee
  RECEIVING the application (收到调解申请之日起), the parties may go to arbitration.
"""

from __future__ import annotations

# 《集体合同规定》第三十二条: reply to a written 要约 within 20 days.
OFFER_REPLY_DAYS = 20
# 第三十一条: a vacant 协商代表 seat is refilled within 15 days.
SEAT_REFILL_DAYS = 15
# 第四十二条: submission to 人社 within 10 days of signing.
SUBMIT_DAYS = 10
# 第四十五、四十七条: 15 days for an 审查意见书; none → effective.
REVIEW_DAYS = 15
# 第四十八条 says "publish"; within 10 days is Chongqing's rule — an EXAMPLE.
PUBLISH_DAYS = 10
# 第三十八条: renewal may be asked within 3 months before expiry.
RENEWAL_MONTHS = 3
# Term 1–3 years (第三十八条).
TERM_YEARS_MIN, TERM_YEARS_MAX = 1, 3
# 履约检查 reported to the 职代会 at least yearly (DOMAIN-AREAS (c), a Q&A page only).
PERFORMANCE_REPORT_MONTHS = 12
# 厂务公开 of a month by the 10th of the following month — an EXAMPLE (DOMAIN-AREAS (d)).
OPENNESS_DUE_DAY = 10
# 《劳动争议调解仲裁法》第十四条: 15 days from receipt of the application.
MEDIATION_DAYS = 15
