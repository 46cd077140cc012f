"""Cutting a page into articles: synthetic seed-style pages with known truth, hand-written pages in other styles
(tests/fixtures/pages, real Wikinews text), and real articles from the development data laid out as pages.

Every page is also checked for the segmenter's promise: each non-blank input line lands in exactly one place
(title, caption, paragraph, or ``removed`` with a reason), and every offset slices the page back to its line.
"""

from __future__ import annotations

import json
import random
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from wirewatch.clean.segment import Segment, segment
from wirewatch.eval.synth import SynthArticle, pages, render_page, with_captions
from wirewatch.models import normalize_text

PAGES = Path(__file__).parents[1] / "fixtures/pages"
PAGES_PER_SEED = 30


# --- helpers ------------------------------------------------------------------------------------------------


def input_lines(text: str) -> dict[tuple[int, int], str]:
    """Every non-blank line of ``text`` by its (start, end) offsets, stripped."""
    lines = {}
    offset = 0
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        if content:
            start = offset + len(raw) - len(raw.lstrip())
            lines[(start, start + len(content))] = content
        offset += len(raw)
    return lines


def assert_every_line_placed_once(text: str, segments: list[Segment]) -> None:
    """Each non-blank line is the title, a caption, a line of a paragraph or a removed line (with a reason) of
    exactly one article, and the offsets of each slice the page back to it."""
    placed: list[tuple[int, int]] = []
    for seg in segments:
        if seg.title_span is not None:
            assert text[seg.title_span.start : seg.title_span.end] == seg.title
            placed.append((seg.title_span.start, seg.title_span.end))
        for caption in seg.captions:
            assert caption.start is not None and caption.end is not None
            line = normalize_text(text[caption.start : caption.end])
            assert line.startswith(caption.text), (line, caption)
            assert caption.credit is None or caption.credit in line, (line, caption)
            placed.append((caption.start, caption.end))
        assert len(seg.paragraphs) == len(seg.paragraph_spans)
        for paragraph, span in zip(seg.paragraphs, seg.paragraph_spans, strict=True):
            block = input_lines(text[span.start : span.end])
            assert " ".join(block.values()) == paragraph
            placed.extend((span.start + s, span.start + e) for s, e in block)
        for removed in seg.removed:
            assert removed.reason, removed
            assert text[removed.start : removed.end] == removed.text
            placed.append((removed.start, removed.end))
    counts = Counter(placed)
    lines = input_lines(text)
    assert [lines.get(k, k) for k, n in counts.items() if n > 1] == [], "lines placed twice"
    assert [v for k, v in lines.items() if k not in counts] == [], "lines placed nowhere"
    assert set(counts) == set(lines)


def as_truth(segments: list[Segment]) -> list[dict]:
    return [
        {"title": s.title, "captions": [{"text": c.text, "credit": c.credit} for c in s.captions], "paragraphs": s.paragraphs}
        for s in segments
    ]


def unambiguous(truth: list[dict]) -> bool:
    """False when an article shows the same caption sentence under two photos: with the same credit form, the four
    printings of the line read as one caption, so the page has no single right answer."""
    return all(len({c["text"] for c in a["captions"]}) == len(a["captions"]) for a in truth)


def without_repeated_captions(articles: list[dict]) -> list[dict]:
    return [{**a, "captions": list({(c["text"], c["credit"]): c for c in a["captions"]}.values())} for a in articles]


def wrap(paragraph: str, width: int) -> str:
    return textwrap.fill(paragraph, width, break_on_hyphens=False, break_long_words=False)


@pytest.fixture(scope="module")
def distinct_pool(wikinews_pool: list[SynthArticle]) -> list[SynthArticle]:
    """Articles whose paragraphs are all distinct (the others hold photo galleries that repeat lines)."""
    pool = [a for a in wikinews_pool if len(set(a.paragraphs)) == len(a.paragraphs)]
    assert len(pool) > 250
    return pool


# --- synthetic seed-style pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_segment_splits_synthetic_seed_style_pages_exactly_into_their_articles(seed: int, distinct_pool) -> None:
    generated = list(pages(distinct_pool, PAGES_PER_SEED, seed))
    assert any(len(truth) > 1 for _, truth in generated)
    for text, truth in generated:
        got = as_truth(segment(text))
        if unambiguous(truth):
            assert got == truth
        else:  # one caption or two: each distinct caption once, and everything else exact
            assert without_repeated_captions(got) == without_repeated_captions(truth)
    assert sum(unambiguous(truth) for _, truth in generated) >= PAGES_PER_SEED // 2


@pytest.mark.parametrize("seed", range(4))
def test_every_line_of_a_synthetic_page_is_placed_exactly_once(seed: int, distinct_pool) -> None:
    for text, _ in pages(distinct_pool, PAGES_PER_SEED, seed):
        assert_every_line_placed_once(text, segment(text))


def test_an_article_recurring_on_two_pages_is_cut_the_same_on_both(distinct_pool) -> None:
    cuts: dict[str, list[dict]] = defaultdict(list)
    for text, _ in pages(distinct_pool, 150, seed=11):
        for article in as_truth(segment(text)):
            cuts[article["title"]].append(article)
    recurring = [found for found in cuts.values() if len(found) > 1]
    assert len(recurring) > 10
    for found in recurring:
        assert all(f == found[0] for f in found)


@pytest.mark.parametrize("width", [64, 72, 80])
def test_segment_joins_hard_wrapped_paragraphs_of_seed_style_pages(width: int, distinct_pool) -> None:
    rng = random.Random(width)
    dressed = [with_captions(a, rng) for a in distinct_pool]
    wrapped = [SynthArticle(a.title, [wrap(p, width) for p in a.paragraphs], a.captions) for a in dressed]
    for _ in range(40):
        text, truth = render_page(rng.sample(wrapped, rng.randint(1, 4)), rng)
        got = segment(text)
        assert [(s.title, s.paragraphs) for s in got] == [
            (a["title"], [p.replace("\n", " ") for p in a["paragraphs"]]) for a in truth
        ]
        assert_every_line_placed_once(text, got)


# --- hand-written pages in other styles -----------------------------------------------------------------------


def read_page(name: str) -> tuple[str, list[Segment]]:
    text = (PAGES / name).read_text(encoding="utf-8")
    return text, segment(text)


def body_paragraphs(text: str, first_words: str) -> list[str]:
    """The page's blank-line separated blocks from the one starting with ``first_words``, each joined into one line."""
    body = text[text.index(first_words) :]
    return [" ".join(block.split()) for block in body.split("\n\n") if block.strip()]


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.txt")))
def test_every_line_of_a_handwritten_page_is_placed_exactly_once(name: str) -> None:
    text, segments = read_page(name)
    assert segments
    assert_every_line_placed_once(text, segments)


def test_byline_and_date_line_in_the_header_become_author_and_published() -> None:
    _, (mokha, aleppo) = read_page("byline_and_date.txt")
    assert (mokha.title, mokha.author, mokha.published) == (
        "Mokha, Yemen bomb kills photojournalist, at least five others",
        "Jane Doe",
        "2025-03-26",
    )
    assert (aleppo.title, aleppo.author, aleppo.published) == (
        "Block of flats collapses in Aleppo, killing eleven",
        "John Smith and Sara Haddad",
        "2019-02-05",
    )
    reasons = {r.text: r.reason for r in mokha.removed + aleppo.removed}
    assert reasons["By Jane Doe"] == "byline (kept as the author)"
    assert reasons["Wednesday, 26 March, 2025 - 05:00"] == "date line (kept as the publication date)"
    assert [(c.text, c.credit) for c in mokha.captions] == [
        ("A market street in the Red Sea port town of Mokha, Yemen.", "Reuters")
    ]
    assert [(c.text, c.credit) for c in aleppo.captions] == [
        ("Rescuers search the rubble of a collapsed building in Aleppo, Syria.", "AFP")
    ]
    assert [len(mokha.paragraphs), len(aleppo.paragraphs)] == [3, 3]
    assert mokha.paragraphs[0].startswith("A bombing was yesterday reported")
    assert aleppo.paragraphs[-1].endswith("toward the cost of reconstruction.")


def test_site_chrome_before_the_first_headline_is_removed_as_page_chrome() -> None:
    text, [article] = read_page("site_chrome_preamble.txt")
    assert article.title == "Hotel fire kills at least seventeen in Karol Bagh, New Delhi"
    chrome = [r for r in article.removed if r.reason == "page chrome before the first article"]
    assert [r.text for r in chrome] == ["Middle East News | Latest Headlines", "Skip to content"]
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Firefighters at the Hotel Arpit Palace in New Delhi.", "REUTERS/Anushree Fadnavis")
    ]
    assert article.paragraphs == body_paragraphs(text, "The Hotel Arpit Palace")


def test_share_print_and_read_more_inside_the_body_are_removed_not_paragraphs() -> None:
    _, [article] = read_page("widgets_in_body.txt")
    removed = {r.text: r.reason for r in article.removed}
    for widget in ("Share", "Print", "Read more"):
        assert removed[widget] == "widget or page chrome"
    assert removed["1.2K"] == "bare count (share/comment widget)"
    assert removed["3 min read"] == "reading-time widget"
    assert removed["© 2025 Example News. All rights reserved."] == "copyright line"
    assert [p.split()[0] for p in article.paragraphs] == ["A", "Jasim", "Yesterday"]
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Smoke rises over a slum in Chittagong, Bangladesh.", "AP Photo/Hasan Jahid")
    ]


def test_single_article_without_a_repeated_headline_takes_its_first_line_as_title() -> None:
    text, [article] = read_page("single_article.txt")
    assert article.title == "Catalonia apartment block fire kills three, injures sixteen"
    assert article.paragraphs == body_paragraphs(text, "An apartment block caught fire")
    assert article.captions == [] and article.removed == []


def test_hard_wrapped_paragraphs_are_joined_into_one_paragraph_each() -> None:
    text, [article] = read_page("hard_wrapped.txt")
    assert max(len(line) for line in text.splitlines()) <= 72
    assert article.title == "Fire kills nine, injures dozens in Chittagong, Bangladesh slum"
    assert article.paragraphs == body_paragraphs(text, "A fire yesterday morning")
    assert len(article.paragraphs) == 4
    assert article.paragraphs[1].endswith("The fire in Bhera Market broke out at around 3:30am.")


def test_captions_without_a_credit_keep_their_whole_text_and_no_credit() -> None:
    text, [article] = read_page("captions_without_credit.txt")
    assert article.title == "State-run bus crashes in Cuba en route to Havana, killing seven"
    assert [(c.text, c.credit) for c in article.captions] == [
        ("The wreck of the Viazul bus on the road between Baracoa and Guantanamo.", None),
        ("Passengers wait beside the road after the crash.", None),
    ]
    assert article.paragraphs == body_paragraphs(text, "A bus operated by Viazul")


# --- regressions ----------------------------------------------------------------------------------------------

MUGABE = (
    "Robert Mugabe, former president of Zimbabwe, has died, according to current president Emmerson Mnangagwa on "
    "Friday. He was 95. Mugabe was hospitalized in Singapore for several months this year."
)
ELECTION = [
    "██ Conservative Party - 365 seats",
    "██ Labour Party - 203 seats",
    "On Thursday, the United Kingdom's (UK) Conservative Party netted an additional 66 seats, totaling 365 seats, "
    "surpassing the 326 seats needed for a majority in Parliament.",
]


def test_headline_printed_twice_over_a_short_first_line_still_starts_an_article() -> None:
    """A headline with no captions between its two printings, whose body opens with short legend lines, after
    another article's long paragraph: a new article, not a photo gallery."""
    first, second = (
        "Longtime leader of Zimbabwe Robert Mugabe dies aged 95",
        "Conservative Party wins majority in 2019 UK general election",
    )
    text = "\n\n".join([first, first, MUGABE, second, second, *ELECTION]) + "\n"
    got = segment(text)
    assert [(s.title, s.paragraphs) for s in got] == [(first, [MUGABE]), (second, ELECTION)]
    assert_every_line_placed_once(text, got)


def test_short_line_printed_twice_inside_a_photo_gallery_is_not_a_headline() -> None:
    title = "Toronto Comicon 2019 welcomes fans with celebrities, creativity, cosplay"
    gallery = ["Violinist Brigit O'Regan performs", "501st Legion members", "501st Legion display", "501st Legion display"]
    text = "\n\n".join([title, title, MUGABE, *gallery, "A group of Spider-Man cosplayers."]) + "\n"
    [article] = segment(text)
    assert article.title == title
    assert article.paragraphs == [MUGABE, *gallery[:3], "A group of Spider-Man cosplayers."]
    assert [(r.text, r.reason) for r in article.removed] == [
        (title, "headline printed again"),
        ("501st Legion display", "line printed twice"),
    ]


@pytest.mark.parametrize(
    ("title", "index", "width", "last_line"),
    [
        ("540 million private Facebook records found on public Internet", 2, 80, "Facebook."),
        ("Driver in New Hampshire multi-motorcycle crash pleads not guilty", 0, 72, "more."),
        ("US President Trump says Osama bin Laden's son killed", 2, 72, "comment."),
        ("On the campaign trail in the USA, August 2020", 41, 72, "comments:"),
    ],
)
def test_last_line_of_a_wrapped_paragraph_that_reads_like_a_widget_stays_in_the_paragraph(
    title: str, index: int, width: int, last_line: str, wikinews_pool: list[SynthArticle]
) -> None:
    paragraph = next(a for a in wikinews_pool if a.title == title).paragraphs[index]
    wrapped = wrap(paragraph, width)
    assert wrapped.endswith("\n" + last_line)
    text = f"{title}\n\n{wrapped}\n\nShare\n"
    [article] = segment(text)
    assert article.paragraphs == [paragraph]
    assert [r.text for r in article.removed] == ["Share"]


# --- real articles from the development data laid out as pages -------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("width", [64, 72, 80])
def test_hard_wrapped_wikinews_articles_keep_their_title_and_paragraphs(width: int, shared_data: Path) -> None:
    records = [json.loads(line) for line in (shared_data / "wikinews/wikinews_2019_2020.jsonl").open(encoding="utf-8")]
    checked = 0
    for record in records:
        paragraphs = [" ".join(p.split()) for p in record["text"].split("\n") if p.strip()]
        if len(paragraphs) < 2 or len(set(paragraphs)) < len(paragraphs):
            continue
        text = record["title"] + "\n\n" + "\n\n".join(wrap(p, width) for p in paragraphs) + "\n"
        got = segment(text)
        assert [(s.title, s.paragraphs) for s in got] == [(record["title"], paragraphs)], record["title"]
        checked += 1
    assert checked > 250


@pytest.mark.shared_data
def test_current_events_digest_pages_keep_each_item_as_a_paragraph(shared_data: Path) -> None:
    """A page per day and category of Wikipedia's current events: a headline over one short item per paragraph."""
    digests: dict[str, list[str]] = defaultdict(list)
    with (shared_data / "current-events/wikipedia_current_events_2025_2026.jsonl").open(encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            digests[f"{item['category']}: {item['date']}"].append(" ".join(item["text"].split()))
    checked = 0
    for title, items in digests.items():
        if len(items) < 2 or len(set(items)) < len(items):
            continue
        text = title + "\n\n" + "\n\n".join(items) + "\n"
        got = segment(text)
        assert [(s.title, s.paragraphs) for s in got] == [(title, items)], title
        checked += 1
    assert checked > 1000
