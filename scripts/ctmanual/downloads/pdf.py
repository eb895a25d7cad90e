"""Render one print HTML document to PDF with WeasyPrint (runs in a worker process)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

# Tagged PDF (PDF/UA-1): structure and /Lang for screen readers; fonts embedded and subset.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderJob:
    html: str
    target: Path
    label: str


@dataclass(frozen=True)
class Rendered:
    target: Path
    pages: int
    warnings: tuple[str, ...]
    label: str


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(job: RenderJob) -> Rendered:
    import weasyprint

    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = weasyprint.HTML(string=job.html, base_url=str(job.target.parent)).render()
        partial = job.target.with_suffix(".part")
        document.write_pdf(partial, pdf_variant=PDF_VARIANT)
        partial.replace(job.target)
    finally:
        logger.removeHandler(collector)
    return Rendered(job.target, len(document.pages), tuple(collector.messages), job.label)
