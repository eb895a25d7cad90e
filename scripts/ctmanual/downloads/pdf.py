"""Lay out one print HTML document as a PDF with WeasyPrint (runs in a worker process)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

# Tagged PDF (PDF/UA-1): structure and /Lang for screen readers; fonts embedded and subset.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderJob:
    html: str
    target: Path  # in the cache; a `.json` beside it records the page count
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
        record_pages(job.target, len(document.pages))  # before the PDF appears: a cached PDF has its count
        partial.replace(job.target)
    finally:
        logger.removeHandler(collector)
    return Rendered(job.target, len(document.pages), tuple(collector.messages), job.label)


@dataclass(frozen=True)
class FitJob:
    """A document to lay out in the first of several variants (e.g. font sizes) that fits."""

    variants: tuple[str, ...]  # HTML, preferred first
    target: Path
    label: str
    max_pages: int


def render_fitting(job: FitJob) -> Rendered:
    """The first variant that fits in `max_pages` pages (the last one if none does)."""
    import weasyprint

    for index, html in enumerate(job.variants):
        document = weasyprint.HTML(string=html, base_url=str(job.target.parent)).render()
        if len(document.pages) <= job.max_pages or index == len(job.variants) - 1:
            break
    partial = job.target.with_suffix(".part")
    document.write_pdf(partial, pdf_variant=PDF_VARIANT)
    record_pages(job.target, len(document.pages))
    partial.replace(job.target)
    warnings = () if len(document.pages) <= job.max_pages else (f"over {job.max_pages} pages",)
    return Rendered(job.target, len(document.pages), warnings, job.label)


def record_pages(pdf: Path, pages: int) -> None:
    pdf.with_suffix(".json").write_text(json.dumps({"pages": pages}), encoding="utf-8")


def pages_of(pdf: Path) -> int | None:
    info = pdf.with_suffix(".json")
    if info.exists():
        return json.loads(info.read_text(encoding="utf-8"))["pages"]
    return None
