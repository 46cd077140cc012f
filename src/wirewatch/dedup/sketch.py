"""Sketches of an article's text for near-duplicate search: vectorised MinHash over word shingles, LSH band
keys, and a bottom-k sample of sentence hashes.

Two kinds of index keys find candidates for two kinds of copy:

- **LSH band keys** (``BANDS`` bands of ``ROWS`` MinHash values over word 3-gram shingles) find copies whose
  shingle sets have a high Jaccard similarity: light edits, a different headline, boilerplate.
- **Sentence keys** (the ``SENTENCE_SAMPLE`` smallest hashes of the article's sentences) find copies that
  contain, or are contained in, the other: truncation, dropped or reordered paragraphs, an article embedded in
  a longer page. Any sampled sentence of the original that survives in the copy is a hit.

Each sketch also keeps the low ``SIGNATURE_BITS`` bits of its MinHash values (96 bytes): two articles agree on
a fraction ~ J + (1 - J) / 2^bits of them, which estimates their Jaccard similarity J without their texts
(b-bit MinHash, Li & König 2010). The detector uses it to skip candidates that cannot be copies.

Every hash is stable across processes and machines (xxh64 of the normalised word, polynomial shingles, fixed
seeds), so sketches computed by one worker match those computed by another and can be stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import xxhash

SHINGLE = 3
NUM_PERM = 96
BANDS = 48
ROWS = NUM_PERM // BANDS
SENTENCE_SAMPLE = 8
SIGNATURE_BITS = 8  # bits kept of each MinHash value for estimating similarity (uint8)
MIN_SENTENCE_WORDS = 6

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_rng = np.random.default_rng(20261124)
_PERM_A = (_rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)  # odd multipliers
_PERM_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_SHINGLE_MULT = (_rng.integers(1, 2**63, SHINGLE, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_BAND_MULT = (_rng.integers(1, 2**63, ROWS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_BAND_SALT = _rng.integers(0, 2**63, BANDS, dtype=np.uint64)
_SENTENCE_SALT = np.uint64(0x5EED5E17E2CE)


@dataclass(slots=True)
class Sketch:
    shingles: np.ndarray  # sorted unique uint64 shingle hashes (for exact verification)
    band_keys: np.ndarray  # uint64[BANDS]
    sentences: np.ndarray  # sorted uint64 hashes of every sentence
    signature: np.ndarray  # uint8[NUM_PERM]: low bits of the MinHash values (``signature_bits``)

    @property
    def keys(self) -> np.ndarray:
        """The keys stored in the index: band keys and the bottom-k sentence sample."""
        return np.concatenate([self.band_keys, self.sentences[:SENTENCE_SAMPLE]])

    @property
    def query(self) -> np.ndarray:
        """The keys to look up: band keys and every sentence (a copy holding any sampled sentence is found)."""
        return np.concatenate([self.band_keys, self.sentences])


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _hash_words(tokens: list[str]) -> np.ndarray:
    return np.fromiter(map(xxhash.xxh64_intdigest, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))


def shingle_hashes(tokens: list[str], k: int = SHINGLE) -> np.ndarray:
    """Sorted unique hashes of the word ``k``-grams (the whole text as one shingle if it is shorter)."""
    h = _hash_words(tokens)
    if len(h) == 0:
        return h
    if len(h) < k:
        return np.array([np.bitwise_xor.reduce(h * _SHINGLE_MULT[: len(h)])], dtype=np.uint64)
    n = len(h) - k + 1
    with np.errstate(over="ignore"):
        combined = h[:n] * _SHINGLE_MULT[0]
        for i in range(1, k):
            combined = combined + h[i : i + n] * _SHINGLE_MULT[i]
    return np.unique(combined)


def minhash(shingles: np.ndarray) -> np.ndarray:
    """``NUM_PERM`` MinHash values (uint32) of a non-empty shingle set: multiply-shift hash families."""
    with np.errstate(over="ignore"):
        hashed = (shingles[:, None] * _PERM_A[None, :] + _PERM_B[None, :]) >> np.uint64(32)
    return hashed.min(axis=0).astype(np.uint32)


def signature_bits(signature: np.ndarray) -> np.ndarray:
    """The low ``SIGNATURE_BITS`` bits of each MinHash value (the high bits of a minimum are mostly zeros)."""
    return signature.astype(np.uint8)


def band_keys(signature: np.ndarray) -> np.ndarray:
    rows = signature.astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        return (rows * _BAND_MULT[None, :]).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT


def sentence_keys(paragraphs: list[str]) -> np.ndarray:
    """Sorted hashes of the article's sentences of ``MIN_SENTENCE_WORDS``+ words (the first k are its sample)."""
    return _sorted_keys({_sentence_hash(tokens) for tokens in _sentence_words(paragraphs) if len(tokens) >= MIN_SENTENCE_WORDS})


def _sentence_words(paragraphs: list[str]) -> list[list[str]]:
    return [words(sentence) for paragraph in paragraphs for sentence in _SENTENCE.split(paragraph)]


def _sentence_hash(tokens: list[str]) -> int:
    return xxhash.xxh64_intdigest(" ".join(tokens).encode())


def _sorted_keys(hashes: set[int]) -> np.ndarray:
    keys = np.fromiter(hashes, dtype=np.uint64, count=len(hashes)) ^ _SENTENCE_SALT
    keys.sort()
    return keys


def _words_and_sentence_keys(paragraphs: list[str]) -> tuple[list[str], np.ndarray]:
    """``words`` of the whole text and ``sentence_keys``, tokenising once where the text is ASCII (there NFKC
    changes nothing, case-folding is ``lower``, and no word spans a paragraph or sentence break)."""
    if not all(paragraph.isascii() for paragraph in paragraphs):
        return words(" ".join(paragraphs)), sentence_keys(paragraphs)
    tokens: list[str] = []
    hashes = set()
    for paragraph in paragraphs:
        for sentence in _SENTENCE.split(paragraph):
            found = _WORD.findall(sentence.lower())
            tokens += found
            if len(found) >= MIN_SENTENCE_WORDS:
                hashes.add(_sentence_hash(found))
    return tokens, _sorted_keys(hashes)


def sketch(paragraphs: list[str]) -> Sketch | None:
    """The sketch of an article body, or None when it has no words."""
    tokens, sentences = _words_and_sentence_keys(paragraphs)
    if not tokens:
        return None
    shingles = shingle_hashes(tokens)
    signature = minhash(shingles)
    return Sketch(shingles, band_keys(signature), sentences, signature_bits(signature))


def shingles_and_signature(paragraphs: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """What verifying a stored article needs: its shingles and signature bits (no keys), or None without words."""
    tokens = words(" ".join(paragraphs))
    if not tokens:
        return None
    shingles = shingle_hashes(tokens)
    return shingles, signature_bits(minhash(shingles))


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment) of two sorted unique shingle arrays; containment is over the smaller set."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))
