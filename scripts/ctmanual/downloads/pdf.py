"""Render print HTML to PDF with WeasyPrint (runs in a worker process)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

# Tagged PDF (PDF/UA-1): structure and /Lang for screen readers; fonts embedded and subset.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class CoverVariant:
    """Another output with the same pages as the job but its own cover (e.g. an audience manual
    that holds every session): its cover page is laid out alone and put before the job's pages."""

    cover_html: str
    target: Path
    label: str


@dataclass(frozen=True)
class RenderJob:
    html: str
    target: Path
    label: str
    write_main: bool = True
    variants: tuple[CoverVariant, ...] = field(default=())


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


def render_pdf(job: RenderJob) -> tuple[Rendered, ...]:
    import weasyprint

    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    results = []
    try:
        document = weasyprint.HTML(string=job.html, base_url=str(job.target.parent)).render()
        if job.write_main:
            _write(document, job.target)
            results.append(Rendered(job.target, len(document.pages), tuple(collector.messages), job.label))
        for variant in job.variants:
            cover = weasyprint.HTML(string=variant.cover_html, base_url=str(job.target.parent)).render()
            combined = cover.copy([cover.pages[0], *document.pages[1:]])
            _write(combined, variant.target)
            results.append(Rendered(variant.target, len(combined.pages), (), variant.label))
    finally:
        logger.removeHandler(collector)
    return tuple(results)


def _write(document, target: Path) -> None:
    partial = target.with_suffix(".part")
    document.write_pdf(partial, pdf_variant=PDF_VARIANT)
    partial.replace(target)
