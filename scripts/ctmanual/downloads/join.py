"""Join laid-out parts into one PDF (pikepdf/qpdf; runs in a worker process).

WeasyPrint lays out each part once; a manual, a session plan or a handout pack is
then made of those PDFs without laying anything out again. What a single layout
would have given is rebuilt here:

- pages in order, then page numbers and the untranslated-part notice stamped as
  artifacts (they are page furniture, not content, for a screen reader);
- the tag structure: each part's structure elements go under one Document
  element, their parent-tree keys shifted so they stay unique, and a part written
  in another language than the PDF keeps its own /Lang;
- named destinations merged, and `ctm:` links between parts pointed at them (a
  link to a part that is not in this PDF is left without an action);
- the outline (bookmarks) from the parts' titles, and title metadata.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from ctmanual.downloads.fragments import LINK_SCHEME
from ctmanual.downloads.pdf import record_pages


@dataclass(frozen=True)
class Piece:
    pdf: Path
    lang: str
    title: str
    level: int | None  # outline level (1 or 2); None keeps it out of the outline
    notice: str = ""  # which notice its pages carry: "fallback", "outdated" or none
    outline_page: int = 0  # which of its pages the outline entry points at


@dataclass(frozen=True)
class JoinJob:
    target: Path
    lang: str
    title: str
    pieces: tuple[Piece, ...]
    numbers: Path  # a PDF whose page n shows only the number n
    notices: tuple[tuple[str, Path], ...]  # per kind, a one-page PDF whose footer says so
    first_numbered: int  # pages before this one (a cover) carry no number
    label: str


@dataclass(frozen=True)
class Joined:
    target: Path
    pages: int
    label: str


def join_pdf(job: JoinJob) -> Joined:
    # Named destinations are carried over by hand below, which is what this warning is about.
    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
    out = pikepdf.new()
    tree = _StructTree(out)
    dests: dict[str, pikepdf.Object] = {}
    starts: list[int] = []
    notice_of_page: dict[int, str] = {}
    for piece in job.pieces:
        with pikepdf.open(piece.pdf) as source:
            first = len(out.pages)
            starts.append(first)
            out.pages.extend(source.pages)
            tree.add(source, out.pages[first:], None if piece.lang == job.lang else piece.lang)
            dests.update(_named_dests(out, source))
            if piece.notice:
                notice_of_page.update((index, piece.notice) for index in range(first, len(out.pages)))
    tree.finish()
    _write_dests(out, dests)
    _resolve_links(out, set(dests))
    _stamp(out, job, notice_of_page)
    _outline(out, job.pieces, starts)
    _catalog(out, job)
    partial = job.target.with_suffix(".part")
    out.save(partial, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    pages = len(out.pages)
    out.close()
    record_pages(job.target, pages)  # before the PDF appears: a cached PDF has its count
    partial.replace(job.target)
    return Joined(job.target, pages, job.label)


class _StructTree:
    """One structure tree for the joined PDF, made of the parts' trees."""

    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        self.document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.nums: list[tuple[int, pikepdf.Object]] = []
        self.role_map: dict[str, pikepdf.Object] = {}
        self.next_key = 0

    def add(self, source: pikepdf.Pdf, pages, lang: str | None) -> None:
        if "/StructTreeRoot" not in source.Root:
            return
        # One copy of the whole tree: qpdf maps its page references to the pages copied already.
        root = self.out.copy_foreign(source.Root.StructTreeRoot)
        kids = root.K if isinstance(root.K, Array) else Array([root.K])
        for top in kids:
            for element in (top.K if top.get("/S") == Name.Document else [top]):
                if not isinstance(element, Dictionary):
                    continue
                element.P = self.document
                if lang:
                    element.Lang = pikepdf.String(lang)
                self.document.K.append(element)
        entries = _number_tree(root.get("/ParentTree", Dictionary()))
        offset = self.next_key
        self.nums += [(key + offset, value) for key, value in entries]
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + max((key for key, _ in entries), default=-1) + 1
        for name, value in root.get("/RoleMap", Dictionary()).items():
            self.role_map[name] = value

    def finish(self) -> None:
        root = self.out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([self.document])))
        self.document.P = root
        flat = Array([item for key, value in sorted(self.nums, key=lambda kv: kv[0]) for item in (key, value)])
        root.ParentTree = self.out.make_indirect(Dictionary(Nums=flat))
        root.ParentTreeNextKey = self.next_key
        if self.role_map:
            root.RoleMap = Dictionary(self.role_map)
        self.out.Root.StructTreeRoot = root
        self.out.Root.MarkInfo = Dictionary(Marked=True)


def _copy(out: pikepdf.Pdf, value):
    """Copy an object from another PDF; pages already copied are referred to, not copied again."""
    if isinstance(value, (Array, Dictionary)) and not value.is_indirect:
        if isinstance(value, Array):
            return Array([_copy(out, item) for item in value])
        return Dictionary({key: _copy(out, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return out.copy_foreign(value)
    return value


def _number_tree(node) -> list[tuple[int, pikepdf.Object]]:
    return [(int(key), value) for key, value in _tree(node, "/Nums")]


def _name_tree(node) -> list[tuple[str, pikepdf.Object]]:
    return [(str(key), value) for key, value in _tree(node, "/Names")]


def _tree(node, leaves: str) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """The key/value pairs of a PDF number tree (`/Nums`) or name tree (`/Names`), kids included."""
    entries = []
    if leaves in node:
        flat = node[leaves]
        entries += [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    for kid in node.get("/Kids", Array()):
        entries += _tree(kid, leaves)
    return entries


def _named_dests(out: pikepdf.Pdf, source: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {name: _copy(out, value) for name, value in _name_tree(names.Dests)}


def _write_dests(out: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    flat = Array([item for name in sorted(dests) for item in (pikepdf.String(name), dests[name])])
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=flat)))


def _resolve_links(out: pikepdf.Pdf, names: set[str]) -> None:
    for page in out.pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            if action is None or not str(action.get("/URI", "")).startswith(LINK_SCHEME):
                continue
            name = str(action.URI)[len(LINK_SCHEME):]
            del annotation["/A"]
            annotation.Contents = pikepdf.String(name)
            if name in names:
                annotation.Dest = pikepdf.String(name)


def _stamp(out: pikepdf.Pdf, job: JoinJob, notice_of_page: dict[int, str]) -> None:
    used = set(notice_of_page.values())
    opened = {kind: pikepdf.open(path) for kind, path in job.notices if kind in used}
    try:
        forms = {kind: out.copy_foreign(pdf.pages[0].as_form_xobject()) for kind, pdf in opened.items()}
        with pikepdf.open(job.numbers) as numbers:
            for index, page in enumerate(out.pages):
                stamps = []
                if index + 1 >= job.first_numbered:
                    stamps.append(out.copy_foreign(numbers.pages[index].as_form_xobject()))
                if notice_of_page.get(index) in forms:
                    stamps.append(forms[notice_of_page[index]])
                if stamps:
                    _overlay(out, page, stamps)
    finally:
        for pdf in opened.values():
            pdf.close()


def _overlay(out: pikepdf.Pdf, page: pikepdf.Page, forms: list) -> None:
    """Draw form XObjects over the page, marked as artifacts, in the page's original coordinates."""
    resources = Dictionary({key: value for key, value in page.obj.get("/Resources", Dictionary()).items()})
    xobjects = Dictionary({key: value for key, value in resources.get("/XObject", Dictionary()).items()})
    calls = []
    for number, form in enumerate(forms):
        name = Name(f"/CtmStamp{number}")
        xobjects[name] = form
        calls.append(f"{name} Do")
    resources.XObject = xobjects
    page.obj.Resources = resources
    page.contents_add(out.make_stream(b"q\n"), prepend=True)
    page.contents_add(out.make_stream(("Q\n/Artifact BMC\nq\n" + "\n".join(calls) + "\nQ\nEMC\n").encode()))


def _outline(out: pikepdf.Pdf, pieces: tuple[Piece, ...], starts: list[int]) -> None:
    with out.open_outline() as outline:
        parent: OutlineItem | None = None
        for piece, start in zip(pieces, starts):
            if piece.level is None:
                continue
            item = OutlineItem(piece.title, start + piece.outline_page)
            if piece.level == 2 and parent is not None:
                parent.children.append(item)
            else:
                outline.root.append(item)
                parent = item


def _catalog(out: pikepdf.Pdf, job: JoinJob) -> None:
    out.Root.Lang = pikepdf.String(job.lang)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    out.Root.PageMode = Name.UseOutlines
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = job.title
        meta["dc:language"] = [job.lang]
        meta["pdf:Producer"] = f"WeasyPrint, pikepdf {pikepdf.__version__}"
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["pdfuaid:part"] = "1"
