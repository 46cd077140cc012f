"""HTML files: one page, one document; the declared or detected encoding is kept; broken markup still gives its
article; a page without text is rejected, not dropped."""

from __future__ import annotations

import gzip

import pytest

import wirewatch
from wirewatch.config import ReadLimits
from wirewatch.readers import read_file

from .conftest import CP1252_TEXT, documents_of, html_page, story


def _ingest_one(tmp_path, name: str, data: bytes) -> tuple[dict, list[dict], object]:
    path = tmp_path / name
    path.write_bytes(data)
    report = wirewatch.ingest(path, tmp_path / "t.db")
    [doc] = documents_of(tmp_path / "t.db", path)
    with wirewatch.open(tmp_path / "t.db") as db:
        articles = list(db.articles())
    return doc, articles, report


def test_html_page_becomes_a_document_and_its_article(tmp_path):
    doc, [article], report = _ingest_one(tmp_path, "page.html", html_page(3))
    s = story(3)
    assert (doc["format"], doc["encoding"], doc["status"], doc["record"], doc["offset"]) == ("html", "utf-8", "ok", "", 0)
    assert doc["size"] == len(html_page(3)) and report.issues == []
    assert (article["title"], article["paragraphs"]) == (s.title, s.paragraphs)
    assert (article["published"], article["source"]) == ("2020-03-04", "Example News")
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(doc["id"]) == html_page(3), "the page is stored exactly as received"


def test_declared_charset_decodes_a_legacy_page(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in CP1252_TEXT.split("\n\n")[1:])
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'><title>Minister</title>"
        f"</head><body><article><h1>Minister rejects \u201cany deal\u201d</h1>{body}</article></body></html>"
    )
    doc, [article], report = _ingest_one(tmp_path, "legacy.htm", page.encode("cp1252"))
    assert (doc["encoding"], doc["warnings"], report.issues) == ("cp1252", [], [])
    assert article["title"] == "Minister rejects \u201cany deal\u201d"
    assert any("caf\u00e9" in p for p in article["paragraphs"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_html_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    doc, [article], _ = _ingest_one(tmp_path, "bom.html", html_page(4).decode().encode(encoding))
    assert doc["encoding"] == encoding.removesuffix("-sig") and doc["status"] == "ok"
    assert article["title"] == story(4).title


def test_html_gz_is_decompressed(tmp_path):
    doc, [article], _ = _ingest_one(tmp_path, "page.html.gz", gzip.compress(html_page(5)))
    assert (doc["format"], doc["meta"]["container"], doc["size"]) == ("html", "gzip", len(html_page(5)))
    assert article["title"] == story(5).title


@pytest.mark.parametrize("name", ["page.txt", "page", "page.dat"])
def test_html_is_told_by_its_content_whatever_the_name(tmp_path, name):
    [doc] = read_file(_write(tmp_path / name, html_page(6)))
    assert (doc.format, doc.status) == ("html", "ok")


def test_malformed_markup_still_gives_its_article(tmp_path):
    page = (
        b"<html><body><div><h1>Rebels seize the town of Qasr after clashes<p>Rebel fighters said on Monday that they "
        b"had taken control of the town of Qasr after three days of fighting with government troops, residents said."
        b"<p>The army did not comment on the claim. <b>unclosed <i>tags <<>> &&; </span></garbage></td>"
    )
    doc, [article], report = _ingest_one(tmp_path, "broken.html", page)
    assert doc["status"] == "ok" and report.issues == []
    assert "Rebels seize the town of Qasr" in (article["title"] or "") + " ".join(article["paragraphs"])
    assert any("three days of fighting" in p for p in article["paragraphs"])


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><head><title></title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        b"<html><body><script>var a = 1;</script><style>p {color: red}</style></body></html>",
    ],
    ids=["chrome-only", "script-only"],
)
def test_page_without_text_is_rejected_and_stored(tmp_path, page):
    doc, articles, report = _ingest_one(tmp_path, "empty-page.html", page)
    assert articles == [] and report.exit_code == 2
    assert (doc["status"], doc["reason"]) == ("rejected", "no-text")
    [issue] = report.issues
    assert issue.input == str((tmp_path / "empty-page.html").resolve()) and issue.reason == "no-text"
    with wirewatch.open(tmp_path / "t.db") as db:
        assert db.raw(doc["id"]) == page


def test_oversize_html_is_rejected_and_its_bytes_streamed_into_the_store(tmp_path):
    page = html_page(1).replace(b"</article>", b"<p>" + b"filler words " * 20_000 + b"</p></article>")
    path = _write(tmp_path / "big.html", page)
    [doc] = read_file(path, ReadLimits(max_document_bytes=64 * 1024))
    assert (doc.status, doc.reason, doc.format, doc.raw, doc.raw_path) == ("rejected", "too-large", "html", None, str(path))
    assert doc.size == len(page) and doc.message.startswith(f"{len(page):,} bytes, over the 65,536-byte limit")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path
