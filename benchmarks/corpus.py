"""Benchmark corpora, built on demand into a work folder (``benchmarks/out/`` by default, git-ignored).

* ``text``: seed-style page dumps (one ``.txt`` file a page) made by :func:`wirewatch.eval.synth.pages` from the
  real Wikinews articles of the demo corpus.
* ``html``: the 91 real news pages of ``../shared/data/extraction/html/*.html.gz``, decompressed, 5 copies each.
* ``warc``: the same 91 pages as WARC response records, each with a request and a metadata record, after one
  warcinfo record: one ``.warc.gz`` of per-record gzip members. ``warc-responses``: the response records alone.
* ``jsonl``: the bundled demo corpus ``data/demo/`` as it is (JSONL.gz, plus the two seed pages).
* ``scale``: shards for the memory-scaling runs. One shard is 1,000 text page dumps and a JSONL file of 1,000
  records; the 1x corpus is one shard, 10x ten, 100x a hundred. Shard *k* draws its pages with seed *k* from the
  Wikinews articles with " (update k)" added to each headline (shard 0 keeps them as they are), so every shard
  holds new documents *and* new articles, not re-reads of the first.

Each builder skips work already done (a ``.done`` marker records the parameters), so a second run is quick.

    python benchmarks/corpus.py --workdir benchmarks/out text html warc scale --scale 10
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sys
import uuid
from dataclasses import replace
from pathlib import Path

from wirewatch.eval.synth import SynthArticle, load_wikinews, pages, warc_record

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT / "data" / "demo" / "wikinews" / "wikinews_2019_2020.jsonl.gz"
DEMO = ROOT / "data" / "demo"
HTML_SOURCE = ROOT.parent / "shared" / "data" / "extraction" / "html"
DEFAULT_WORKDIR = ROOT / "benchmarks" / "out"
SHARD_PAGES = 1000
SHARD_RECORDS = 1000


def _done(folder: Path, params: dict) -> bool:
    marker = folder / ".done"
    return marker.exists() and json.loads(marker.read_text()) == params


def _mark(folder: Path, params: dict) -> None:
    (folder / ".done").write_text(json.dumps(params))


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def wikinews_pool(update: int = 0) -> list[SynthArticle]:
    """The Wikinews articles; with ``update`` > 0 each headline gets " (update N)", making every article new."""
    pool = load_wikinews(WIKINEWS)
    if update:
        pool = [replace(a, title=f"{a.title} (update {update})") for a in pool]
    return pool


def build_text(workdir: Path, n: int = 5000, seed: int = 0) -> Path:
    """``n`` seed-style page dumps, one file each."""
    folder = workdir / f"text-{n}-s{seed}"
    params = {"n": n, "seed": seed}
    if not _done(folder, params):
        _write_pages(_fresh(folder), wikinews_pool(), n, seed)
        _mark(folder, params)
    return folder


def _write_pages(folder: Path, pool: list[SynthArticle], n: int, seed: int) -> None:
    for i, (page, _truth) in enumerate(pages(pool, n, seed)):
        (folder / f"page-{i:05d}.txt").write_text(page, encoding="utf-8")


def html_sources(source: Path = HTML_SOURCE) -> list[Path]:
    files = sorted(source.glob("*.html.gz"))
    if not files:
        sys.exit(f"no *.html.gz under {source}: pass --html-source (the extraction benchmark's html/ folder)")
    return files


def build_html(workdir: Path, source: Path = HTML_SOURCE, copies: int = 5) -> Path:
    """The real HTML pages, decompressed (one file a page), each ``copies`` times with a distinguishing comment:
    distinct documents (nothing is skipped as already stored) and enough of them that start-up is not the rate."""
    folder = workdir / "html"
    files = html_sources(source)
    params = {"source": str(source), "files": len(files), "copies": copies}
    if not _done(folder, params):
        _fresh(folder)
        for f in files:
            page = gzip.decompress(f.read_bytes())
            stem = f.name.removesuffix(".html.gz")
            for k in range(copies):
                (folder / f"{stem}-{k}.html").write_bytes(page + f"\n<!-- copy {k} -->\n".encode())
        _mark(folder, params)
    return folder


def _urls(source: Path) -> dict[str, str]:
    truth = source.parent / "ground-truth.json"
    if not truth.exists():
        return {}
    return {key: value.get("url", "") for key, value in json.loads(truth.read_text()).items()}


def _plain_record(kind: str, uri: str, content_type: str, body: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-28T12:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + uri)}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def build_warc(workdir: Path, source: Path = HTML_SOURCE, responses_only: bool = False) -> Path:
    """The real HTML pages as WARC response records (with request and metadata records, after a warcinfo
    record, unless ``responses_only``), gzipped per record."""
    path = workdir / ("warc-responses" if responses_only else "warc") / "pages.warc.gz"
    files = html_sources(source)
    params = {"source": str(source), "files": len(files), "responses_only": responses_only}
    if _done(path.parent, params):
        return path
    _fresh(path.parent)
    urls = _urls(source)
    with open(path, "wb") as out:
        info = b"software: wirewatch benchmarks\r\nformat: WARC File Format 1.0\r\n"
        if not responses_only:
            out.write(gzip.compress(_plain_record("warcinfo", "", "application/warc-fields", info)))
        for f in files:
            key = f.name.removesuffix(".html.gz")
            uri = urls.get(key) or f"https://news.example/{key}"
            host = uri.split("/")[2]
            request = f"GET /{uri.split('/', 3)[-1]} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench\r\n\r\n".encode()
            if not responses_only:
                out.write(gzip.compress(_plain_record("request", uri, "application/http; msgtype=request", request)))
            out.write(gzip.compress(warc_record(uri, gzip.decompress(f.read_bytes()))))
            if not responses_only:
                meta = f"fetchTimeMs: 120\r\noutlinks: {uri}\r\n".encode()
                out.write(gzip.compress(_plain_record("metadata", uri, "application/warc-fields", meta)))
    _mark(path.parent, params)
    return path


def warc_record_count(source: Path = HTML_SOURCE, responses_only: bool = False) -> int:
    """How many WARC records (of every type) :func:`build_warc` writes."""
    n = len(html_sources(source))
    return n if responses_only else 1 + 3 * n


def demo_jsonl() -> Path:
    """The bundled demo corpus, as it is."""
    return DEMO


def build_shard(workdir: Path, k: int) -> Path:
    """Shard ``k`` of the scaling corpus: SHARD_PAGES page dumps and a JSONL file of SHARD_RECORDS records."""
    folder = workdir / "scale" / f"shard-{k:03d}"
    params = {"k": k, "pages": SHARD_PAGES, "records": SHARD_RECORDS}
    if _done(folder, params):
        return folder
    _fresh(folder)
    pool = wikinews_pool(update=k)
    _write_pages(folder, pool, SHARD_PAGES, seed=k)
    rng = random.Random(1_000_000 + k)
    with open(folder / f"records-{k:03d}.jsonl", "w", encoding="utf-8") as f:
        for i in range(SHARD_RECORDS):
            a = rng.choice(pool)
            record = {
                "id": f"bench:{k}:{i}",
                "title": a.title,
                "date": a.published,
                "url": f"https://wire.example/{k}/{i}",
                "source": "Bench Wire",
                "text": "\n\n".join(a.paragraphs),
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    _mark(folder, params)
    return folder


def build_scale(workdir: Path, scale: int, progress: bool = True) -> list[Path]:
    """The shards of the ``scale``-x corpus (1x = one shard of 1,000 pages and 1,000 records)."""
    shards = []
    for k in range(scale):
        shards.append(build_shard(workdir, k))
        if progress and (k + 1) % 10 == 0:
            print(f"  built shard {k + 1}/{scale}", file=sys.stderr, flush=True)
    return shards


def size_of(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            total += p.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", choices=["text", "html", "warc", "warc-responses", "scale"])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--html-source", type=Path, default=HTML_SOURCE)
    parser.add_argument("--text-pages", type=int, default=5000)
    parser.add_argument("--scale", type=int, default=10, help="shards to build for the scaling corpus")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for name in args.corpora:
        if name == "text":
            print(build_text(args.workdir, args.text_pages))
        elif name == "html":
            print(build_html(args.workdir, args.html_source))
        elif name.startswith("warc"):
            print(build_warc(args.workdir, args.html_source, responses_only=name == "warc-responses"))
        else:
            print(*build_scale(args.workdir, args.scale), sep="\n")


if __name__ == "__main__":
    main()
