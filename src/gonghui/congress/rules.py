"""Congress rules and their defaults, each with its source. Provinces and sectors differ,
so each is the default of a per-union setting (``CongressSettings``)."""

from decimal import Decimal

# 《企业民主管理规定》（2012）第十九条: 职工代表大会须有全体职工代表三分之二以上出席，方可召开；
# 第二十条: 选举和表决相关事项，必须按照少数服从多数的原则，经全体职工代表的过半数通过。
QUORUM = Decimal(2) / Decimal(3)  # of ALL seated representatives, checked in
MAJORITY = Decimal(1) / Decimal(2)  # 赞成 must be MORE than this share of ALL seated

# 《企业民主管理规定》第十七条: 职工代表人数按照不少于全体职工人数的百分之五确定，最少
# 不少于三十人 (a union of fewer than 100 staff may hold a 职工大会 of everyone).
REP_MIN_SHARE = Decimal("0.05")
REP_MIN_COUNT = 30
ASSEMBLY_BELOW_STAFF = 100
# 同条: 中层以上管理人员和领导人员一般不得超过职工代表总人数的百分之二十; 女职工和劳务派遣
# 职工代表应当占有适当比例 (warn below their share of the workforce).
MANAGER_MAX_SHARE = Decimal("0.20")
# 《学校教职工代表大会规定》（教育部令第32号）第九条: 教师代表不低于代表总数的百分之六十.
TEACHER_MIN_SHARE = Decimal("0.60")

# 《企业民主管理规定》第二十六条 (and common provincial rules): 会议文件于会前七日送达代表.
NOTICE_DAYS = 7
# Co-signers a proposal needs (附议人数), a common provincial default.
COSIGNERS = 2
# 代表任期与职代会届期一致, 每届三至五年.
TERM_YEARS = (3, 5)

# 《工会基层组织选举工作条例》（2016）: 委员会委员实行差额选举，候选人差额率不低于 5%（各地
# 实施办法有定 10% 者）; 到会有选举权人数须达应到会人数的三分之二 (the QUORUM above);
# 被选举人获得的赞成票超过应到会有选举权人数的半数始得当选 (the MAJORITY above); 每张
# 选票所选人数多于应选名额的为无效票; 票数相等或当选不足应选名额的，另行选举。
ELECTION_SURPLUS = Decimal("0.05")
