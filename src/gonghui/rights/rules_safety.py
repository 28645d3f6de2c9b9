"""劳动保护 rules with their sources.

- 隐患等级: 《安全生产事故隐患排查治理暂行规定》(国家安全生产监督管理总局令第16号, 2007) 第三条
  divides 事故隐患 into 一般事故隐患 and 重大事故隐患 (a 重大 one: hard to rectify, needs part or
  all of the work stopped, or caused by outside factors the unit cannot remove itself); 第十四条
  a 重大 one is reported to the safety authority. 较大 is the middle grade of many provinces'
  分级管控 rules — an EXAMPLE. The union's part: 《工会法》第二十四条、《安全生产法》第六十条
  (工会对安全生产工作进行监督, 发现事故隐患有权提出解决的建议).
- 隐患整改率 (this module's rule): of the hazards found in a period, the share closed (re-check
  passed) by the period's end. A hazard found late in December and closed in January counts
  as not rectified in that year; the figure of a period is fixed once it has ended.
- 伤害程度: 《企业职工伤亡事故分类》GB 6441-86 (轻伤, 重伤, 死亡).
- 工伤认定: 《工伤保险条例》第十七条 (the employer applies within 30 days, the worker or the
  union within one year), 第二十条 (decided within 60 days).
"""

from __future__ import annotations

from decimal import Decimal

from gonghui.members.metrics import percent

# A rectification deadline suggested for a new hazard when none is given: an EXAMPLE (no
# national figure; 一般隐患 are rectified "立即或限期").
DEFAULT_DEADLINE_DAYS = 15


def rectification_rate(closed: int, found: int) -> Decimal | None:
    """隐患整改率: closed ÷ found × 100, two places half up; None without a hazard."""
    return percent(closed, found)
