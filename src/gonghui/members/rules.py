"""Roster rules, each a setting with the source of its default."""

# 《劳动法》第十五条: employers may not take on anyone under sixteen, so nobody joins a union
# as an employee before that age; a 入会时间 earlier than this is a typing error.
MIN_JOIN_AGE = 16

# Age bands of the list filter (years, inclusive lower bound, exclusive upper bound).
AGE_BANDS = {
    "lt30": ("30岁以下", 0, 30),
    "30_40": ("30–39岁", 30, 40),
    "40_50": ("40–49岁", 40, 50),
    "50_60": ("50–59岁", 50, 60),
    "ge60": ("60岁及以上", 60, 200),
}
