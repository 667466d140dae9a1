"""The reading copy's byte layout: page tree first, large streams after, same document."""

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from documents.pdf_layout import LayoutError, relayout
from tests import pdf_corpus as corpus

IMAGE_BYTES = 40_000  # over LARGE_OBJECT_BYTES: every page's image is a large object


def pypdf_written(data: bytes) -> bytes:
    """What the sandbox hands relayout(): the upload written again by pypdf."""
    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(data))).write(out)
    return out.getvalue()


def page_dict_offsets(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"/Type\s*/Page(?![A-Za-z])", data)]


def test_every_page_dictionary_comes_before_the_first_large_stream():
    interleaved = pypdf_written(corpus.valid_pdf(20, image_bytes_per_page=IMAGE_BYTES))
    assert max(page_dict_offsets(interleaved)) > len(interleaved) // 2  # the problem

    layout = relayout(interleaved)

    assert layout.large_objects == 20
    assert max(page_dict_offsets(layout.data)) < layout.large_from
    assert layout.large_from < len(layout.data) // 20


def test_the_relaid_file_is_the_same_document_read_strictly():
    source = corpus.valid_pdf(12, image_bytes_per_page=IMAGE_BYTES)
    layout = relayout(pypdf_written(source))

    relaid = PdfReader(io.BytesIO(layout.data), strict=True)
    original = PdfReader(io.BytesIO(source))
    assert [p.extract_text() for p in relaid.pages] == [p.extract_text() for p in original.pages]
    assert [p["/Resources"]["/XObject"]["/Im1"].get_object().get_data() for p in relaid.pages] == [
        p["/Resources"]["/XObject"]["/Im1"].get_object().get_data() for p in original.pages
    ]


def test_structural_objects_stay_in_front_whatever_their_size():
    data = pypdf_written(corpus.valid_pdf(30))
    layout = relayout(data, large_bytes=100)  # the /Pages dictionary (30 kids) is larger

    pages_tree = re.search(rb"/Type\s*/Pages(?![A-Za-z])", layout.data)
    assert pages_tree is not None and pages_tree.start() < layout.large_from


def test_a_file_with_an_xref_stream_is_left_to_the_caller():
    data = corpus.valid_pdf(2)
    xref_at = data.rindex(b"xref")
    not_classic = data[:xref_at] + b"startxref\n%d\n%%%%EOF\n" % data.index(b"1 0 obj")
    with pytest.raises(LayoutError, match="classic"):
        relayout(not_classic)


def test_an_incrementally_updated_file_is_left_to_the_caller():
    data = corpus.valid_pdf(2).replace(b"/Root 1 0 R", b"/Root 1 0 R /Prev 9")
    with pytest.raises(LayoutError, match="incremental"):
        relayout(data)


def test_an_xref_entry_that_misses_its_object_is_left_to_the_caller():
    data = corpus.valid_pdf(2)
    offset = data.index(b"2 0 obj")
    wrong = data.replace(b"%010d 00000 n" % offset, b"%010d 00000 n" % (offset + 3))
    with pytest.raises(LayoutError):
        relayout(wrong)
