"""Terms a comma coordinates inside one name.

A comma usually ends a name ("Theo Luật Viên chức, người lao động …"), but Vietnamese names of laws and
bodies coordinate pairs of terms with one: "Luật Phòng, chống tham nhũng", "Luật Cán bộ, công chức",
"Ban Chỉ đạo phòng, chống dịch Covid-19", "Đề án quản lý, sử dụng tài sản công".
"""

from __future__ import annotations

from vankien.graph.text import normalize_key

# The term before the comma | the term after it.
COORDINATED_TERMS = frozenset(normalize_key(p) for p in (
    "phòng|chống", "quản lý|sử dụng", "quản lý|bảo vệ", "quản lý|khai thác", "cán bộ|công chức",
    "thi đua|khen thưởng", "an toàn|vệ sinh", "nhập cảnh|xuất cảnh", "xuất cảnh|quá cảnh", "quá cảnh|cư trú",
    "khiếu nại|tố cáo", "bảo vệ|chăm sóc", "chăm sóc|giáo dục", "thăm dò|khai thác", "xuất bản|in",
    "tiếp cận|sử dụng", "sản xuất|kinh doanh", "xây dựng|phát triển", "trưng mua|trưng dụng", "vũ khí|vật liệu",
    "vật liệu nổ|công cụ", "tìm kiếm|cứu nạn", "trật tự|an toàn", "tham nhũng|tiêu cực",
))


def coordinated(before: list[str], after: list[str]) -> bool:
    """Whether a comma between the words ``before`` it and ``after`` it joins two coordinated terms
    (one or two words each side are tried)."""
    before_keys = [normalize_key(w) for w in before[-2:]]
    after_keys = [normalize_key(w) for w in after[:2]]
    if not before_keys or not after_keys:
        return False
    pairs = {f"{b}|{a}" for b in (before_keys[-1], " ".join(before_keys))
             for a in (after_keys[0], " ".join(after_keys))}
    return bool(pairs & COORDINATED_TERMS)
