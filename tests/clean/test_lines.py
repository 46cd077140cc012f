"""Lines of a page: widget and page-chrome lines are recognised (with a reason), article text never is, and every
line keeps its offsets into the page."""

from __future__ import annotations

import pytest

from wirewatch.clean.lines import cruft_lexicon, cruft_reason, split_lines
from wirewatch.models import normalize_text


def reason(line: str) -> str | None:
    return cruft_reason(normalize_text(line))


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("TT", "widget or page chrome"),
        ("20", "bare count (share/comment widget)"),
        ("1.2K", "bare count (share/comment widget)"),
        ("12,000", "bare count (share/comment widget)"),
        ("Share", "widget or page chrome"),
        ("Print", "widget or page chrome"),
        ("Read more", "widget or page chrome"),
        ("Read more:", "widget or page chrome"),
        ("Share this article", "widget or page chrome"),
        ("A+", "widget or page chrome"),
        ("Advertisement", "widget or page chrome"),
        ("3 min read", "reading-time widget"),
        ("35 shares", "share/comment count"),
        ("Comments (12)", "share/comment count"),
        ("© 2025 X. All rights reserved.", "copyright line"),
        ("Copyright 2025 Reuters", "copyright line"),
        ("Copyright © Asharq Al-Awsat", "copyright line"),
        ("--", "punctuation only"),
    ],
)
def test_widget_and_chrome_lines_are_cruft_with_their_reason(line: str, why: str) -> None:
    assert reason(line) == why


@pytest.mark.parametrize(
    "line",
    [
        "Mikati: Lebanon in State of War, Resistance, Government Doing Their Duty",
        "Fire kills nine, injures dozens in Chittagong, Bangladesh slum",
        "The war goes on.",
        "He said no.",
        "Gaza",
        "US",
        "1,200 people died.",
        "More than 20 killed",
        "Share prices fell sharply.",
        "Print media are struggling.",
        "Read more about it in the report.",
        "Copyright holders sued the company over the release of the software.",
        "copyright protection systems, RIAA's takedown notice had alleged",
    ],
)
def test_headlines_and_sentences_are_not_cruft(line: str) -> None:
    assert reason(line) is None


def test_cruft_lexicon_is_loaded_casefolded_without_comments() -> None:
    lexicon = cruft_lexicon()
    assert {"tt", "share", "print", "read more"} <= lexicon
    assert all(entry == entry.casefold() and not entry.startswith("#") for entry in lexicon)


def test_split_lines_keeps_offsets_keys_and_paragraph_breaks() -> None:
    text = "  Headline here  \n\nFirst  line\nsecond line\n\n\nTT\n"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["Headline here", "First  line", "second line", "TT"]
    assert all(text[line.start : line.end] == line.text for line in lines)
    assert [line.key for line in lines] == ["Headline here", "First line", "second line", "TT"]
    assert [line.blank_before for line in lines] == [True, True, False, True]
    assert [line.cruft for line in lines] == [None, None, None, "widget or page chrome"]


def test_split_lines_handles_windows_line_ends_and_no_final_newline() -> None:
    text = "Headline\r\n\r\nBody line one.\r\nBody line two."
    lines = split_lines(text)
    assert [text[line.start : line.end] for line in lines] == ["Headline", "Body line one.", "Body line two."]


def test_split_lines_of_blank_text_is_empty() -> None:
    assert split_lines("") == []
    assert split_lines("\n \n\t\n") == []
