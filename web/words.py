"""The words the pages use for kinds of entities and for relations, in Vietnamese."""

from __future__ import annotations

KINDS = {
    "document": "Văn bản", "organisation": "Tổ chức", "person": "Cá nhân", "event": "Sự kiện",
    "article": "Bài viết", "post": "Chức vụ", "statistic": "Số liệu", "place": "Địa điểm",
    "resource": "Tài nguyên",
}
KINDS_PLURAL = {
    "document": "văn bản", "organisation": "tổ chức", "person": "cá nhân", "event": "sự kiện",
    "article": "bài viết",
}

# relation → (the entity on the page → the other, the other → the entity on the page).
# Read "Nghị quyết 40 — được thực hiện bởi — Kế hoạch 15".
RELATIONS = {
    "implements": ("Thực hiện", "Được thực hiện bởi"),
    "continues": ("Tiếp tục thực hiện", "Được tiếp tục thực hiện bởi"),
    "guides": ("Hướng dẫn", "Được hướng dẫn bởi"),
    "reviews": ("Sơ kết, tổng kết", "Được sơ kết, tổng kết bởi"),
    "replaces": ("Thay thế", "Được thay thế bởi"),
    "amends": ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    "partly_repeals": ("Bãi bỏ một phần", "Bị bãi bỏ một phần bởi"),
    "based_on": ("Căn cứ", "Là căn cứ của"),
    "cites": ("Dẫn chiếu", "Được dẫn chiếu bởi"),
    "issued_by": ("Cơ quan ban hành", "Ban hành"),
    "part_of": ("Trực thuộc", "Đơn vị trực thuộc"),
    "holds_post": ("Giữ chức vụ tại", "Người giữ chức vụ"),
    "about": ("Về văn bản", "Được bàn tại"),
    "organized_by": ("Do tổ chức", "Tổ chức"),
    "mentions": ("Nhắc đến", "Được nhắc đến trong"),
    "author": ("Tác giả", "Là tác giả của"),
    "is": ("Là toàn văn của", "Toàn văn"),
    "issued": ("Ban hành", "Ban hành"),
    "held": ("Diễn ra", "Diễn ra"),
    "published": ("Đăng", "Đăng"),
}
# The same relations as short edge labels in the graph picture (always in the edge's direction).
EDGE_WORDS = {
    "implements": "thực hiện", "continues": "tiếp tục", "guides": "hướng dẫn", "reviews": "sơ kết, tổng kết",
    "replaces": "thay thế", "amends": "sửa đổi", "partly_repeals": "bãi bỏ một phần",
    "based_on": "căn cứ", "cites": "dẫn chiếu",
    "issued_by": "ban hành bởi", "part_of": "trực thuộc", "holds_post": "giữ chức vụ", "about": "về",
    "organized_by": "tổ chức bởi", "mentions": "nhắc đến", "author": "tác giả", "is": "toàn văn của",
}


# Why a document has its status: each kind of reason as the page says it, before the date or document.
STATUS_REASONS = {
    "replaced_by": "Bị thay thế bởi", "partly_repealed_by": "Bị bãi bỏ một phần bởi",
    "amended_by": "Được sửa đổi, bổ sung bởi", "effective": "Có hiệu lực từ ngày", "expires": "Hết hiệu lực từ ngày",
    "signed": "Ký ban hành ngày", "replaced_later": "Sẽ bị thay thế bởi",
}


def status_reason(kind: str | None) -> str:
    return STATUS_REASONS.get(kind or "", kind or "")


def kind_word(kind: str | None) -> str:
    return KINDS.get(kind or "", kind or "")


def relation_word(relation: str | None, direction: str | None = "out") -> str:
    """How the page names a relation seen from its entity ("in": the other entity is the subject)."""
    words = RELATIONS.get(relation or "")
    if words is None:
        return relation or ""
    return words[1] if direction == "in" else words[0]


def edge_word(relation: str | None) -> str:
    return EDGE_WORDS.get(relation or "", relation or "")
