"""Word documents as they print: converted to PDF by LibreOffice, then measured with the
poppler tools (``pdfinfo``, ``pdftotext -bbox``, ``pdftoppm``). No tests here.

``render`` converts every document of a test in one ``soffice`` call (about a second a
document), with its own LibreOffice profile so that parallel workers never share one. The
GB/T 9704 fonts (仿宋_GB2312, 方正小标宋简体, 黑体) are not on a Linux machine: a fontconfig
file maps them to the Noto CJK faces ``fonts-noto-cjk`` installs (serif for 仿宋 and 小标宋,
sans for 黑体), so the pages look as a Chinese Word prints them. ``make test`` installs
LibreOffice and poppler (``scripts/bootstrap.sh --system``); without them these tests fail
rather than skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gonghui.core import documents as d

TIMEOUT = 600  # seconds for one soffice call (a few dozen documents on a loaded machine)
DPI = 50  # dots per inch of the page images measured for ink (0.5 mm a dot)
MM_PER_PT = 25.4 / 72
A4_PT = (595.3, 841.9)
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
"""
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
CJK = re.compile(r"[\u4e00-\u9fff]")


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is missing: the documents are tested as printed through LibreOffice. "
            "Run `scripts/bootstrap.sh --system` (make test does), or "
            "`apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk`."
        )
    return path


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, timeout=TIMEOUT, **kwargs)


def render(docs: dict[str, bytes], workdir: Path) -> dict[str, Pdf]:
    """Each document (name → .docx bytes) converted to PDF in one soffice call, measured."""
    soffice = tool("soffice")
    for name in ("pdfinfo", "pdftotext", "pdftoppm"):
        tool(name)
    src, out = workdir / "docx", workdir / "pdf"
    src.mkdir()
    out.mkdir()
    for name, content in docs.items():
        (src / f"{name}.docx").write_bytes(content)
    conf = workdir / "fonts.conf"
    conf.write_text(FONTS_CONF, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    profile = (workdir / "lo-profile").as_uri()
    files = [str(src / f"{name}.docx") for name in docs]
    args = ["--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out)]
    done = _run([soffice, f"-env:UserInstallation={profile}", *args, *files], env=env)
    result = {}
    for name in docs:
        pdf = out / f"{name}.pdf"
        if not pdf.exists():
            pytest.fail(f"LibreOffice wrote no PDF for {name}: {done.stderr.decode()[-2000:]}")
        result[name] = measure(pdf)
    return result


@dataclass
class Word:
    text: str
    x0: float  # mm from the page's left edge
    y0: float  # mm from the page's top edge
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width_pt: float
    height_pt: float
    words: list[Word]
    rows: dict[int, tuple[int, int]] = field(default_factory=dict)  # dot row → first, last dark

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)


@dataclass
class Pdf:
    path: Path
    pages: list[Page]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


def measure(path: Path) -> Pdf:
    bbox = _run(["pdftotext", "-bbox", str(path), "-"]).stdout.decode("utf-8")
    pages = []
    for n, (w, h, body) in enumerate(PAGE.findall(bbox), start=1):
        words = [
            Word(text, *(float(v) * MM_PER_PT for v in (x0, y0, x1, y1)))
            for x0, y0, x1, y1, text in WORD.findall(body)
        ]
        pages.append(Page(n, float(w), float(h), words))
    prefix = path.with_suffix("")
    _run(["pdftoppm", "-r", str(DPI), "-gray", str(path), str(prefix)])
    digits = len(str(len(pages)))  # pdftoppm pads the page numbers to the last one's width
    for page in pages:
        image = path.parent / f"{prefix.name}-{page.number:0{digits}d}.pgm"
        if not image.exists():
            pytest.fail(f"pdftoppm wrote no image of page {page.number} of {path.name}")
        page.rows = dark_rows(image.read_bytes())
    return Pdf(path, pages)


def dark_rows(pgm: bytes, threshold: int = 160) -> dict[int, tuple[int, int]]:
    """For each row of a binary PGM (P5) image with something printed on it, the first and
    last dark dot."""
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert head, "not a PGM image"
    width, height = int(head[1]), int(head[2])
    data = pgm[head.end() :]
    marks = bytes(1 if v < threshold else 0 for v in range(256))  # dark → 1, light → 0
    rows = {}
    for y in range(height):
        row = data[y * width : (y + 1) * width].translate(marks)
        first = row.find(1)
        if first >= 0:
            rows[y] = (first, row.rfind(1))
    return rows


# --- what a printed page must satisfy ----------------------------------------------------

TOLERANCE_MM = 1.5  # anti-aliasing and a table's rule half on the margin
TEXT_LEFT, TEXT_RIGHT = d.LEFT_MM, d.PAGE_WIDTH_MM - d.RIGHT_MM
TEXT_TOP, TEXT_BOTTOM = d.TOP_MM, d.PAGE_HEIGHT_MM - d.BOTTOM_MM


def page_number_words(page: Page) -> list[Word]:
    """The words under the text area: only a page number "— N —" may be there."""
    return [w for w in page.words if w.y0 > TEXT_BOTTOM]


def problems(
    name: str, pdf: Pdf, *, pages: range, numbered: bool, phrases=(), together=()
) -> list[str]:
    """Everything wrong with one printed document, as sentences naming it and the page:
    ``phrases`` must be in it, ``together`` all on one page."""
    found = []
    if len(pdf.pages) not in pages:
        found.append(f"{name}: {len(pdf.pages)} pages, expected {pages.start}–{pages.stop - 1}")
    text = pdf.text
    if not CJK.search(text):
        found.append(f"{name}: no Chinese text in the PDF")
    for phrase in phrases:
        if phrase.replace(" ", "") not in text.replace(" ", ""):
            found.append(f"{name}: 「{phrase}」 is not in the PDF")
    squeezed = [p.text.replace(" ", "") for p in pdf.pages]
    if together and not any(all(t in page for t in together) for page in squeezed):
        found.append(f"{name}: {' / '.join(together)} are not on one page")
    for page in pdf.pages:
        found += _page_problems(f"{name} p.{page.number}", page, numbered=numbered)
    return found


def _page_problems(where: str, page: Page, *, numbered: bool) -> list[str]:
    found = []
    if abs(page.width_pt - A4_PT[0]) > 1 or abs(page.height_pt - A4_PT[1]) > 1:
        found.append(f"{where}: page is {page.width_pt:.0f}×{page.height_pt:.0f} pt, not A4")
    under = page_number_words(page)
    if numbered:
        found += _page_number_problems(where, page, under)
    elif under:
        found.append(f"{where}: text under the text area: {' '.join(w.text for w in under)}")
    broken = [w.text for w in page.words if w.text.startswith(("%", "％"))]
    if broken:  # "93.88" at the end of one line and "%" at the start of the next
        found.append(f"{where}: a figure broken before its %: {' '.join(broken)}")
    allowed = [(w.y0 - 1, w.y1 + 1) for w in under] if numbered else []
    mm = 25.4 / DPI
    for y, (first, last) in sorted(page.rows.items()):
        top = y * mm
        if any(a <= top <= b for a, b in allowed):
            continue
        if top < TEXT_TOP - TOLERANCE_MM or top > TEXT_BOTTOM + TOLERANCE_MM:
            found.append(f"{where}: ink at {top:.1f} mm from the top, outside the text area")
            break
        right = (last + 1) * mm
        if right > TEXT_RIGHT + TOLERANCE_MM and hangs(page, top):
            right = TEXT_RIGHT
        if first * mm < TEXT_LEFT - TOLERANCE_MM or right > TEXT_RIGHT + TOLERANCE_MM:
            found.append(
                f"{where}: ink from {first * mm:.1f} to {(last + 1) * mm:.1f} mm at "
                f"{top:.1f} mm, wider than the text area ({TEXT_LEFT}–{TEXT_RIGHT} mm)"
            )
            break
    return found


HANGING = "，。、；：！？）》」』”’,.;:!?)"


def hangs(page: Page, y: float) -> bool:
    """Whether what passes the right edge at ``y`` mm is a punctuation mark ending a line,
    hung in the margin as LibreOffice does (and Word, by default: 允许标点溢出边界)."""
    over = [w for w in page.words if w.y0 <= y <= w.y1 and w.x1 > TEXT_RIGHT + TOLERANCE_MM]
    for w in over:
        em = (w.y1 - w.y0) / 1.3  # a line of text is about 1.3 em high
        if not w.text or w.text[-1] not in HANGING or w.x1 - em > TEXT_RIGHT + TOLERANCE_MM:
            return False
    return bool(over)


def _page_number_problems(where: str, page: Page, under: list[Word]) -> list[str]:
    """GB/T 9704 7.5: "— N —" under the text area, odd pages right, even pages left."""
    text = "".join(w.text for w in under).replace(" ", "")
    if text != f"—{page.number}—":
        return [f"{where}: page number reads {text!r}, expected '—{page.number}—'"]
    x0, x1 = min(w.x0 for w in under), max(w.x1 for w in under)
    y = (min(w.y0 for w in under) + max(w.y1 for w in under)) / 2
    found = []
    if not TEXT_BOTTOM + 3 < y < d.PAGE_HEIGHT_MM - 15:
        found.append(f"{where}: page number at {y:.1f} mm from the top")
    if page.number % 2 and not (TEXT_RIGHT - 12 < x1 <= TEXT_RIGHT):
        found.append(f"{where}: odd page number not on the right ({x0:.0f}–{x1:.0f} mm)")
    if not page.number % 2 and not (TEXT_LEFT <= x0 < TEXT_LEFT + 12):
        found.append(f"{where}: even page number not on the left ({x0:.0f}–{x1:.0f} mm)")
    return found
