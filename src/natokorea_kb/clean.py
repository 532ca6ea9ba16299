"""Clean stage: undo the artefacts of PDF and web extraction without losing text.

The raw text is read as lines. Whole lines of page furniture (navigation, breadcrumbs,
comment forms, page dates, repeated titles, page numbers, running headers, pull quotes,
footnote references printed on a line of their own) are removed, each under a named
rule; footnotes printed between body lines become numbered notes; the remaining lines
are joined into paragraphs and headings, undoing hyphenation at line ends.

Every clean character keeps the raw index it came from (``Block.offsets``). A clean
character always equals its raw character, with one documented rewrite: a clean space
``" "`` may stand for any raw whitespace character (a line break, a tab, a no-break
space), because runs of whitespace and line breaks inside a block become one space.
Every raw character that is neither kept nor whitespace is recorded as an
:class:`~natokorea_kb.records.Artefact` with the rule that removed it.
"""

from __future__ import annotations

import bisect
import datetime
import re
import statistics
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, pairwise

from .errors import LexiconError
from .records import LANGUAGES, Artefact, Block, Cleaned
from .resources import language_resource
from .text import WordTable, fold, fold_key, phrase_pattern

# Line breaks as ``str.splitlines`` knows them; a form feed also starts a new page.
BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK = re.compile(rf"\r\n|[{BREAK_CHARS}]")
# Control and format characters that carry no text (soft hyphen, zero-width space, BOM,
# bidi marks); removed under the rule ``invisible-char``.
INVISIBLE_CHARS = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff"
)
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
SOFT_HYPHEN = "\u00ad"
_BMP = "".join(map(chr, range(0x10000)))
WHITESPACE = "".join(re.findall(r"\s", _BMP))
STRIP = WHITESPACE + "".join(INVISIBLE.findall(_BMP))  # what surrounds a line's visible text

OPEN_QUOTES = "“\"«„‘'"
CLOSE_QUOTES = "”\"»’'"
SENTENCE_MARKS = ".!?…"
SENTENCE_CLOSERS = "”\"’'»)]"
HYPHENS = "-\u2010"
HYPHEN_ENDINGS = tuple(HYPHENS)
TRAILING_WORD = re.compile(r"\w*$")
APOSTROPHE_SUFFIX = re.compile(r"['’]\w+")  # "Kore’nin": the suffix is no word of its own
EVIDENCE_WORD = re.compile(r"\w+")
COMPOUND = re.compile(rf"\w+[{HYPHENS}]\w+")
PREFIX = re.compile(rf"(\w+)[{HYPHENS}](?=\w)")
HYPHEN_BREAK = re.compile(rf"[{HYPHENS}][^\S\n\r]*(?:{LINE_BREAK.pattern})\s*")
FIRST_WORD = re.compile(r"\S*")
LEADING_WORD = re.compile(r"\w+")
URL_LIKE = re.compile(r"(?:https?://|www\.|\w\.(?:com|org|net|int|gov|edu|htm|html|pdf)\b)", re.I)
URL_ENDINGS = "/_.?=&#%~-"  # a URL broken after one of these goes on without a space
CLOSING_CHARS = ",.;:!?)]}%”’»"
# A number of one to three digits ending a word: a footnote reference when glued to the
# end of a word ("Ancak1", "area.3"); see _glued_to_word for the word test, which needs
# a letter or one of REF_PUNCTUATION right before. That is tested here already, so that
# the other numbers (years, counts) are not each looked at in Python, and after the
# first digit, so that the scan jumps from digit to digit.
REF_PUNCTUATION = '.,;:”"’)'
WORD_END_NUMBER = re.compile(
    rf"\d(?<=(?:[^\W\d_]|[{re.escape(REF_PUNCTUATION)}])\d)\d{{0,2}}(?=[\s,.;:)]|$)"
)
SUPERSCRIPTS = re.compile(r"[¹²³⁰⁴⁵⁶⁷⁸⁹]")
SUPERSCRIPT_REF = re.compile(rf"(?<=\S){SUPERSCRIPTS.pattern}+")
NUMBER_LINE = re.compile(r"(?:\d{1,3}|[¹²³⁰⁴⁵⁶⁷⁸⁹]{1,3})")
NOTE_START = re.compile(r"(\d{1,3})([.)]?)(?:\s+(?=\S)|(?=[^\W\d_]|[“\"‘']))")
LIST_STARTS = "0123456789-*•·›»>"
LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[-*•·›»>])\s+(\S.*)")
# A bullet before a list item that is a sentence of its own: the mark, then a capital.
# A lower-case "o" is a bullet too (Word's second-level bullet, pasted as text).
BULLET = re.compile(r"(?:[-*•·◦▪▫●○‣∙]|o)[ \t]+(?=[^\W\d_])")
BREADCRUMB_MARK = re.compile(r"[>»›|]")
BREADCRUMB_SEPARATOR = re.compile(r"\s*[>»›|]\s*")
WORD = re.compile(r"\w[\w’'-]*")
ALNUM_DROP = re.compile(r"[\W_]+")
DIGITS = re.compile(r"\d+")
# A run of two whitespace characters or more, or one that is not a space. Written to
# start with \s (not as "\s{2,}|[^\S ]"), so that the scan skips other characters fast.
SPACES_TO_SQUEEZE = re.compile(r"\s(?:\s+|(?<! ))")

MIN_SEPARATOR_SPACES = 10  # a footnote rule printed as a line of spaces (pdftotext -layout)
WRAPPED_MEDIAN = 100  # median line length at or below which a text is hard-wrapped
HEADING_WORDS = 12  # a heading line has at most this many words
HEADING_CHARS = 100
HEADING_STOPS = (".", ",", ";", ":", "!", "?")  # a line ending so is no heading
TITLE_RATIO = 0.6  # share of capitalised long words in a Title Case heading
SHORT_LINE = 0.8  # a paragraph's last line is shorter than this share of a full line
PULL_QUOTE_LINES = 20  # a pull quote spans at most this many lines
PULL_QUOTE_WINDOWS = (100, 500)  # lines either side searched for the text a quote repeats
PULL_QUOTE_MIN_CHARS = 30
RUNNING_HEADER_REPEATS = 3
TITLE_WINDOW = 5  # a repeated title repeats one of the last few non-blank lines
TITLE_REPEATS = 4  # a line holding a title more often than this is not a title line
NAV_CHARS = 200  # a navigation line is a short run of links
TITLE_MIN_WORDS = 3
MIN_HALF = 3  # shorter halves ("ye", "mi") are suffixes, not words
REF_MIN_WORD = 4  # "area.3" is a reference, "No:1" and "pp.3" are not


@dataclass(frozen=True)
class PageRules:
    """Compiled page-furniture rules of every language (the language is not known yet)."""

    navigation: re.Pattern[str]
    nav_starts: frozenset[str]  # first words of the navigation phrases, folded
    comment_footer: re.Pattern[str]
    comment_near: re.Pattern[str]
    date_line: re.Pattern[str]
    date_keys: dict[str, str]  # folded label -> metadata key
    months: WordTable  # month name (or stem) -> number
    note_heading: re.Pattern[str]
    section_label: re.Pattern[str]
    page_numbers: re.Pattern[str]
    note_separators: re.Pattern[str]
    function_words: frozenset[str]  # of every language: a line ending in one goes on


@cache
def page_rules() -> PageRules:
    """Compile ``common/layout`` and every language's ``page`` and month names once.

    Page dates ("Updated on 16 February 2023", "Güncelleme: 16 Şubat 2023") are matched
    in folded text (:func:`~natokorea_kb.text.fold`), with the month names the date
    rules use (``<lang>/dates/months``).
    """
    layout = language_resource("layout")
    navigation: list[str] = []
    footer: list[re.Pattern[str]] = []
    near: list[re.Pattern[str]] = []
    date_keys: dict[str, str] = {}
    month_numbers: dict[str, int] = {}
    headings: list[str] = []
    labels: list[str] = []
    function_words: set[str] = set()
    for language in LANGUAGES:
        data = language_resource("page", language)
        navigation += data["navigation"]
        footer += data["comment_footer"]
        near += data["comment_near"]
        for key, phrases in data["date_labels"].items():
            date_keys.update((fold_key(phrase), key) for phrase in phrases)
        headings += data["note_headings"]
        labels += data["section_labels"]
        month_numbers.update(_month_names(language, month_numbers))
        function_words.update(map(fold, language_resource("stopwords", language)["stopwords"]))
    months = WordTable.of(month_numbers)
    label_alt = "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(date_keys, key=len, reverse=True)
    )
    month_alt = months.pattern()
    day_month_year = rf"(?P<d1>\d{{1,2}})\.?\s+(?P<m1>{month_alt})\.?,?\s+(?P<y1>\d{{4}})"
    month_day_year = (
        rf"(?P<m2>{month_alt})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    )
    numeric_dmy = r"(?P<d3>\d{1,2})[./](?P<mo3>\d{1,2})[./](?P<y3>\d{4})"
    numeric_ymd = r"(?P<y4>\d{4})[-./]\s*(?P<mo4>\d{1,2})[-./]\s*(?P<d4>\d{1,2})\.?"
    korean = r"(?P<y5>\d{4})년\s*(?P<mo5>\d{1,2})월\s*(?P<d5>\d{1,2})일"
    date_line = re.compile(
        rf"(?P<label>{label_alt})\s*[:：]?\s*"
        rf"(?:{day_month_year}|{month_day_year}|{numeric_dmy}|{numeric_ymd}|{korean})"
        r"(?:\s*,?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?"
    )
    return PageRules(
        navigation=phrase_pattern(navigation),
        nav_starts=frozenset(fold(p.split()[0]) for p in navigation),
        comment_footer=_either(footer),
        comment_near=_either(near),
        date_line=date_line,
        date_keys=date_keys,
        months=months,
        note_heading=re.compile(rf"(?:{phrase_pattern(headings).pattern})\s*:?", re.IGNORECASE),
        section_label=re.compile(rf"(?:{phrase_pattern(labels).pattern})\s*:", re.I),
        page_numbers=_either(layout["page_numbers"]),
        note_separators=_either(layout["note_separators"]),
        function_words=frozenset(function_words),
    )


def _either(patterns: list[re.Pattern[str]] | tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern matching where any of ``patterns`` matches (one regex call per line)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


def _month_names(language: str, known: dict[str, int]) -> dict[str, int]:
    """A language's month spellings -> numbers; a spelling means one month in every language."""
    data = language_resource("dates/months", language)
    found: dict[str, int] = {}
    for number, spellings in data["months"].items():
        for spelling in spellings:
            if known.get(spelling, number) != number:
                raise LexiconError(
                    data.relpath,
                    f"month name {spelling!r} means month {known[spelling]} in another language",
                    "remove the ambiguous spelling",
                    line=data.line_of("months"),
                )
            found[spelling] = number
    return found


@dataclass(slots=True)
class _Line:
    """One raw line: its span, its text without invisible characters, and layout facts."""

    index: int
    start: int
    end: int  # raw offset after the last character, line break excluded
    lead: int  # raw offset of the first visible character
    trail: int  # raw offset after the last visible character
    visible: str  # the line's text without invisible characters, outer whitespace removed
    indented: bool  # starts with whitespace (pdftotext marks a new page so)
    page_start: bool  # follows a form feed

    @property
    def blank(self) -> bool:
        return not self.visible


def _split_lines(raw: str) -> list[_Line]:
    """Cut ``raw`` at every line break ``str.splitlines`` knows, keeping raw offsets."""
    lines: list[_Line] = []
    append = lines.append
    start = 0
    page_start = False
    invisible = INVISIBLE.search(raw) is not None
    strip = STRIP if invisible else None  # None: plain whitespace, the fast path
    for index, chunk in enumerate(raw.splitlines(keepends=True)):  # breaks at LINE_BREAK
        size = len(chunk)
        last = chunk[-1]
        width = (2 if chunk.endswith("\r\n") else 1) if last in BREAK_CHARS else 0
        text = chunk[: size - width] if width else chunk
        end = start + size - width
        if not text or text.isspace():
            append(_Line(index, start, end, start, start, "", False, page_start))
        else:
            stripped = text.strip(strip)
            lead = end - len(text.lstrip(strip))
            visible = INVISIBLE.sub("", stripped).strip() if invisible else stripped
            indented = bool(stripped) and text[0] in WHITESPACE
            append(
                _Line(index, start, end, lead, lead + len(stripped), visible, indented, page_start)
            )
        page_start = last == "\f"
        start += size
    return lines


@dataclass
class _Note:
    """A footnote being collected: its number, its lines, the span of its number."""

    number: int
    lines: list[_Line] = field(default_factory=list)
    number_span: tuple[int, int] = (0, 0)


@dataclass
class _State:
    """What the detection passes have found so far."""

    raw: str
    lines: list[_Line]
    rules: PageRules
    removed: dict[int, str] = field(default_factory=dict)  # line index -> rule
    inline: list[Artefact] = field(default_factory=list)  # parts of kept lines
    notes: list[_Note] = field(default_factory=list)
    note_lines: set[int] = field(default_factory=set)
    metadata: dict[str, str] = field(default_factory=dict)
    content: list[_Line] | None = None  # non-blank lines still live, narrowed as passes run
    blanks_before: list[int] | None = None  # blank lines before each line index

    def live(self) -> list[_Line]:
        """Non-blank lines that no pass has taken yet."""
        if self.content is None:
            self.content = [line for line in self.lines if not line.blank]
        self.content = [
            line
            for line in self.content
            if line.index not in self.removed and line.index not in self.note_lines
        ]
        return self.content


def clean(raw: str) -> Cleaned:
    """Split ``raw`` into reading blocks and removed artefacts, keeping the offset map."""
    state = _State(raw=raw, lines=_split_lines(raw), rules=page_rules())
    _mark_navigation(state)
    _mark_comment_footer(state)
    _mark_page_dates(state)
    _mark_breadcrumbs(state)
    _find_notes(state)
    _mark_pull_quotes(state)
    _mark_number_lines(state)
    _mark_running_headers(state)
    _mark_repeated_titles(state)
    blocks = _assemble(state)
    artefacts = _collect_artefacts(state)
    return Cleaned(raw=raw, blocks=tuple(blocks), artefacts=artefacts, metadata=state.metadata)


# --- page furniture -----------------------------------------------------------------

NAV_PUNCTUATION = "|>»›·•/\\,:;- "
NAV_SEPARATORS = re.compile(r"[\s|>»›·•/\\,:;-]*")


def _mark_navigation(state: _State) -> None:
    """Lines made only of menu and skip-link phrases."""
    for line in state.live():
        words = line.visible.lstrip(NAV_PUNCTUATION).split(None, 1)
        if not words or len(line.visible) > NAV_CHARS:
            continue
        if fold(words[0]) not in state.rules.nav_starts:
            continue
        rest = state.rules.navigation.sub("", line.visible)
        if rest != line.visible and NAV_SEPARATORS.fullmatch(rest):
            state.removed[line.index] = "navigation"


def _mark_comment_footer(state: _State) -> None:
    """A blog's comment form; its weak lines ("Comments") only next to a strong one."""
    live = state.live()
    strong = {
        i for i, line in enumerate(live) if state.rules.comment_footer.fullmatch(line.visible)
    }
    taken = set(strong)
    frontier = sorted(strong)
    while frontier:
        position = frontier.pop()
        for neighbour in (position - 1, position + 1):
            if 0 <= neighbour < len(live) and neighbour not in taken:
                text = live[neighbour].visible
                if state.rules.comment_near.fullmatch(text):
                    taken.add(neighbour)
                    frontier.append(neighbour)
    for position in taken:
        state.removed[live[position].index] = "comment-footer"


def _mark_page_dates(state: _State) -> None:
    """'Updated on 16 February 2023' lines: removed, and the date kept as metadata."""
    for line in state.live():
        match = state.rules.date_line.fullmatch(fold(line.visible))
        if not match:
            continue
        iso = _match_date(match, state.rules.months)
        if iso is None:
            continue
        key = state.rules.date_keys[fold_key(match["label"])]
        state.metadata.setdefault(key, iso)
        state.removed[line.index] = "page-date"


def _match_date(match: re.Match[str], months: WordTable) -> str | None:
    """The ISO date of a page-date match, or None for an impossible date."""
    groups = match.groupdict()
    if groups["y1"]:
        year, month, day = groups["y1"], months.get(groups["m1"]) or 0, groups["d1"]
    elif groups["y2"]:
        year, month, day = groups["y2"], months.get(groups["m2"]) or 0, groups["d2"]
    elif groups["y3"]:
        year, month, day = groups["y3"], groups["mo3"], groups["d3"]
    elif groups["y4"]:
        year, month, day = groups["y4"], groups["mo4"], groups["d4"]
    else:
        year, month, day = groups["y5"], groups["mo5"], groups["d5"]
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _repeated_unit(text: str) -> str | None:
    """The text a line repeats several times over ("A  A  A" -> "A"), if any."""
    words = text.split()
    if len(words) < 2 or words.count(words[0]) < 2:
        return None
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0 and words == words[:size] * (len(words) // size):
            return " ".join(words[:size])
    return None


def _mark_repeated_titles(state: _State) -> None:
    """A title printed again and again at the top of a web page (001)."""
    recent: deque[str] = deque(maxlen=TITLE_WINDOW)
    for line in state.live():
        if len(line.visible) > TITLE_REPEATS * HEADING_CHARS or not _starts_upper(line.visible):
            recent.append("")
            continue
        text = " ".join(line.visible.split())
        unit = _repeated_unit(text)
        key = (unit or text).casefold()
        if _title_like(unit or text) and key in recent:
            state.removed[line.index] = "repeated-title"
            continue
        if unit is not None and _title_like(unit) and _plain(state, line):
            first_end = line.lead + _end_of_first_copy(line.visible, unit)
            state.inline.append(
                Artefact(
                    "repeated-title", _next_visible(state.raw, first_end, line.trail), line.trail
                )
            )
            key = unit.casefold()
        recent.append(key)


def _title_like(text: str) -> bool:
    """Long enough not to repeat by chance, short enough for a title, not a fragment."""
    words = len(text.split())
    return TITLE_MIN_WORDS <= words <= 2 * HEADING_WORDS and _starts_upper(text)


def _plain(state: _State, line: _Line) -> bool:
    """The visible text of ``line`` is its raw text, so offsets carry over one to one."""
    return state.raw[line.lead : line.trail] == line.visible


def _end_of_first_copy(text: str, unit: str) -> int:
    """Offset in ``text`` after the first copy of ``unit``."""
    position = 0
    for word in unit.split():
        position = text.index(word, position) + len(word)
    return position


def _next_visible(raw: str, position: int, stop: int) -> int:
    """The first position from ``position`` on (before ``stop``) that is not blank."""
    while position < stop and raw[position] in STRIP:
        position += 1
    return position


def _mark_breadcrumbs(state: _State) -> None:
    """Link trails: "Home > Foreign Policy > NATO", or a numbered list repeating headings
    of the page ("1. Bilateral Relations", "2. Korea - NATO")."""
    live = state.live()
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in [*live, None]:
        if (
            line is not None
            and line.visible[:1] in LIST_STARTS
            and LIST_ITEM.fullmatch(line.visible)
        ):
            current.append(line)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
        if line is not None and BREADCRUMB_MARK.search(line.visible):
            parts = BREADCRUMB_SEPARATOR.split(line.visible)
            if (
                len(parts) >= 3
                and state.rules.navigation.fullmatch(parts[0])
                and all(0 < len(p.split()) <= HEADING_WORDS for p in parts)
            ):
                state.removed[line.index] = "breadcrumb"
    if not runs:
        return
    listed = {line.index for run in runs for line in run}
    headings = {
        _normal(line.visible)
        for line in live
        if line.index not in listed and len(line.visible) <= HEADING_CHARS
    }
    for run in runs:
        if all(_normal(LIST_ITEM.fullmatch(line.visible)[1]) in headings for line in run):
            for line in run:
                state.removed[line.index] = "breadcrumb"


def _normal(text: str) -> str:
    """Whitespace collapsed and case folded, to compare short lines."""
    return " ".join(text.split()).casefold()


# --- footnotes ----------------------------------------------------------------------


def _is_separator(state: _State, line: _Line) -> bool:
    """The rule a PDF prints above a page's footnotes (a long run of spaces, or _____)."""
    if line.blank:
        return line.end - line.start >= MIN_SEPARATOR_SPACES
    return bool(state.rules.note_separators.fullmatch(line.visible))


def _area_end(state: _State, first: int) -> int:
    """Index after the last line of the footnote area starting at line ``first``."""
    index = first
    while index < len(state.lines):
        line = state.lines[index]
        if index > first and (line.page_start or (line.indented and not line.blank)):
            break
        if index > first and _is_separator(state, line) and not line.blank:
            break
        if index > first and _page_foot_number(state, line):
            break
        index += 1
    return index


def _page_foot_number(state: _State, line: _Line) -> bool:
    """A page number printed under the footnotes, the last line before a page break."""
    lines = state.lines
    after = lines[line.index + 1 : line.index + 3]
    at_foot = not after or after[0].page_start or (after[0].blank and after[-1].page_start)
    return at_foot and bool(state.rules.page_numbers.fullmatch(line.visible))


def _find_notes(state: _State) -> None:
    """Footnote areas under a separator line, and endnote sections under a heading."""
    index = 0
    lines = state.lines
    while index < len(lines):
        line = lines[index]
        if line.index in state.removed:
            index += 1
            continue
        heading = not line.blank and state.rules.note_heading.fullmatch(line.visible)
        if heading or _is_separator(state, line):
            first = index + 1
            end = len(lines) if heading else _area_end(state, first)
            area = [ln for ln in lines[first:end] if not ln.blank and ln.index not in state.removed]
            if area and _take_area(state, area):
                if not line.blank:
                    state.removed[line.index] = "note-heading" if heading else "note-separator"
                index = end
                continue
        index += 1


def _take_area(state: _State, area: list[_Line]) -> bool:
    """Parse ``area`` as notes if it starts a note or continues one and then starts one."""
    expected = state.notes[-1].number + 1 if state.notes else None

    def starts_note(line: _Line, wanted: int | None) -> int | None:
        match = NOTE_START.match(line.visible)
        if match and not line.indented and (wanted is None or int(match[1]) == wanted):
            return int(match[1])
        return None

    if starts_note(area[0], expected) is None:
        if not state.notes or expected is None:
            return False
        if not any(starts_note(line, expected) is not None for line in area):
            return False
    for line in area:
        number = starts_note(line, state.notes[-1].number + 1 if state.notes else None)
        if number is not None:
            width = NOTE_START.match(line.visible).end(2)
            note = _Note(number=number, number_span=(line.lead, line.lead + width))
            note.lines.append(line)
            state.notes.append(note)
        else:
            state.notes[-1].lines.append(line)
        state.note_lines.add(line.index)
    return True


# --- repeated body text, numbers, headers -------------------------------------------


def _alnum(text: str) -> str:
    """Letters and digits only: a pull quote and its source differ in hyphens and breaks."""
    return ALNUM_DROP.sub("", text).casefold()


def _mark_pull_quotes(state: _State) -> None:
    """Quoted blocks that print again a passage of the body nearby (magazine layout)."""
    lines = state.lines
    live = state.live()
    candidates: list[tuple[int, int]] = []  # positions in ``live``
    position = 0
    while position < len(live):
        line = live[position]
        if line.visible[:1] in OPEN_QUOTES:
            for last in range(position, min(position + PULL_QUOTE_LINES, len(live))):
                if last > position and any(
                    lines[i].blank for i in range(live[last - 1].index + 1, live[last].index)
                ):
                    break
                if live[last].visible.rstrip(".,;: ")[-1:] in CLOSE_QUOTES:
                    candidates.append((position, last))
                    position = last
                    break
        position += 1
    in_candidate = {p for first, last in candidates for p in range(first, last + 1)}
    normal: dict[int, str] = {}

    def alnum(position: int) -> str:
        if position not in normal:
            normal[position] = _alnum(live[position].visible)
        return normal[position]

    for first, last in candidates:
        quote = "".join(alnum(p) for p in range(first, last + 1))
        if len(quote) < PULL_QUOTE_MIN_CHARS:
            continue
        for window in PULL_QUOTE_WINDOWS:  # the same page first, then the pages around
            low, high = max(0, first - window), min(len(live), last + window)
            body = "".join(alnum(p) for p in range(low, high) if p not in in_candidate)
            if quote in body:
                for line in live[first : last + 1]:
                    state.removed[line.index] = "pull-quote"
                break


def _mark_number_lines(state: _State) -> None:
    """Lines holding only a number: a footnote reference or a page number."""
    numbers = {note.number for note in state.notes}
    previous: _Line | None = None
    for line in state.lines:
        if line.blank or line.index in state.removed or line.index in state.note_lines:
            continue
        if NUMBER_LINE.fullmatch(line.visible):
            value = _number(line.visible)
            follows_text = previous is not None and previous.index == line.index - 1
            if value in numbers and follows_text:
                state.removed[line.index] = "footnote-ref"
                continue
        if state.rules.page_numbers.fullmatch(line.visible) and _isolated(state, line):
            state.removed[line.index] = "page-number"
            continue
        previous = line


def _isolated(state: _State, line: _Line) -> bool:
    """Set apart from the text: a blank line or a page edge before or after it."""
    lines = state.lines
    return (
        line.page_start
        or line.indented
        or line.index == 0
        or lines[line.index - 1].blank
        or line.index + 1 == len(lines)
        or lines[line.index + 1].blank
    )


def _number(text: str) -> int:
    """The value of a run of digits, superscript digits included."""
    return int("".join(str(unicodedata.digit(ch)) for ch in text))


def _mark_running_headers(state: _State) -> None:
    """Short lines set apart (journal name, author names, with or without a page
    number) that recur on many pages."""
    # The page number may stand before the header on left-hand pages and after it on
    # right-hand ones ("50 THE SIEGE OF VICKSBURG.", "THE SIEGE OF VICKSBURG. 51"); a
    # line opening a page may end in a period.
    candidates = [
        (line, DIGITS.sub("#", _normal(line.visible)).strip("# "))
        for line in state.live()
        if len(line.visible) <= HEADING_CHARS
        and not line.visible[:1].islower()
        and (line.page_start or not _ends_sentence(line.visible))
        and len(line.visible.split()) <= HEADING_WORDS
        and _isolated(state, line)
    ]
    counts = Counter(key for _, key in candidates)
    places: dict[str, list[int]] = {}
    order = {line.index: position for position, line in enumerate(state.live())}
    for line, key in candidates:
        if counts[key] >= RUNNING_HEADER_REPEATS:
            places.setdefault(key, []).append(order[line.index])
    # On every page, so with text between any two of them (a title repeated in a row at
    # the top of a web page is a repeated title instead).
    spread = {key for key, where in places.items() if all(b - a > 1 for a, b in pairwise(where))}
    for line, key in candidates:
        if key in spread:
            state.removed[line.index] = "running-header"


# --- paragraphs ---------------------------------------------------------------------


@dataclass
class _Layout:
    """Facts about the whole text that decide how line breaks are read."""

    wrapped: bool  # hard-wrapped lines (PDF) rather than one line per paragraph (web)
    double_spaced: bool  # blank lines between most lines, so blank lines say nothing
    full_line: float  # length of a full line of wrapped text


def _layout(state: _State, body: list[_Line]) -> _Layout:
    """Read the text's layout from its body lines (see :class:`_Layout`)."""
    lengths = [len(line.visible) for line in body] or [0]
    # Blank lines where a sentence plainly goes on (next line in lowercase) mean the
    # extract is double-spaced, so a blank line says nothing about paragraphs.
    gaps = [_blank_between(state, a, b) > 0 for a, b in pairwise(body) if b.visible[:1].islower()]
    ordered = sorted(lengths)
    return _Layout(
        wrapped=statistics.median(lengths) <= WRAPPED_MEDIAN,
        double_spaced=bool(gaps) and sum(gaps) > len(gaps) / 2,
        full_line=ordered[(len(ordered) * 3) // 4],
    )


def _ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, maybe followed by closing quotes or brackets."""
    return text.rstrip(SENTENCE_CLOSERS)[-1:] in SENTENCE_MARKS and bool(text)


def _blank_between(state: _State, a: _Line, b: _Line) -> int:
    """How many blank raw lines lie between lines ``a`` and ``b`` (counted once, cached)."""
    if state.blanks_before is None:
        state.blanks_before = list(accumulate((line.blank for line in state.lines), initial=0))
    return state.blanks_before[b.index] - state.blanks_before[a.index + 1]


def _title_case(text: str) -> bool:
    """Most words of four letters or more are capitalised ("The Evolution of Partnerships")."""
    long_words = [w for w in WORD.findall(text) if len(w) >= 4]
    if not long_words:
        return True
    capitalised = sum(1 for w in long_words if w[0].isupper() or w[0].isdigit())
    return capitalised >= TITLE_RATIO * len(long_words)


def _all_caps(text: str) -> bool:
    """Written in capitals, as magazine titles are."""
    return text.isupper() and sum(1 for c in text if c.isalpha()) >= 2


def _starts_upper(text: str) -> bool:
    """Starts with a capital or a digit, after any opening quote or bracket."""
    first = text.lstrip(OPEN_QUOTES + "(")[:1]
    return first.isupper() or first.isdigit()


def _headings(state: _State, body: list[_Line], layout: _Layout) -> list[bool]:
    """Which body lines are headings (or bylines): short, unpunctuated, set apart."""
    flags = [False] * len(body)
    for position, line in enumerate(body):
        text = line.visible
        if (
            len(text) > HEADING_CHARS
            or not _starts_upper(text)
            or text.endswith(HYPHEN_ENDINGS)
            or len(text.split()) > HEADING_WORDS
            or state.rules.section_label.match(text)
        ):
            continue
        caps = _all_caps(text)
        if not layout.wrapped:
            flags[position] = not text.endswith((".", ",", ";", ":"))
            continue
        after = body[position + 1] if position + 1 < len(body) else None
        before = body[position - 1] if position else None
        gap_before = before is None or _blank_between(state, before, line) > 0
        gap_after = after is None or _blank_between(state, line, after) > 0
        # A short question standing alone between blank lines is a heading ("What is
        # NATO?"); other final punctuation ends a sentence, except after a capitals title.
        question = text.endswith("?") and gap_before and gap_after and not layout.double_spaced
        if text.endswith(HEADING_STOPS) and not question and not (caps and text[-1] in ",:"):
            continue
        if "," in text.rstrip(",") and not caps:
            continue
        if after is not None and not _opens_sentence(after.visible):
            continue
        if before is not None and not (flags[position - 1] or _ends_sentence(before.visible)):
            continue
        if before is not None and _after_reference(state, before, line):
            continue
        short = len(text) < layout.full_line / 2
        if not (caps or short or _title_case(text)):
            continue
        if not (layout.double_spaced or caps or gap_before or gap_after):
            continue
        flags[position] = True
    # A heading line ending in a function word ("... Smart Defence and its") goes on
    # in the next line, so it stands only if that line is a heading too.
    ends = page_rules().function_words
    for position in range(len(body) - 1, -1, -1):
        if not flags[position] or (position + 1 < len(body) and flags[position + 1]):
            continue
        words = WORD.findall(body[position].visible)
        if words and fold(words[-1]) in ends:
            flags[position] = False
    return flags


def _opens_sentence(text: str) -> bool:
    """Starts with a capital or digit, maybe after a quote (a bracket continues a list)."""
    first = text.lstrip(OPEN_QUOTES)[:1]
    return first.isupper() or first.isdigit()


def _after_reference(state: _State, a: _Line, b: _Line) -> bool:
    """A footnote number on a line of its own between ``a`` and an indented ``b``.

    pdftotext breaks the printed line at the reference and goes on on a new indented
    line, so ``b`` continues the printed line of ``a``.
    """
    return b.indented and any(
        state.removed.get(index) == "footnote-ref" for index in range(a.index + 1, b.index)
    )


@dataclass
class _Evidence:
    """Word counts of the whole text, to tell hyphenation from real hyphens."""

    words: Counter[str]
    compounds: Counter[str]
    prefixes: Counter[str]


def _evidence(raw: str) -> _Evidence:
    lowered = raw.casefold()
    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    prefixes: Counter[str] = Counter()
    # Count each distinct whitespace-separated token once, weighted by its frequency.
    for token, count in Counter(lowered.split()).items():
        for word in EVIDENCE_WORD.findall(APOSTROPHE_SUFFIX.sub("", token)):
            words[word] += count
        if "-" in token or "\u2010" in token:
            for compound in COMPOUND.findall(token):
                compounds[compound] += count
            for prefix in PREFIX.findall(token):
                prefixes[prefix] += count
    # Halves of words broken at a line end are no evidence that they are words.
    for match in HYPHEN_BREAK.finditer(lowered):
        before = TRAILING_WORD.search(lowered, max(0, match.start() - 40), match.start()).group()
        after = LEADING_WORD.match(lowered, match.end())
        for half in (before, after.group() if after else ""):
            if words[half] > 0:
                words[half] -= 1
    return _Evidence(words=words, compounds=compounds, prefixes=prefixes)


def _join_hyphenated(left: str, fragment: str, right: str, evidence: _Evidence) -> bool:
    """Whether ``fragment-`` at a line end and ``right`` on the next line are one word."""
    continuation_match = LEADING_WORD.match(right)
    if not fragment or not continuation_match or URL_LIKE.search(left):
        return False
    continuation = continuation_match.group()
    if not fragment[-1].isalpha() or not continuation[0].isalpha():
        return False
    joined = (fragment + continuation).casefold()
    hyphenated = f"{fragment}-{continuation}".casefold()
    if continuation[0].islower():
        # Joined unless the text shows the hyphenated form, the prefix used with a hyphen
        # ("non-member"), or both halves as words of their own ("decision-making").
        if evidence.compounds[hyphenated] > evidence.words[joined]:
            return False
        halves_are_words = (
            min(len(fragment), len(continuation)) >= MIN_HALF
            and evidence.words[fragment.casefold()] > 0
            and evidence.words[continuation.casefold()] > 0
        )
        return evidence.words[joined] > 0 or not (
            evidence.prefixes[fragment.casefold()] > 0 or halves_are_words
        )
    # "NA-TO’nun" is one word only when the text writes it so elsewhere.
    return fragment.isupper() and evidence.words[joined] > evidence.compounds[hyphenated]


# A piece of a block is ``(start, end)``: the raw text ``raw[start:end]``, or, with
# ``end == SPACE``, one space standing for the raw whitespace character at ``start``.
SPACE = -1
_Piece = tuple[int, int]


class _Builder:
    """Collects the pieces of the blocks and the inline artefacts of joins."""

    def __init__(self, state: _State) -> None:
        self.state = state
        self.inline_starts = sorted(a.start for a in state.inline)
        self.inline = sorted(state.inline, key=lambda a: a.start)
        self._evidence: _Evidence | None = None

    @property
    def evidence(self) -> _Evidence:
        if self._evidence is None:
            self._evidence = _evidence(self.state.raw)
        return self._evidence

    def line_pieces(
        self, line: _Line, start: int | None = None, end: int | None = None
    ) -> list[_Piece]:
        """The visible span of ``line`` (or part of it) minus inline artefacts."""
        begin = line.lead if start is None else start
        stop = line.trail if end is None else end
        pieces: list[_Piece] = []
        cursor = begin
        inline = self.inline
        for slot in range(bisect.bisect_left(self.inline_starts, begin), len(inline)):
            artefact = inline[slot]
            if artefact.start >= stop:
                break
            if artefact.start > cursor:
                pieces.append((cursor, artefact.start))
            cursor = max(cursor, artefact.end)
        if cursor < stop:
            pieces.append((cursor, stop))
        return pieces

    def join(self, pieces: list[_Piece], a: _Line, b: _Line, b_pieces: list[_Piece]) -> None:
        """Append ``b`` to a block ending with line ``a``, undoing hyphenation."""
        raw = self.state.raw
        a_text = a.visible
        b_text = b.visible
        soft = a.trail < a.end and SOFT_HYPHEN in raw[a.trail : a.end]
        hyphen = _line_end_hyphen(a_text)
        if soft:
            pieces.extend(b_pieces)
            return
        if hyphen:
            left, fragment = hyphen
            right = FIRST_WORD.match(b_text).group()
            position = a.trail - 1
            if _join_hyphenated(left, fragment, right, self.evidence) and _trim(pieces, position):
                self.state.inline.append(Artefact("hyphenation", position, position + 1))
                pieces.extend(b_pieces)
                return
            if fragment or URL_LIKE.search(left):
                pieces.extend(b_pieces)
                return
        last_word = a_text.rsplit(None, 1)[-1] if a_text else ""
        tight = b_text[:1] in CLOSING_CHARS or (
            last_word[-1:] in URL_ENDINGS and URL_LIKE.search(last_word)
        )
        if not tight and a.end < len(raw):
            pieces.append((a.end, SPACE))
        pieces.extend(b_pieces)


def _trim(pieces: list[_Piece], position: int) -> bool:
    """Drop the raw character at ``position`` if it ends ``pieces``; say whether it did."""
    start, end = pieces[-1] if pieces else (0, SPACE)
    if end != position + 1:
        return False
    pieces.pop()
    if position > start:
        pieces.append((start, position))
    return True


def _line_end_hyphen(text: str) -> tuple[str, str] | None:
    """For text ending in a hyphen: its last token and the word part before the hyphen."""
    if not text.endswith(HYPHEN_ENDINGS):
        return None
    token = text.rsplit(None, 1)[-1][:-1]
    return token, TRAILING_WORD.search(token).group()


def _ends_with_hyphen(state: _State, line: _Line) -> bool:
    """A word broken at the line end: "gelişme-", or a soft hyphen before the break."""
    text = line.visible
    if text.endswith(HYPHEN_ENDINGS) and text[-2:-1].isalnum():
        return True
    return line.trail < line.end and SOFT_HYPHEN in state.raw[line.trail : line.end]


def _decide_break(
    state: _State, layout: _Layout, a: _Line, b: _Line, headings: tuple[bool, bool]
) -> bool:
    """Whether a paragraph ends between consecutive body lines ``a`` and ``b``."""
    a_heading, b_heading = headings
    if _ends_with_hyphen(state, a) and not a_heading:
        return False
    if a_heading and b_heading:
        # One heading over several lines: adjacent lines, or any in double spacing or
        # in capitals ("NATO-GÜNEY KORE İLİŞKİLERİ, / NÜKLEER ENERJİ VE BÖLGESEL").
        together = (
            layout.double_spaced
            or _blank_between(state, a, b) == 0
            or (_all_caps(a.visible) and _all_caps(b.visible))
        )
        return not (layout.wrapped and together)
    if a_heading or b_heading:
        return True
    if state.rules.section_label.match(b.visible):
        return True
    if _after_reference(state, a, b):
        return False
    if _bullet(a, b):
        return True
    first = b.visible[:1]
    if first.islower() or (first and first in CLOSING_CHARS):
        return False
    if not layout.wrapped:
        return True
    if not _ends_sentence(a.visible):
        # a short line set apart by a blank line is a line of its own (a byline, a
        # date); a full one is a paragraph going on past a page break
        apart = not layout.double_spaced and _blank_between(state, a, b) > 0
        return apart and len(a.visible) < SHORT_LINE * layout.full_line
    if layout.double_spaced:
        trailing = state.raw[a.trail : a.end]
        return (
            _blank_between(state, a, b) >= 2
            or len(a.visible) < SHORT_LINE * layout.full_line
            or trailing.startswith("  ")
        )
    return _blank_between(state, a, b) > 0


def _assemble(state: _State) -> list[Block]:
    """Join body lines into paragraphs and headings, and note lines into notes."""
    _mark_inline_refs(state)
    _mark_bullets(state)
    builder = _Builder(state)
    body = state.live()
    layout = _layout(state, body)
    flags = _headings(state, body, layout)
    drafts: list[tuple[str, list[_Piece], int | None]] = []  # kind, pieces, note number
    pieces: list[_Piece] = []
    for position, line in enumerate(body):
        line_pieces = builder.line_pieces(line)
        if position and not _decide_break(
            state, layout, body[position - 1], line, (flags[position - 1], flags[position])
        ):
            builder.join(pieces, body[position - 1], line, line_pieces)
            continue
        if pieces:
            drafts.append(("heading" if flags[position - 1] else "paragraph", pieces, None))
        pieces = list(line_pieces)
    if pieces:
        drafts.append(("heading" if flags[-1] else "paragraph", pieces, None))
    for note in state.notes:
        first, *rest = note.lines
        state.inline.append(Artefact("note-number", *note.number_span))
        note_pieces = builder.line_pieces(
            first, start=_next_visible(state.raw, note.number_span[1], first.trail)
        )
        for previous, line in zip(note.lines, rest, strict=False):
            builder.join(note_pieces, previous, line, builder.line_pieces(line))
        drafts.append(("note", note_pieces, note.number))
    blocks = []
    invisible = INVISIBLE.search(state.raw) is not None
    for kind, block_pieces, number in drafts:
        text, offsets = _render(state.raw, block_pieces, invisible)
        if text:
            blocks.append(Block(kind=kind, text=text, offsets=offsets, number=number))
    return blocks


def _glued_to_word(raw: str, start: int) -> bool:
    """Digits at ``start`` follow a lowercase word ("Kore2") or its punctuation ("area.3").

    Two letters at least, the last not a capital, so "G20" and "F-35" stay; after
    punctuation four letters, so "No:1" and "pp.3" stay.
    """
    end = start - 1 if start and raw[start - 1] in REF_PUNCTUATION else start
    need = REF_MIN_WORD if end < start else 2
    word = raw[max(0, end - need) : end]
    return len(word) == need and word.isalpha() and not word[-1].isupper()


def _bullet(a: _Line | None, b: _Line) -> re.Match[str] | None:
    """The bullet opening line ``b``, when it opens an item: after a sentence's end (or at
    the top) and before a capital ("o The delegation …"; never "o dönemde")."""
    mark = BULLET.match(b.visible)
    if mark is None or not b.visible[mark.end()].isupper():
        return None
    return mark if a is None or _ends_sentence(a.visible) else None


def _mark_bullets(state: _State) -> None:
    """Bullets before list items are marks, not words of the item's first sentence."""
    body = state.live()
    for a, b in zip([None, *body], body, strict=False):
        mark = _bullet(a, b)
        if mark is not None:
            state.inline.append(Artefact("list-bullet", b.lead, b.lead + mark.end()))


def _mark_inline_refs(state: _State) -> None:
    """Footnote numbers glued to words of body lines; superscript digits anywhere."""
    raw = state.raw
    body = state.live()
    starts = [line.lead for line in body]

    def in_body(position: int) -> bool:
        slot = bisect.bisect_right(starts, position) - 1
        return slot >= 0 and position < body[slot].trail

    for match in WORD_END_NUMBER.finditer(raw):
        start = match.start()
        if _glued_to_word(raw, start) and in_body(start):
            state.inline.append(Artefact("footnote-ref", start, match.end()))
    superscripts = SUPERSCRIPT_REF.finditer(raw) if SUPERSCRIPTS.search(raw) else ()
    for match in superscripts:  # the search skips texts without any, at C speed
        if in_body(match.start()):
            state.inline.append(Artefact("footnote-ref", match.start(), match.end()))


_SHARED_INDICES = 1 << 20  # offsets below this share their int objects across sources
_indices: list[int] = []  # 0, 1, 2 … grown to the longest source seen, never shrunk


def _index_run(start: int, end: int) -> list[int] | range:
    """The offsets ``start … end - 1``, as int objects shared by every source.

    An offset map holds one int per character. A new int object costs 28 bytes and a
    shared one only its 8-byte slot in the tuple, which is what keeps thousands of
    sources within memory; offsets beyond the bound are made fresh.
    """
    if end > _SHARED_INDICES:
        return range(start, end)
    if end > len(_indices):
        _indices.extend(range(len(_indices), max(end, 2 * len(_indices))))
    return _indices[start:end]


def shared_offsets(offsets: tuple[int, ...]) -> tuple[int, ...]:
    """``offsets`` made of the int objects every source shares (see :func:`_index_run`).

    Read back from a pickle (a worker process's result, a cache entry), an offset map
    holds an int object of its own for every character: 28 bytes each instead of none.
    """
    end = max(offsets, default=-1) + 1
    if end > _SHARED_INDICES:
        return offsets
    _index_run(0, end)  # grows the shared indices to ``end``
    return tuple(map(_indices.__getitem__, offsets))


def _render(raw: str, pieces: list[_Piece], invisible: bool) -> tuple[str, tuple[int, ...]]:
    """Text and offsets of ``pieces``, invisible characters dropped, whitespace runs
    squeezed to one space."""
    parts: list[str] = []
    offsets: list[int] = []
    for start, end in pieces:
        if end == SPACE:
            parts.append(" ")
            offsets.append(start)
        elif invisible and INVISIBLE.search(raw, start, end):
            for index in range(start, end):
                if not INVISIBLE.match(raw[index]):
                    parts.append(raw[index])
                    offsets.append(index)
        else:
            parts.append(raw[start:end])
            offsets.extend(_index_run(start, end))
    text = "".join(parts)
    if not SPACES_TO_SQUEEZE.search(text) and text == text.strip():
        return text, tuple(offsets)
    out_text: list[str] = []
    out_offsets: list[int] = []
    cursor = 0
    for match in SPACES_TO_SQUEEZE.finditer(text):
        out_text.append(text[cursor : match.start()])
        out_offsets.extend(offsets[cursor : match.start()])
        out_text.append(" ")
        out_offsets.append(offsets[match.start()])
        cursor = match.end()
    out_text.append(text[cursor:])
    out_offsets.extend(offsets[cursor:])
    squeezed = "".join(out_text)
    left = len(squeezed) - len(squeezed.lstrip(" "))
    right = len(squeezed.rstrip(" "))
    return squeezed[left:right], tuple(out_offsets[left:right])


# --- artefacts ----------------------------------------------------------------------


def _collect_artefacts(state: _State) -> tuple[Artefact, ...]:
    """Whole-line removals, inline removals and invisible characters, without overlap."""
    removed = _disjoint(
        [
            Artefact(rule, state.lines[index].lead, state.lines[index].trail)
            for index, rule in state.removed.items()
        ]
        + state.inline
    )
    starts = [a.start for a in removed]
    for match in INVISIBLE.finditer(state.raw):
        position = match.start()
        slot = bisect.bisect_right(starts, position) - 1
        if slot < 0 or removed[slot].end <= position:
            removed.append(Artefact("invisible-char", position, position + 1))
    return tuple(sorted(removed, key=lambda a: a.start))


def _disjoint(artefacts: list[Artefact]) -> list[Artefact]:
    """Artefacts in raw order with overlaps cut away: a character two rules removed (a
    reference digit inside a repeated title) counts once, for the span starting first."""
    result: list[Artefact] = []
    cursor = 0
    for artefact in sorted(artefacts, key=lambda a: (a.start, -a.end, a.rule)):
        start = max(artefact.start, cursor)
        if artefact.end > start:
            result.append(Artefact(artefact.rule, start, artefact.end))
            cursor = artefact.end
    return result
