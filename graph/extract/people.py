"""People named in Vietnamese text, with the posts the text gives them.

A person is taken only with evidence that the words are a person: an
honorific ("ông", "bà", "đồng chí") or a post next to the name
("Bà Hoàng Minh Thảo, Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tuyên giáo
Thành ủy" → two posts; "Bí thư Tỉnh ủy Nguyễn Văn A" → one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.organisations import SURNAMES, OrgMention
from vankien.graph.extract.places import CAPITALISED, UPPER
from vankien.graph.extract.spans import Spans
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.sources.encoding import is_syllable
from vankien.graph.text import collapse_space, normalize_key, phrase_alternation, unify_tones

_WORD = CAPITALISED
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{1,4}}"  # a name does not run across a line break
_HONORIFIC = re.compile(rf"\b(?:[Ôô]ng|[Bb]à|[Đđ]ồng\s+chí|[Aa]nh|[Cc]hị"
                        rf"|Đại\s+tướng|Thượng\s+tướng|Trung\s+tướng|Thiếu\s+tướng|Đại\s+tá|Thượng\s+tá|Trung\s+tá"
                        rf"|Thiếu\s+tá)[ \t]+({_NAME})")
# A name after white space, "(" or a quote; the look-behind follows the first letter so the engine can skip
# to capitals.
_BARE_NAME = re.compile(rf"([{UPPER}](?<![^\s(“\"].)[^\W\d_]*(?:[ \t]+{_WORD}){{1,4}})")
_HONORIFIC_SHORT = re.compile(rf"\b(?:[Ôô]ng|[Bb]à|[Đđ]ồng\s+chí)\s+({_WORD})(?!\s+{_WORD})")

# Roles that take an organisation after them ("Trưởng" + "Ban Tuyên giáo Thành ủy").
_ROLES = (
    "Ủy viên Trung ương Đảng", "Ủy viên dự khuyết Trung ương Đảng", "Ủy viên", "Phó Bí thư Thường trực",
    "Phó Bí thư", "Bí thư", "Phó Trưởng ban Thường trực", "Phó Trưởng ban", "Trưởng ban", "Phó Trưởng",
    "Trưởng", "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Phó Chủ nhiệm", "Chủ nhiệm",
    "Phó Chánh Văn phòng", "Chánh Văn phòng", "Phó Giám đốc", "Giám đốc", "Thứ trưởng", "Bộ trưởng",
    "Đại biểu", "Phó Trưởng Đoàn", "Trưởng Đoàn", "Tổng Thư ký", "Phó Tổng Thư ký",
)
# Posts complete in themselves.
_NATIONAL_POSTS = (
    "Tổng Bí thư", "Chủ tịch nước", "Phó Chủ tịch nước", "Thủ tướng Chính phủ", "Thủ tướng",
    "Phó Thủ tướng Chính phủ", "Phó Thủ tướng", "Chủ tịch Quốc hội", "Phó Chủ tịch Quốc hội",
    "Tổng Thư ký Quốc hội", "Phó Tổng Thư ký Quốc hội",
    "Thường trực Ban Bí thư", "Ủy viên Bộ Chính trị", "Ủy viên Ban Bí thư", "Ủy viên Trung ương Đảng",
    "Ủy viên dự khuyết Trung ương Đảng", "Đại biểu Quốc hội",
)


# Words that begin the name of a body or a place, never a person's name.
_NEVER_FIRST = frozenset(normalize_key(w) for w in (
    "Sở", "Bộ", "Ủy", "Cục", "Vụ", "Viện", "Đảng", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Tổng", "Chi",
))
_ROLE_PATTERNS = [
    (role, re.compile(rf"{phrase_alternation([role])}\s+", re.IGNORECASE))
    for role in sorted(_ROLES, key=len, reverse=True)
]
_FULL_POST = {"Thủ tướng": "Thủ tướng Chính phủ", "Phó Thủ tướng": "Phó Thủ tướng Chính phủ"}
_POST_ORGANISATION = {
    "Tổng Bí thư": "Ban Chấp hành Trung ương Đảng", "Thường trực Ban Bí thư": "Ban Bí thư",
    "Ủy viên Bộ Chính trị": "Bộ Chính trị", "Ủy viên Ban Bí thư": "Ban Bí thư",
    "Ủy viên Trung ương Đảng": "Ban Chấp hành Trung ương Đảng",
    "Ủy viên dự khuyết Trung ương Đảng": "Ban Chấp hành Trung ương Đảng",
    "Thủ tướng Chính phủ": "Chính phủ", "Phó Thủ tướng Chính phủ": "Chính phủ",
    "Chủ tịch Quốc hội": "Quốc hội", "Phó Chủ tịch Quốc hội": "Quốc hội", "Đại biểu Quốc hội": "Quốc hội",
    "Tổng Thư ký Quốc hội": "Quốc hội", "Phó Tổng Thư ký Quốc hội": "Quốc hội",
    "Chủ tịch nước": None, "Phó Chủ tịch nước": None,
}
_NATIONAL = re.compile(rf"(?:{phrase_alternation(_NATIONAL_POSTS)})(?![^\W\d_])", re.IGNORECASE)
_NATIONAL_KEYS = {normalize_key(p): p for p in _NATIONAL_POSTS}
_WORD_START = re.compile(rf"(?<!\w){CAPITALISED}")
_POST_SEPARATOR = re.compile(r"\s*(?:,|kiêm|\s[-–])\s*")


@dataclass
class Person:
    """A person and the posts the text gives them."""

    name: str
    posts: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    post_organisations: dict[str, str | None] = field(default_factory=dict)  # post → the organisation it is in


def _glued_at(word: str) -> int | None:
    """Where a capitalised word that is no syllable splits into a syllable and a lower-case word glued to
    it ("Trọngmong" → 5, "Khuđược" → 3); None for a word that is a syllable or splits no such way."""
    lowered = word.lower()
    if not word[:1].isupper() or is_syllable(lowered) or not word.isalpha():
        return None
    for cut in range(len(word) - 1, 0, -1):
        if word[cut].islower() and is_syllable(lowered[:cut]) and is_syllable(lowered[cut:]):
            return cut
    return None


class PeopleFinder:
    """Finds people and their posts in one text, given its organisation mentions."""

    def __init__(self, text: str | AnalysedText, orgs: list[OrgMention]) -> None:
        read = analysed(text)
        self.text = read.text
        self.utext = read.unified
        self.org_at = {o.start: o for o in orgs}
        self.org_spans = [(o.start, o.end) for o in orgs]

    def post_at(self, pos: int) -> tuple[str, int] | None:
        """A post starting at ``pos``: (canonical post, end)."""
        found = self.post_with_organisation(pos)
        return (found[0], found[1]) if found else None

    def post_with_organisation(self, pos: int) -> tuple[str, int, str | None] | None:
        """A post starting at ``pos``: (canonical post, end, organisation or None)."""
        utext = self.utext
        if not utext[pos:pos + 1].isupper():
            return None
        for role_name, pattern in _ROLE_PATTERNS:
            role = pattern.match(utext, pos)
            if role and (org := self.org_at.get(role.end())):
                return f"{role_name} {org.name}", org.end, org.name
        national = _NATIONAL.match(utext, pos)
        if national and utext[pos].isupper():
            post = _NATIONAL_KEYS[normalize_key(national.group(0))]
            post = _FULL_POST.get(post, post)
            return post, national.end(), _POST_ORGANISATION.get(post)
        return None

    def _posts_after(self, pos: int) -> list[tuple[str, str | None]]:
        posts = []
        while True:
            sep = _POST_SEPARATOR.match(self.utext, pos)
            if not sep or (sep.group(0).strip() == "" and posts):
                break
            found = self.post_with_organisation(sep.end())
            if not found:
                break
            posts.append((found[0], found[2]))
            pos = found[1]
        return posts

    def _post_before(self, start: int) -> tuple[str, str | None] | None:
        """A post ending right before ``start`` ("Bí thư Tỉnh ủy Lạng Sơn Nguyễn Văn A")."""
        window_start = max(0, start - 120)
        for word in _WORD_START.finditer(self.utext, window_start, start):
            found = self.post_with_organisation(word.start())
            if found and self.utext[found[1]:start].strip() in ("", ","):
                return found[0], found[2]
        return None

    def find(self) -> list[Person]:
        people: dict[str, Person] = {}
        seen_spans: list[tuple[int, int]] = []

        def add(name: str, start: int, end: int, posts: list[tuple[str, str | None]]) -> None:
            name = collapse_space(unify_tones(name))
            person = people.setdefault(normalize_key(name), Person(name=name))
            for post, organisation in posts:
                if post not in person.posts:
                    person.posts.append(post)
                    person.post_organisations[post] = organisation
            person.mentions.append((start, end, self.text[start:end]))
            seen_spans.append((start, end))

        org_spans = Spans(self.org_spans)
        for m in _HONORIFIC.finditer(self.utext):
            checkpoint()
            if org_spans.covers(m.start(1)) or normalize_key(m.group(1).split()[0]) in _NEVER_FIRST:
                continue  # "các đồng chí Bộ Chính trị", "anh Sở Giao thông": a body, not a person
            name, end = self._trim_name(m.group(1), m.start(1))
            posts = self._posts_after(end)
            before = self._post_before(m.start())
            add(name, m.start(1), end, ([before] if before else []) + posts)
        # A name found below ends before the search goes on, so only the spans known now can block one.
        blocking = Spans(seen_spans + self.org_spans)
        pos = 0
        while m := _BARE_NAME.search(self.utext, pos):
            checkpoint()
            reach = blocking.reach(m.start(1))
            pos = reach if reach is not None else m.end()
            if reach is not None:
                continue
            if normalize_key(m.group(1).split()[0]) not in SURNAMES:
                continue
            name, end = self._trim_name(m.group(1), m.start(1))
            if len(name.split()) < 2:
                continue
            posts = self._posts_after(end)
            before = self._post_before(m.start(1))
            if posts or before:
                add(name, m.start(1), end, ([before] if before else []) + posts)
        seen = Spans(seen_spans)
        by_given: dict[str, list[Person]] = {}
        for person in people.values():
            by_given.setdefault(normalize_key(person.name).split()[-1], []).append(person)
        for m in _HONORIFIC_SHORT.finditer(self.utext):
            checkpoint()
            if seen.covers(m.start(1)):
                continue
            matches = by_given.get(normalize_key(m.group(1)), [])
            if len(matches) == 1:
                matches[0].mentions.append((m.start(1), m.end(1), self.text[m.start(1):m.end(1)]))
        return list(people.values())

    def _trim_name(self, name: str, start: int) -> tuple[str, int]:
        """Cut a name before a following post or organisation word ("Nguyễn Văn A Bí thư …"), or inside a
        word glued to the next by a lost space ("Nguyễn Phú Trọngmong muốn" → "Nguyễn Phú Trọng")."""
        words = list(re.finditer(r"\S+", name))
        for i, word in enumerate(words[1:], start=1):
            pos = start + word.start()
            if self.post_at(pos) or pos in self.org_at:
                return name[: words[i - 1].end()], start + words[i - 1].end()
            if (glued := _glued_at(word.group())) is not None:
                return name[: word.start() + glued], start + word.start() + glued
        return name, start + len(name)
