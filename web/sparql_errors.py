"""A refused or failed SPARQL query as the editor tells it: one Vietnamese line saying what to do.

:class:`graph.sparql.QueryError` speaks English to programs (``/sparql`` answers it as it is); the editor
is read by people, so each kind of refusal is retold here. A syntax error keeps its place ("dòng 2,
cột 15") and says what stands there — a quote or bracket left open, the end of the text, or the words
the parser stopped at —, never the parser's list of expected tokens. A message this module does not know
is shown after a Vietnamese lead, so nothing the server said is lost.
"""

from __future__ import annotations

import re

from vankien.graph.sparql import QueryError
from vankien.web.sparql_text import unclosed
from vankien.web.templating import vietnamese_number

NEAR_CHARS = 30  # how much of the text at an error's place is quoted

_SYNTAX_AT = re.compile(r"^SPARQL syntax error at line (\d+), column (\d+)")
_SYNTAX = re.compile(r"^SPARQL syntax error")
_UPDATE = re.compile(r"SPARQL updates are not allowed here(?: \((\w+)\))?")
_TOO_LONG = re.compile(r"^the query is longer than ([\d,]+) characters")
_TIME = re.compile(r"^the query ran longer than the ([\d.]+) s limit")
_MEMORY = re.compile(r"^the query needed more than (?:the (\d+) MiB|its) memory limit")
_RESULT = re.compile(r"^the result is larger than the (\d+) MiB limit")
_BUSY = re.compile(r"SPARQL queries are already running|too many long queries are running")


def editor_message(error: QueryError, query: str) -> str:
    """One Vietnamese line for ``error``, raised by ``query``."""
    message = str(error)
    if m := _SYNTAX_AT.match(message):
        line, column = int(m.group(1)), int(m.group(2))
        return f"Lỗi cú pháp SPARQL ở dòng {line}, cột {column}: {_what_stands_at(query, line, column)}."
    if _SYNTAX.match(message):
        return ("Lỗi cú pháp SPARQL: có một IRI hoặc một ký tự thoát (\\u…, \\n…) viết sai; "
                "hãy kiểm tra các IRI trong <…> và các chuỗi.")
    if m := _UPDATE.search(message):
        what = f" ({m.group(1)})" if m.group(1) else ""
        return (f"Trang này chỉ đọc dữ liệu: không chạy lệnh cập nhật{what}; "
                "hãy dùng SELECT, ASK, CONSTRUCT hoặc DESCRIBE.")
    if message.startswith("SERVICE"):
        return "Không được dùng SERVICE (truy vấn tới máy chủ khác) ở đây: hãy bỏ phần SERVICE khỏi câu truy vấn."
    if message.startswith("not a SPARQL query"):
        return "Đây không phải câu truy vấn đọc: hãy bắt đầu bằng SELECT, ASK, CONSTRUCT hoặc DESCRIBE."
    if message.startswith("the query is nested too deeply"):
        return "Câu truy vấn lồng nhau quá sâu để kiểm tra: hãy bớt các khối { … } lồng trong nhau."
    if m := _TOO_LONG.match(message):
        limit = vietnamese_number(m.group(1).replace(",", ""))
        return f"Câu truy vấn dài quá {limit} ký tự: hãy rút ngắn."
    if m := _TIME.match(message):
        seconds = m.group(1).replace(".", ",")
        return (f"Câu truy vấn chạy quá {seconds} giây nên đã bị dừng: "
                "hãy thêm LIMIT hoặc thu hẹp điều kiện.")
    if m := _MEMORY.match(message):
        limit = f" (giới hạn {m.group(1)} MiB)" if m.group(1) else ""
        return f"Câu truy vấn cần quá nhiều bộ nhớ{limit} nên đã bị dừng: hãy thêm LIMIT hoặc thu hẹp điều kiện."
    if m := _RESULT.match(message):
        return f"Kết quả lớn hơn giới hạn {m.group(1)} MiB: hãy thêm LIMIT hoặc chọn ít cột hơn."
    if _BUSY.search(message):
        return "Máy chủ đang bận chạy các truy vấn khác: hãy thử lại sau ít phút."
    return f"Không chạy được câu truy vấn: {message}"


def _what_stands_at(query: str, line: int, column: int) -> str:
    """What a reader should look at where the parser stopped: an open quote or bracket, the end of the
    text, or the words written there."""
    hint = unclosed(query)
    if hint:
        return hint
    lines = query.split("\n")
    rest = "\n".join([lines[line - 1][column - 1:], *lines[line:]]) if 0 < line <= len(lines) else ""
    near = " ".join(rest.split())
    if not near:
        return "câu truy vấn dừng khi chưa viết xong"
    if len(near) > NEAR_CHARS:
        near = near[:NEAR_CHARS].rstrip() + "…"
    return f"không hiểu đoạn “{near}” — hãy kiểm tra từ khóa, dấu chấm và dấu ngoặc ở đó và ngay trước đó"
