"""HTML → main text and metadata.

The page is parsed once (lxml). Metadata comes from the page's own declarations — OpenGraph and article
``<meta>`` tags, JSON-LD, ``<time>``, ``<h1>`` — read with a few XPath queries; the main text comes from
trafilatura (``fast=True``, without its metadata pass, which costs a third of its time and which these
declarations cover). The text then goes through the same segmentation and cleaning as a text page; lines
that are the page's ``<figcaption>`` texts become captions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from wirewatch.errors import MissingDependencyError
from wirewatch.models import normalize_text

_TITLE_META = ("og:title", "twitter:title", "title", "headline", "sailthru.title", "parsely-title")
_DATE_META = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
    "article.published",
)
_AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")
_SITE_META = ("og:site_name", "application-name", "publisher")


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None
    captions: set[str] = field(default_factory=set)


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page, or None when it has no main text."""
    try:
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError as e:  # pragma: no cover - trafilatura is a core dependency
        raise MissingDependencyError("trafilatura", "html") from e

    tree = load_html(html)
    if tree is None:
        return None
    meta = _metadata(tree, url)  # before trafilatura, which prunes the tree in place
    _slim(tree)
    result = trafilatura.bare_extraction(tree, url=url, fast=True, with_metadata=False, include_comments=False)
    text = getattr(result, "text", None)
    if not isinstance(text, str) or not text.strip():
        return None
    return Extracted(text=text, **meta)


@lru_cache(maxsize=1)
def _discarded() -> tuple[str, ...]:
    """Elements trafilatura removes whatever the page, except ``<form>`` (some sites wrap the whole page in one)
    and ``<script>`` (JSON-LD bodies are a fallback)."""
    from trafilatura.settings import MANUALLY_CLEANED

    return tuple(tag for tag in MANUALLY_CLEANED if tag not in ("form", "script"))


def _slim(tree: Any) -> None:
    """Drop what trafilatura would drop anyway, once and early: it then prunes, copies and walks a smaller tree
    (1.27x faster on the extraction benchmark, the same F1)."""
    from lxml import etree

    etree.strip_elements(tree, *_discarded(), etree.Comment, with_tail=False)
    for script in tree.xpath("//script[not(@type='application/ld+json')]"):
        script.drop_tree()  # keeps the text that follows the element


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    metas: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = (node.get("content") or node.get("datetime") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    ld = _json_ld(tree)
    canonical = tree.xpath("string(//link[@rel='canonical']/@href)") or metas.get("og:url")
    page_url = url or canonical or None
    h1 = normalize_text(tree.xpath("string(//h1[1])"))
    title = _first(metas, _TITLE_META) or ld.get("headline") or h1 or _title_tag(tree)
    sitename = _first(metas, _SITE_META) or ld.get("publisher") or _hostname(page_url)
    return {
        "title": _strip_site(normalize_text(title), sitename, page_url) if title else None,
        "date": _first(metas, _DATE_META) or ld.get("datePublished") or tree.xpath("string(//time/@datetime)") or None,
        "sitename": sitename,
        "author": _author(metas, ld),
        "url": page_url,
        "captions": {c for c in (normalize_text(f.text_content()) for f in tree.iterfind(".//figcaption")) if c},
    }


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((metas[k] for k in keys if metas.get(k)), None)


def _title_tag(tree: Any) -> str | None:
    title = normalize_text(tree.xpath("string(//title)"))
    return re.split(r"\s+[|–—-]\s+", title)[0] if title else None


def _strip_site(title: str, sitename: str | None, url: str | None) -> str:
    """'Headline - Site.com' → 'Headline' when the tail names the site."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) < 2:
        return title
    names = {_squash(n) for n in (sitename, _hostname(url)) if n}
    tail = _squash(parts[-1])
    if tail and any(tail in n or n in tail for n in names):
        return title[: title.rfind(parts[-1])].rstrip(" |–—-")
    return title


def _squash(text: str | None) -> str:
    return re.sub(r"[\W_]+|\b(?:www|com|org|net|co|uk)\b", "", (text or "").lower())


def _hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _author(metas: dict[str, str], ld: dict[str, Any]) -> str | None:
    author = _first(metas, _AUTHOR_META) or ld.get("author")
    if not author or author.startswith(("http://", "https://", "@")):
        return None
    return re.sub(r"^by\s+", "", normalize_text(author), flags=re.I) or None


def _json_ld(tree: Any) -> dict[str, Any]:
    """headline, datePublished, author and publisher names from the page's JSON-LD article object."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _ld_items(data):
            if "headline" in item or "datePublished" in item:
                return {
                    "headline": _ld_text(item.get("headline")),
                    "datePublished": _ld_text(item.get("datePublished")),
                    "author": _ld_name(item.get("author")),
                    "publisher": _ld_name(item.get("publisher")),
                }
    return {}


def _ld_items(data: Any) -> list[dict]:
    if isinstance(data, list):
        return [x for d in data for x in _ld_items(d)]
    if isinstance(data, dict):
        return [data, *_ld_items(data.get("@graph", []))]
    return []


def _ld_text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    return _ld_text(value)
