"""HTML → main text and metadata, with trafilatura (``fast=True``).

The extracted text then goes through the same segmentation and cleaning as a text page; lines that are the
page's ``<figcaption>`` texts become captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wirewatch.errors import MissingDependencyError

_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


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
    """Main text and metadata of a page, or None when trafilatura finds no main text."""
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - trafilatura is a core dependency
        raise MissingDependencyError("trafilatura", "html") from e
    from wirewatch.models import normalize_text

    result = trafilatura.bare_extraction(html, url=url, fast=True, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        return None
    captions = {normalize_text(_TAG.sub(" ", m)) for m in _FIGCAPTION.findall(html)}
    return Extracted(
        text=result.text,
        title=result.title or None,
        date=result.date or None,
        sitename=result.sitename or result.hostname or None,
        author=result.author or None,
        url=result.url or url,
        captions={c for c in captions if c},
    )
