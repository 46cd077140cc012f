"""Readers: raw inputs in, :class:`~wirewatch.models.Document` records out, each with its provenance.

Plain-text page dumps, HTML files, WARC/WARC.gz archives, JSON Lines, gzip of any of these,
directories (recursive) and glob patterns. Readers stream: memory stays flat whatever the input size.
"""

from wirewatch.readers.decode import decode
from wirewatch.readers.files import detect_format, expand_inputs, iter_inputs, read_file

__all__ = ["decode", "detect_format", "expand_inputs", "iter_inputs", "read_file"]
