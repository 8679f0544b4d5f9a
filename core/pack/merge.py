"""Joining separately rendered parts of the pack into one tagged PDF/A document.

A long pack is laid out in parts, in parallel (see :mod:`scrutiny.pack.chunked`). Each
part is a complete WeasyPrint PDF; this module makes them one document with pikepdf
(qpdf), keeping what a reader and an archive need:

- the pages in order, each stamped "Page X of Y" (the parts cannot know the totals);
- one structure tree, so a screen reader still gets headings, tables and figures;
- one outline (bookmarks) and one set of named destinations, so the contents' links
  and the bookmarks reach pages in any part;
- the first part's catalogue: PDF/A metadata, output intent and the attached files.

Only WeasyPrint's own output is merged, so the structure handled is the one WeasyPrint
writes: a ``Document`` element whose kids are the pages' elements, and a parent tree
keyed by page, then by link annotation.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, OutlineItem, Pdf, Stream

PAGE_NUMBER = Name("/ScrutinyPageNumber")
"""The resource name of the "Page X of Y" form drawn over each page."""
STAMP = b"Q\n/Artifact <</Type /Pagination>> BDC\nq /ScrutinyPageNumber Do Q\nEMC\n"


def merge_parts(parts: Sequence[bytes], page_numbers: bytes) -> tuple[bytes, int]:
    """One PDF from ``parts`` (the first supplies the catalogue), and its page count.

    ``page_numbers`` is a PDF with one page per merged page, holding only that page's
    "Page X of Y"; each is drawn over its page as a pagination artifact.
    """
    with Pdf.open(io.BytesIO(parts[0])) as merged:
        others = [Pdf.open(io.BytesIO(part)) for part in parts[1:]]
        numbers = Pdf.open(io.BytesIO(page_numbers))
        try:
            _join(merged, others)
            _stamp(merged, numbers)
            out = io.BytesIO()
            merged.save(
                out,
                deterministic_id=True,  # the same pack, the same bytes
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                compress_streams=True,
            )
            return out.getvalue(), len(merged.pages)
        finally:
            for pdf in (*others, numbers):
                pdf.close()


def _join(merged: Pdf, others: Sequence[Pdf]) -> None:
    tree = merged.Root.StructTreeRoot
    document = tree.K[0]
    nums = tree.ParentTree.Nums
    next_key = max(int(k) for k in list(nums)[::2]) + 1 if len(nums) else 0
    destinations: dict[str, object] = {}
    with merged.open_outline() as outline:
        for other in others:
            first = len(merged.pages)
            merged.pages.extend(other.pages)
            next_key = _join_structure(merged, other, first, document, nums, next_key)
            with other.open_outline() as part_outline:
                items = list(part_outline.root)
            outline.root.extend(_outline(merged, other, first, items))
            for name, destination in _destinations(other).items():
                destinations.setdefault(name, _copied(merged, destination))
    # The first part's own anchors, and stand-ins for the rest that the real ones beat:
    # its contents links to anchors in every other part (see chunked._stand_ins).
    for name, destination in _destinations(merged).items():
        destinations.setdefault(name, destination)
    tree.ParentTreeNextKey = next_key
    _write_destinations(merged, destinations)


def _join_structure(
    merged: Pdf, other: Pdf, first: int, document: Object, nums: Object, next_key: int
) -> int:
    """Append ``other``'s structure elements to the ``Document`` and its parent tree.

    Keys stay unique and ascending: each part's pages and links are numbered after the
    ones before. The part's elements are cut from its own ``Document`` before copying,
    so the copy stops there.
    """
    part_tree = other.Root.StructTreeRoot
    _distinct_ids(part_tree.K[0], f"p{first}-")
    for element in part_tree.K[0].K:
        del element.P
        copied = merged.copy_foreign(element)
        copied.P = document
        document.K.append(copied)
    renumbered: dict[int, int] = {}
    part_nums = list(part_tree.ParentTree.Nums)
    for key, value in zip(part_nums[::2], part_nums[1::2], strict=True):
        renumbered[int(key)] = next_key
        nums.append(next_key)
        nums.append(_copied(merged, value))
        next_key += 1
    for index in range(len(other.pages)):
        page = merged.pages[first + index].obj
        page.StructParents = renumbered[index]
        for annotation in _annotations(page):
            if Name.StructParent in annotation:
                annotation.StructParent = renumbered[int(annotation.StructParent)]
    return next_key


def _distinct_ids(document: Object, prefix: str) -> None:
    """Prefix the IDs of ``document``'s elements (a table's header cells, and the cells'
    ``Headers`` naming them): each part numbers its own from the start."""
    pending = list(document.K)
    while pending:
        element = pending.pop()
        if not isinstance(element, Dictionary) or Name.S not in element:
            continue  # marked content or an annotation, not an element
        if Name.ID in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get(Name.A)
        if isinstance(attributes, Dictionary) and Name.Headers in attributes:
            attributes.Headers = Array(
                [pikepdf.String(prefix + str(h)) for h in attributes.Headers]
            )
        kids = element.get(Name.K)
        if isinstance(kids, Array):
            pending.extend(kids)
        elif isinstance(kids, Dictionary):
            pending.append(kids)


def _copied(merged: Pdf, value: Any) -> Any:
    """``value`` from another part, in ``merged``: a direct array copied item by item
    (qpdf copies only indirect objects, and maps each to the one copy it made)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return merged.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copied(merged, item) for item in value])
    return value


def _annotations(page: Object) -> Iterable[Object]:
    return list(page.get(Name.Annots, Array()))


def _outline(
    merged: Pdf, other: Pdf, first: int, items: Iterable[OutlineItem]
) -> list[OutlineItem]:
    """``items`` (bookmarks from ``other``) pointing at the merged document's pages."""
    index = {page.obj.objgen: i for i, page in enumerate(other.pages)}
    return [_outline_item(merged, first, index, item) for item in items]


def _outline_item(
    merged: Pdf, first: int, index: dict[tuple[int, int], int], item: OutlineItem
) -> OutlineItem:
    target = item.destination
    destination = None
    if isinstance(target, Array) and len(target):
        page = merged.pages[first + index[target[0].objgen]].obj
        destination = Array([page, *list(target)[1:]])
    copied = OutlineItem(str(item.title), destination)
    copied.is_closed = item.is_closed
    copied.children.extend(_outline_item(merged, first, index, child) for child in item.children)
    return copied


def _destinations(pdf: Pdf) -> dict[str, object]:
    """The named destinations, from the flat name tree WeasyPrint writes."""
    names = pdf.Root.get(Name.Names, Dictionary()).get(Name.Dests, Dictionary())
    flat = list(names.get(Name.Names, Array()))
    return {str(k): v for k, v in zip(flat[::2], flat[1::2], strict=True)}


def _write_destinations(merged: Pdf, destinations: dict[str, object]) -> None:
    flat = Array()
    for name in sorted(destinations):
        flat.append(pikepdf.String(name))
        flat.append(destinations[name])
    if Name.Names not in merged.Root:
        merged.Root.Names = Dictionary()
    merged.Root.Names.Dests = merged.make_indirect(Dictionary(Names=flat))


def _stamp(merged: Pdf, numbers: Pdf) -> None:
    """Draw each page's "Page X of Y" over it, as a form XObject marked as an artifact.

    WeasyPrint shares one resource dictionary between a part's pages; each page gets
    its own shallow copy, so that its name for its form is always the same one.
    """
    if len(numbers.pages) != len(merged.pages):
        raise ValueError(f"{len(numbers.pages)} page numbers for {len(merged.pages)} pages")
    for page, sheet in zip(merged.pages, numbers.pages, strict=True):
        form = merged.copy_foreign(sheet.as_form_xobject())
        resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
        xobjects = Dictionary(
            {key: value for key, value in resources.get(Name.XObject, Dictionary()).items()}
        )
        if PAGE_NUMBER in xobjects:
            raise ValueError(f"a page already names an XObject {PAGE_NUMBER}")
        xobjects[PAGE_NUMBER] = form
        resources.XObject = xobjects
        page.obj.Resources = resources
        page.contents_add(Stream(merged, b"q\n"), prepend=True)
        page.contents_add(Stream(merged, STAMP))
