"""Synthetic inputs with known truth, built from real articles: scraped page dumps in the style of the seeds,
HTML pages, WARC archives. Used by the tests, the benchmarks and ``wirewatch eval``.

A page dump prints each article's header twice (headline, each caption twice with its credit, optional widget
lines such as "TT" and a share count), then the body; a page holds 1–4 articles and articles recur across pages.
"""

from __future__ import annotations

import gzip
import html
import json
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CREDIT_FORMS = (
    "({agency})",
    "{AGENCY}/{photographer}",
    "AP Photo/{photographer}",
    "{photographer}/{agency}",
    "AFP/Getty Images",
    "Getty Images",
    "({outlet})",
    "Photo: {agency}",
    "- {agency}",
    "{agency}",
    "(File photo/{agency})",
)
AGENCIES = ("Reuters", "AFP", "AP", "EPA", "Anadolu", "Xinhua")
OUTLETS = ("Asharq Al-Awsat", "Al Jazeera", "Arab News", "The National")
PHOTOGRAPHERS = ("Khaled Abdullah", "Hani Mohammed", "Mahmud Hams", "Amr Alfiky", "Ahmed Jadallah", "Lisa Barry")
CRUFT = (("TT", "20"), ("TT", "7"), ("Share", "Print"), ("35",), ("Read more",), ("A+", "A-", "Share"), ())


@dataclass(slots=True)
class SynthArticle:
    title: str
    paragraphs: list[str]
    captions: list[tuple[str, str | None]] = field(default_factory=list)  # (text, credit)
    published: str | None = None

    def truth(self) -> dict:
        return {
            "title": self.title,
            "captions": [{"text": t, "credit": c} for t, c in self.captions],
            "paragraphs": self.paragraphs,
        }


def load_wikinews(path: str | Path, limit: int | None = None, min_paragraphs: int = 2) -> list[SynthArticle]:
    """Real articles (title, body paragraphs, date) from a Wikinews JSONL file (plain or gzipped)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    out: list[SynthArticle] = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            paragraphs = [" ".join(p.split()) for p in record.get("text", "").split("\n") if p.strip()]
            if record.get("title") and len(paragraphs) >= min_paragraphs:
                out.append(SynthArticle(record["title"], paragraphs, published=record.get("date")))
            if limit and len(out) >= limit:
                break
    return out


def _sentence(text: str) -> str:
    m = re.match(r"(.{20,240}?[.!?])(\s|$)", text)
    return m.group(1) if m else text[:200].rstrip() + "."


def with_captions(article: SynthArticle, rng: random.Random, max_captions: int = 2) -> SynthArticle:
    """A copy of ``article`` with 0–``max_captions`` photo captions in assorted credit formats."""
    n = rng.choice([0] + [1] * 4 + list(range(2, max_captions + 1)))
    captions: list[tuple[str, str | None]] = []
    for _ in range(n):
        text = _sentence(rng.choice(article.paragraphs))
        form = rng.choice(CREDIT_FORMS)
        agency = rng.choice(AGENCIES)
        credit = form.format(
            agency=agency, AGENCY=agency.upper(), photographer=rng.choice(PHOTOGRAPHERS), outlet=rng.choice(OUTLETS)
        )
        captions.append((text, credit))
    return SynthArticle(article.title, article.paragraphs, captions, article.published)


def _caption_line(text: str, credit: str | None) -> str:
    if credit is None:
        return text
    return f"{text} {credit}"


def _credit_truth(credit: str | None) -> str | None:
    if credit is None:
        return None
    credit = credit.removeprefix("- ")
    return credit[1:-1] if credit.startswith("(") and credit.endswith(")") else credit


def render_page(articles: list[SynthArticle], rng: random.Random) -> tuple[str, list[dict]]:
    """A page dump of ``articles`` in the seeds' style, and the truth: what wirewatch must cut out of it."""
    parts: list[str] = []
    truth = []
    for article in articles:
        caps = [_caption_line(t, c) for t, c in article.captions]
        cruft = list(rng.choice(CRUFT))
        first = [article.title, ""] + [line for cap in caps for line in (cap, cap)] + cruft
        second = [article.title, ""] + [line for cap in caps for line in (cap, cap)]
        body = "\n\n".join(article.paragraphs)
        gap = "\n" * rng.choice((2, 2, 3, 4))
        parts.append("\n".join(first) + "\n\n" + "\n".join(second) + "\n\n" + body + gap)
        truth.append(
            {
                "title": article.title,
                "captions": [{"text": t, "credit": _credit_truth(c)} for t, c in article.captions],
                "paragraphs": article.paragraphs,
            }
        )
    return "".join(parts).rstrip("\n") + "\n", truth


def pages(pool: list[SynthArticle], n: int, seed: int = 0, max_articles: int = 4) -> Iterator[tuple[str, list[dict]]]:
    """``n`` page dumps of 1–``max_articles`` articles drawn from ``pool`` (so articles recur across pages)."""
    rng = random.Random(seed)
    dressed = [with_captions(a, rng) for a in pool]
    for _ in range(n):
        k = rng.randint(1, max_articles)
        yield render_page(rng.sample(dressed, min(k, len(dressed))), rng)


def render_html(article: SynthArticle, site: str = "Example News") -> str:
    """A plausible article page: navigation, headline, figures with figcaptions, body, footer."""
    e = html.escape
    figures = "".join(
        f"<figure><img src='p{i}.jpg'><figcaption>{e(_caption_line(t, c))}</figcaption></figure>"
        for i, (t, c) in enumerate(article.captions)
    )
    body = "".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    date = f"<meta property='article:published_time' content='{article.published}'>" if article.published else ""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(article.title)} | {e(site)}</title>"
        f"<meta property='og:title' content='{e(article.title)}'><meta property='og:site_name' content='{e(site)}'>{date}"
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{e(article.title)}</h1>"
        f"{figures}{body}</article><footer>© 2025 {e(site)}. All rights reserved.</footer></body></html>"
    )


def warc_record(
    uri: str, payload: bytes, content_type: str = "text/html; charset=utf-8", date: str = "2025-03-28T12:00:00Z"
) -> bytes:
    """One WARC/1.0 response record holding an HTTP 200 response with ``payload``."""
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n").encode() + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri + str(len(payload)))}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"
