"""Web page junk around and inside a pasted plan, removed before its structure is read.

- template-site boiler-plate: "以下是小编收集整理的…", "仅供参考", the page's own headline
  ("2023年…工作计划(实用5篇)", "…计划1500字模板6篇"), teaser lines ending in "...",
  fragments left where links were removed ("工作计划", "规章制度");
- table header rows ("活动主题 具体内容", "月份 内容 备注");
- page chrome: breadcrumbs ("当前位置: 首页 >> 通知公告 >> 正文"), the publishing line
  ("发布时间:… 作者: 来源:… 浏览次数: 字体:【大】【中】【小】"), "(供稿:…)", a site greeting
  ("欢迎来到…网站!"), an attachment's file name ("…计划(表).doc"), page numbers ("- 3 -",
  "第3页 共12页", a line holding only a number);
- Q&A page chrome ("展开全部", "提问者采纳", "你对这个回答的评价是?" …);
- what follows a plan on its page: "扫一扫", "★其他类似内容", "相关文章", "上一篇" …
  (``CUT``: the rest of the part is dropped), lists of related articles with their dates;
- mojibake: UTF-8 read as GBK or Latin-1 is decoded again when it can be, else dropped.

Inline junk is replaced by a line break, so that a page whose line breaks were lost is cut
where the junk was. Every pattern is linear (no nested quantifiers).
"""

from __future__ import annotations

import re

from .text import number_of, section_of

BOILER_WORDS = (
    "小编",
    "仅供参考",
    "供您参考",
    "供大家参考",
    "查看剩余",
    "欢迎阅读",
    "欢迎大家阅读",
    "精编资料",
    "希望能够帮助到大家",
    "希望对大家有所帮助",
    "希望对你有所帮助",
    "希望你喜欢",
    "不妨参考一下",
    "范文网",
    "下载文档",
    "复制全文",
    "本文由网友",
)
TABLE_HEADERS = {
    "活动主题",
    "具体内容",
    "月份",
    "时间",
    "内容",
    "负责人",
    "备注",
    "序号",
    "活动",
    "活动内容",
    "工作内容",
    "主要内容",
    "责任部门",
    "完成时间",
    "参加范围",
    "参加人员",
    "参加对象",
    "活动时间",
    "活动地点",
    "地点",
    "责任人",
    "牵头部门",
    "时间安排",
    "完成时限",
    "工作项目",
    "项目",
}
HEADER_WORD = "|".join(sorted(TABLE_HEADERS, key=len, reverse=True))
_HEADER_ROW = re.compile(rf"^(?:{HEADER_WORD})(?: ?(?:{HEADER_WORD}))*$")
HEADER_RUN = re.compile(rf"(?:{HEADER_WORD}) ?(?:{HEADER_WORD})(?: ?(?:{HEADER_WORD}))*")
FRAGMENTS = {
    "工作计划",
    "规章制度",
    "计划",
    "总结",
    "工作总结",
    "合同",
    "学习计划",
    "心得体会",
    "实施方案",
    "方案",
    "人才",
    "面试",
    "兼职",
    "活动方案",
    "通知公告",
    "首页",
    "正文",
    "新闻中心",
    "工会动态",
    "工作动态",
    "公告通知",
    "返回",
    "打印",
    "关闭",
    "收起",
    "展开全部",
}
NAV_WORDS = ("通知公告", "公告通知", "新闻中心", "工会动态", "工作动态", "正文", "首页")
HEADLINE_COUNT = re.compile(
    r"[（(](?:实用|通用|精选|优秀|热门|最新|推荐|汇总|合集)?[0-9一二三四五六七八九十]{1,3}篇[）)]"
    r"|(?:\d{2,5}字)?(?:模板|范文|精选|合集|大全|汇总)[0-9一二三四五六七八九十]{1,3}篇"
)
QA_CHROME = re.compile(
    r"展开全部|已赞过|已踩过|你对这个回答的评价是[?？]?|提问者采纳|网友采纳|满意答案|最佳答案"
    r"|推荐答案|热心网友|匿名用户|本回答(?:由|被)[^。,，;；!?！？]{0,12}?(?:提供|推荐|采纳|认证)"
    r"|采纳率[:：]?\s?\d{1,3}%|擅长[:：][^。;；]{0,20}|回答者[:：][^。;；\s]{0,20}"
    r"|\d{1,5}个回答|\d{1,5}人(?:觉得有用|赞同|点赞)"
)
_DATE = r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
ISO_DATE = r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
META = re.compile(
    rf"(?:发布时间|发布日期|发表时间|更新时间|日期|时间)[:：]\s?{_DATE}(?:\s?\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    r"|浏览次数[:：]\s?\d{0,9}"
    r"|(?<![\u4e00-\u9fff])(?:作者|来源|浏览量|点击数|点击量|阅读量|阅读次数|访问量|编辑|责任编辑|责编)[:：]"
    r"(?: ?[^\s:：。，,;；!?！？【]{1,16}(?=\s|$|[【(（]|发|作者|来源|浏览|点击|阅读|字体))?"
    r"|字[体号][:：]\s?(?:【[大中小]】\s?){1,3}|【(?:打印|关闭|大|中|小|返回顶部|收藏)】"
)
BREADCRUMB = re.compile(
    r"(?:当前位置|您的位置|你的位置|所在位置)[:：]\s?(?:[^\s>»]{1,12} ?(?:>>|»|>|/) ?){1,6}"
    r"(?:正文|详情|内容|阅读|[^\s>»]{1,8}(?=\s|$))"
)
CREDIT = re.compile(
    r"[（(](?:供稿|来源|作者|编辑|责编|责任编辑|审核|审稿|撰稿|通讯员|摄影|图文|文字|初审|终审)"
    r"[:：][^）)]{0,40}[）)]"
)
GREETING = re.compile(r"欢迎(?:来到|访问|光临)[^。!！]{1,20}(?:网站|网)[!！。]?")
FILE_NAME = re.compile(r"[^\s。;；!?！？]{1,60}\.(?:docx?|wps|pdf|xlsx?|pptx?|rar|zip)(?![A-Za-z])")
PAGE_MARK = re.compile(
    r"(?<![\d\-—–])[-—–] ?\d{1,3} ?[-—–](?![\d\-—–])|第 ?\d{1,3} ?页(?: ?[/，,]? ?共 ?\d{1,3} ?页)?"
)
STAR_LINK = re.compile(
    r"★[^。；;!?！？★\n]{1,40}?(?:\d{1,2}篇|范文|精选|大全|汇总|合集)[^。；;!?！？★\n]{0,12}"
)
PAGE_LINE = re.compile(
    r"^(?:[-—–·]? ?\d{1,3} ?[-—–·]?|\d{1,3} ?/ ?\d{1,3}|[Pp]age ?\d{1,3}(?: ?of ?\d{1,3})?)$"
)
LINK_LINE = re.compile(
    rf"^[^。；;!?！？]{{2,60}}?(?:[(（ ]?{ISO_DATE}|[(（ ]\d{{1,2}}-\d{{1,2}})[)）]?$"
)
DATE_ONLY = re.compile(
    rf"^[(（]?(?:{_DATE}|{ISO_DATE})[)）]?(?: ?\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$"
)
# A date with its time of day: when a page or an answer was posted, never part of a plan.
POSTED = re.compile(rf"{ISO_DATE} ?\d{{1,2}}:\d{{2}}(?::\d{{2}})?")
_ISO_RE = re.compile(rf"{ISO_DATE}[)）]?")
# The signature under a plan: the union's name, the date it was written.
_CN_DATE = (
    r"(?:(?:19|20)\d{2}|二[〇零○0][〇零○0一二三四五六七八九]{2}) ?年 ?[0-9一二三四五六七八九十]{1,2} ?月"
    r"(?: ?[0-9一二三四五六七八九十]{1,3} ?日)?"
)
SIGNED_BY = re.compile(r"^[^。，,；;！!？?：:\s]{2,30}(?:工会|工会委员会|委员会|工会小组)$")
SIGNATURE_TAIL = re.compile(rf"(?:[^。；;！!？?]{{2,30}}?(?:工会|委员会))? ?{_CN_DATE}$")
# What follows a plan on its page: the rest of the part is dropped.
CUT = re.compile(
    r"扫一扫|★(?:其他|相关|热门|推荐|更多)|其他类似内容|相关文章|相关推荐|相关阅读|相关范文|猜你喜欢|延伸阅读|推荐阅读"
    r"|热门推荐|热门文章|上一篇[:：]|下一篇[:：]|其他类似问题|为你推荐|相关问题|更多回答"
    r"|版权声明|免责声明|本文链接|返回顶部|分享到[:：]?|打印本页|关闭窗口"
)

# Characters UTF-8 text shows when read as GBK (measured on the sample plans).
MOJIBAKE_CJK = set(
    "锛銆涓紝伐宸屽鍔殑佸浼鍏細鐨浣瀹缁灞鑱暀鍒鏁寮佹氬亴浜璁哄鍙屾綔鏈鈥浠骞佷瀛甯椿傚诲濂屼拰"
)
_LATIN_MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u201e\u2020-\u2122]")


def _mojibake_share(text: str) -> float:
    if "锟斤拷" in text or "\ufffd" in text:
        return 1.0
    marks = sum(1 for ch in text if ch in MOJIBAKE_CJK) + 2 * len(_LATIN_MOJIBAKE.findall(text))
    return marks / max(len(text), 1)


def _repaired(text: str) -> str | None:
    for wrong in ("gb18030", "cp1252", "latin-1"):
        try:
            fixed = text.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _mojibake_share(fixed) < 0.05:
            return fixed
    return None


def demojibake(line: str) -> str:
    """The line decoded again when it is mojibake and can be, "" when it cannot."""
    if len(line) < 4 or _mojibake_share(line) < 0.2:
        return line
    return _repaired(line) or ""


def is_boilerplate(line: str) -> bool:
    if any(word in line for word in BOILER_WORDS) or HEADLINE_COUNT.search(line):
        return True
    if line.endswith(("...", "…", "……")) and len(line) > 40:
        return True  # a truncated teaser repeating the opening
    return bool(_HEADER_ROW.match(line))  # a table's header row


def is_junk_line(line: str, *, fragments: bool = True) -> bool:
    """A whole line that is page furniture, not plan. A fragment ("合同") is junk only once
    sentences cut by line breaks have been joined (``fragments``)."""
    if is_boilerplate(line) or PAGE_LINE.match(line) or DATE_ONLY.match(line):
        return True
    if fragments and 2 <= len(line) <= 6 and line in FRAGMENTS:
        return True
    return bool(LINK_LINE.match(line)) and not (number_of(line) or section_of(line))


def without_signature(lines: list[str]) -> list[str]:
    """A plan's lines without the union's name and the date signed under it."""
    lines = list(lines)
    while lines:
        last = lines[-1]
        tail = SIGNATURE_TAIL.search(last)
        if SIGNED_BY.match(last):
            lines.pop()
        elif tail and (tail.start() == 0 or last[tail.start() - 1] in "。；;！!？? "):
            kept = last[: tail.start()].strip()
            lines[-1:] = [kept] if kept else []
            if kept:
                break
        else:
            break
    return lines


def strip_inline(line: str) -> str:
    """Chrome inside a line replaced by line breaks (a flattened page keeps its cuts); a
    list of dated links is cut after each date, so that each link is a line of its own."""
    for pattern in (BREADCRUMB, META, CREDIT, GREETING, FILE_NAME, PAGE_MARK, QA_CHROME, POSTED):
        line = pattern.sub("\n", line)
    if "★" in line:
        line = STAR_LINK.sub("\n", line)
    if len(_ISO_RE.findall(line)) >= 2:
        line = _ISO_RE.sub(lambda m: m.group(0) + "\n", line)
    return line


def drop_nav(line: str) -> str:
    """ "通知公告校工会2012年…计划": a section name the breadcrumb left before the title."""
    for word in NAV_WORDS:
        if line.startswith(word) and len(line) > len(word) + 4:
            return line[len(word) :]
    return line


def drop_boiler_sentences(line: str) -> str:
    """The line without its sentences of template boiler-plate."""
    if not any(word in line for word in BOILER_WORDS) and not HEADLINE_COUNT.search(line):
        return line
    kept = [
        s
        for s in re.split(r"(?<=[。！？!?])", line)
        if not (any(w in s for w in BOILER_WORDS) or HEADLINE_COUNT.search(s))
    ]
    return "".join(kept).strip()
