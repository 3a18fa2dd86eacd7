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
# The lược đồ of a document, as vbpl.vn draws it: relation → (the verb, the heading of the documents the
# page's document D acts on, the heading of the documents acting on D). "D replaces X" lists X under
# "Văn bản bị thay thế"; "Y replaces D" lists Y under "Văn bản thay thế". The order is the page's: what
# decides D's force first (replaced, repealed in part, amended), then what carries it out, then its grounds.
# A citation is one group either way: the documents are related.
DIAGRAM = {
    "replaces": ("thay thế", "Văn bản bị thay thế", "Văn bản thay thế"),
    "partly_repeals": ("bãi bỏ một phần", "Văn bản bị bãi bỏ một phần", "Văn bản bãi bỏ một phần"),
    "amends": ("sửa đổi, bổ sung", "Văn bản được sửa đổi, bổ sung", "Văn bản sửa đổi, bổ sung"),
    "guides": ("hướng dẫn", "Văn bản được hướng dẫn", "Văn bản hướng dẫn"),
    "implements": ("thực hiện", "Văn bản được thực hiện", "Văn bản thực hiện"),
    "continues": ("tiếp tục thực hiện", "Tiếp tục thực hiện", "Được tiếp tục thực hiện bởi"),
    "reviews": ("sơ kết, tổng kết", "Sơ kết, tổng kết", "Được sơ kết, tổng kết bởi"),
    "based_on": ("căn cứ", "Văn bản căn cứ", "Là căn cứ của"),
    "cites": ("liên quan", "Văn bản liên quan", "Văn bản liên quan"),
}
SYMMETRIC = ("cites",)  # relations listed as one group whatever their direction
# The two sides of the lược đồ: what D relies on or acts on, what relies on or acts on D.
DIAGRAM_SIDES = {"out": "Văn bản này căn cứ, thực hiện hoặc tác động đến",
                 "in": "Căn cứ, thực hiện hoặc tác động đến văn bản này", "both": "Văn bản liên quan"}

# The relations as short edge labels in the graph picture (always in the edge's direction); the relations
# between documents in the lược đồ's words.
EDGE_WORDS = {
    **{relation: words[0] for relation, words in DIAGRAM.items()},
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


def diagram_heading(relation: str, direction: str) -> str:
    """The lược đồ's heading of the documents related to the page's one by ``relation`` in ``direction``
    ("out": the page's document is the subject)."""
    _, acted_on, acting = DIAGRAM[relation]
    return acting if direction == "in" else acted_on


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
