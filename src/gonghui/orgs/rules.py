"""Organisation rules, each with its source. Later issues turn these into per-union settings."""

# 《中华人民共和国工会法》（2021 年修正）第十五条：基层工会委员会每届任期三年或者五年。
COMMITTEE_TERM_YEARS = (3, 5)
# Warn this many days before a term ends, so the election (which takes weeks of
# preparation under 《工会基层组织选举工作条例》) can start in time.
TERM_WARNING_DAYS = 90
