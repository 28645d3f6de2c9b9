"""年度工作总结: the draft from the records (``draft``, ``prose``), the plan's own paragraph
for ``core.summary`` (``contributor``), and the .docx with the chair's edits (``docx``)."""

from .docx import summary_docx
from .draft import Block, Draft, build

__all__ = ["Block", "Draft", "build", "summary_docx"]
