"""The index's segments stay few however many small updates it takes, and merging loses no document."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from vankien.search.index import MERGE_FACTOR, merge_tiers


def _index(tmp_path):
    return whoosh_index.create_in(str(tmp_path), Schema(key=ID(stored=True, unique=True), text=TEXT))


def test_a_thousand_small_commits_leave_a_few_segments_and_every_document(tmp_path):
    ix = _index(tmp_path)
    most = 0
    for number in range(1000):
        writer = ix.writer()
        writer.add_document(key=str(number), text=f"văn kiện số {number}")
        writer.commit(mergetype=merge_tiers)
        most = max(most, len(ix._segments()))
    assert most < 3 * MERGE_FACTOR  # at most MERGE_FACTOR - 1 segments per tier, and 1,000 documents span 4 tiers
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 1000
        assert {fields["key"] for fields in searcher.all_stored_fields()} == {str(n) for n in range(1000)}


def test_a_segment_mostly_deleted_is_merged_away(tmp_path):
    ix = _index(tmp_path)
    writer = ix.writer()
    for number in range(100):
        writer.add_document(key=str(number), text="nghị quyết")
    writer.commit()
    writer = ix.writer()
    for number in range(60):
        writer.delete_by_term("key", str(number))
    writer.add_document(key="new", text="chỉ thị")
    writer.commit(mergetype=merge_tiers)
    [segment] = ix._segments()
    assert segment.doc_count_all() == 41 and not segment.has_deletions()
