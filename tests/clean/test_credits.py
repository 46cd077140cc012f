"""Photo captions: the credit is split off the caption text in every form news sites print it, and nothing that
is part of the caption (a parenthesised gloss, a sentence going on) is taken for a credit."""

from __future__ import annotations

import pytest

from wirewatch.clean.credits import is_credit, split_credit


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Iraqis stage a rally in Baghdad in support of Palestinians. (Reuters)",
            "Iraqis stage a rally in Baghdad in support of Palestinians.",
            "Reuters",
        ),
        (
            "A man holds a rifle in Sanaa, Yemen March 28, 2025. REUTERS/Khaled Abdullah",
            "A man holds a rifle in Sanaa, Yemen March 28, 2025.",
            "REUTERS/Khaled Abdullah",
        ),
        (
            "Caretaker Prime Minister Najib Mikati visits students in the city of Tyre. (Asharq Al-Awsat)",
            "Caretaker Prime Minister Najib Mikati visits students in the city of Tyre.",
            "Asharq Al-Awsat",
        ),
        ("Palestinians inspect a destroyed house in Gaza. AFP", "Palestinians inspect a destroyed house in Gaza.", "AFP"),
        (
            "Houthi supporters rally in Sanaa, Yemen. (AP Photo/Hani Mohammed)",
            "Houthi supporters rally in Sanaa, Yemen.",
            "AP Photo/Hani Mohammed",
        ),
        (
            "Houthi supporters rally in Sanaa, Yemen. AP Photo/Hani Mohammed",
            "Houthi supporters rally in Sanaa, Yemen.",
            "AP Photo/Hani Mohammed",
        ),
        ("Smoke rises over Khan Younis. Getty Images", "Smoke rises over Khan Younis.", "Getty Images"),
        ("Smoke rises over Khan Younis. AFP/Getty Images", "Smoke rises over Khan Younis.", "AFP/Getty Images"),
        ("Smoke rises over Khan Younis | Photo: John Smith", "Smoke rises over Khan Younis", "Photo: John Smith"),
        ("Smoke rises over the city. Photo: AFP", "Smoke rises over the city.", "Photo: AFP"),
        ("Smoke rises over the city. Credit: Jane Doe", "Smoke rises over the city.", "Credit: Jane Doe"),
        ("Smoke rises over Khan Younis - AFP", "Smoke rises over Khan Younis", "AFP"),
        ("Smoke rises over Khan Younis. Mahmud Hams/Reuters", "Smoke rises over Khan Younis.", "Mahmud Hams/Reuters"),
        ("Smoke rises over Khan Younis. Mahmud Hams/AFP", "Smoke rises over Khan Younis.", "Mahmud Hams/AFP"),
        (
            "Syrian President Bashar al-Assad meets envoys in Damascus. (SANA via AP)",
            "Syrian President Bashar al-Assad meets envoys in Damascus.",
            "SANA via AP",
        ),
        ("Firefighters at the scene. (File photo/Reuters)", "Firefighters at the scene.", "File photo/Reuters"),
    ],
)
def test_split_credit_separates_the_credit_from_the_caption_text(caption: str, text: str, credit: str) -> None:
    assert split_credit(caption) == (text, credit)


@pytest.mark.parametrize(
    "caption",
    [
        "A man holds a rifle as protesters, mainly Houthi supporters, rally to mark the annual al-Quds Day (Jerusalem Day)",
        "Protesters rally to mark the annual al-Quds Day (Jerusalem Day) on the last Friday of Ramadan",
        "The meeting took place in Paris (France)",
        "Lebanese army soldiers deploy in Tyre (Lebanese Army)",
    ],
)
def test_parenthesised_gloss_stays_in_the_caption_text(caption: str) -> None:
    assert split_credit(caption) == (caption, None)


def test_gloss_inside_a_credited_caption_stays_in_the_text() -> None:
    caption = (
        "A man holds a rifle as protesters, mainly Houthi supporters, rally to mark the annual al-Quds Day (Jerusalem Day) "
        "on the last Friday of the Muslim holy month of Ramadan, in Sanaa, Yemen March 28, 2025. REUTERS/Khaled Abdullah"
    )
    text, credit = split_credit(caption)
    assert credit == "REUTERS/Khaled Abdullah"
    assert "(Jerusalem Day)" in text and text.endswith("Yemen March 28, 2025.")


@pytest.mark.parametrize(
    "caption",
    [
        "Passengers wait beside the road after the crash.",
        "The wreck of the Viazul bus on the road between Baracoa and Guantanamo",
        "Rescuers dig through the rubble with their hands",
    ],
)
def test_caption_without_a_credit_is_returned_whole_with_no_credit(caption: str) -> None:
    assert split_credit(caption) == (caption, None)


def test_outlet_name_in_lowercase_continuing_a_sentence_is_not_a_credit() -> None:
    line = "In an advisory issued at 11:00 a.m. local time today (1500 UTC) the National"
    assert split_credit(line) == (line, None)
    assert not is_credit("the National")
    assert is_credit("The National")


@pytest.mark.parametrize(
    ("candidate", "strict", "expected"),
    [
        ("Reuters", True, True),
        ("REUTERS/Khaled Abdullah", True, True),
        ("Photo: John Smith", True, True),
        ("SANA via AP", True, True),
        ("Asharq Al-Awsat", True, True),
        ("Jerusalem Day", True, False),
        ("Jerusalem Day", False, True),
        ("the last Friday of the Muslim holy month of Ramadan", False, False),
        ("", True, False),
    ],
)
def test_is_credit_knows_agencies_and_takes_short_proper_names_only_when_not_strict(
    candidate: str, strict: bool, expected: bool
) -> None:
    assert is_credit(candidate, strict=strict) is expected
