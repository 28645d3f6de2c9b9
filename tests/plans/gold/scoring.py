"""Score the importer against the hand-written gold in this folder.

Each ``<prefix>.json`` describes one sample of /work/shared/samples/plans (``<prefix>_*.txt``,
never copied here): the parts a document holds (their titles, in order) and, per plan, its
title, its item count (only where the count is unambiguous), and checks. A check names an
item by a few words of its text (``key``, the ``nth`` item holding them) and what the item
must carry: ``months`` (default []), ``due`` ("MM-DD" in the plan's year, default none),
``rrule`` (default none) and ``schedule`` (a row of the month schedule, default false); "*"
leaves a field unchecked. ``absent`` lists words that no item, section or title may hold
(page chrome, participants' cells, template intros). ``reuse`` takes another part's checks.

Texts are compared after NFKC, with quotes made ASCII and white space removed, so that the
same gold serves a sample and its deformed copy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from gonghui.plans.importer import ImportProblem, ParsedPlan, list_parts, parse_text

GOLD = Path(__file__).resolve().parent
YEAR = 2026
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").translate(QUOTES))


def deform(text: str) -> str:
    """The sample as a web page might give it: NFKC (full-width punctuation made ASCII),
    curly quotes straight, and every line break removed."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return re.sub(r"[\r\n]+", "", text)


@dataclass
class Score:
    name: str
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)

    @property
    def total(self) -> int:
        return self.passed + len(self.failed)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def _title(text: str) -> str:
    return flat(text).replace("【", "").replace("】", "")


def _find(items, key: str, nth: int):
    wanted = flat(key)
    found = [item for item in items if wanted in flat(item.text)]
    return found[nth - 1] if len(found) >= nth else None


def _item_checks(score: Score, where: str, plan, checks: list[dict]) -> None:
    for check in checks:
        key = check["key"]
        item = _find(plan.items, key, check.get("nth", 1))
        if item is None:
            score.check(False, f"{where} {key}: no item")
            continue
        want = {
            "months": check.get("months", []),
            "due": check.get("due"),
            "rrule": check.get("rrule"),
            "schedule": check.get("schedule", False),
        }
        got = {
            "months": list(item.months),
            "due": item.due.strftime("%m-%d") if item.due else None,
            "rrule": item.rrule,
            "schedule": item.schedule,
        }
        wrong = {k: got[k] for k, v in want.items() if v != "*" and got[k] != v}
        score.check(not wrong, f"{where} {key}: {wrong} (want {want})")


def _plan_checks(score: Score, text: str, spec: dict, specs: dict) -> None:
    part = spec.get("part")
    where = f"part {part}" if part else "plan"
    try:
        plan = parse_text(text, year=YEAR, part=part)
    except ImportProblem as exc:  # every check of the plan fails
        score.notes.append(f"{where}: {exc}")
        plan = ParsedPlan()
    if "title" in spec:
        score.check(_title(plan.title) == _title(spec["title"]), f"{where} title {plan.title!r}")
    if "items" in spec:
        score.check(
            len(plan.items) == spec["items"], f"{where} {len(plan.items)} items ≠ {spec['items']}"
        )
    source = specs[spec["reuse"]] if "reuse" in spec else spec
    _item_checks(score, where, plan, source.get("check", []))
    shown = [plan.title] + [s.title for s in plan.sections] + [i.text for i in plan.items]
    shown = [flat(t) for t in shown]
    for word in source.get("absent", []):
        hit = [t for t in shown if flat(word) in t]
        score.check(bool(plan.items) and not hit, f"{where} holds {word!r}: {hit[:1]}")


def score_sample(gold: dict, text: str, name: str) -> Score:
    score = Score(name)
    parts = list_parts(text)
    want = gold["parts"]
    score.check(len(parts) == len(want), f"{len(parts)} parts ≠ {len(want)}")
    for n, title in enumerate(want, start=1):
        got = parts[n - 1][1] if n <= len(parts) else None
        score.check(got is not None and _title(got) == _title(title), f"part {n} title {got!r}")
    specs = {spec.get("part"): spec for spec in gold["plans"]}
    for spec in gold["plans"]:
        _plan_checks(score, text, spec, specs)
    return score


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
