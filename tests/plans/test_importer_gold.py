"""The importer against hand-written gold for every real plan in ../shared/samples/plans
(relative to the repository root; skipped when absent, never copied here), as written and
deformed (NFKC, straight quotes, no line breaks). ``pytest -s`` prints the pass rate per
file and the checks that failed."""

from pathlib import Path

import pytest

from .gold.scoring import deform, gold_files, load, score_sample

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "plans"
TARGET = 0.95


def _samples() -> list[tuple[dict, str]]:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample plans not present ({SAMPLES})")
    found = []
    for path in gold_files():
        gold = load(path)
        files = sorted(SAMPLES.glob(f"{gold['sample']}_*.txt"))
        if files:
            found.append((gold, files[0].read_text(encoding="utf-8")))
    if not found:
        pytest.skip("no sample matches the gold")
    return found


@pytest.mark.parametrize("mode", ["plain", "deformed"])
def test_pass_rate_per_sample(mode):
    passed = total = 0
    print()
    for gold, text in _samples():
        score = score_sample(gold, deform(text) if mode == "deformed" else text, gold["sample"])
        passed, total = passed + score.passed, total + score.total
        print(f"{mode:8} {score.name:4} {score.passed:3}/{score.total:3} = {score.rate:6.1%}")
        for failure in score.notes + score.failed:
            print(f"           ✗ {failure}")
    print(f"{mode:8} all  {passed:3}/{total:3} = {passed / total:6.1%}")
    assert passed / total >= TARGET
