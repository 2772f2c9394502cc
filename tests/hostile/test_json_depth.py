"""The JSON depth count (core/limits.py) agrees with the nesting of random JSON documents whose strings are full
of brackets, quotes and backslashes, whatever the chunk size (a string, an escape or a backslash run may straddle
two chunks)."""

from __future__ import annotations

import json
import random

from cdp_data.core.limits import json_depth

NASTY = '[]{}"\\ab'


def _document(rng: random.Random, level: int = 0):
    pick = rng.random()
    if level > 6 or pick < 0.3:
        return "".join(rng.choice(NASTY) for _ in range(rng.randrange(6)))
    if pick < 0.65:
        return [_document(rng, level + 1) for _ in range(rng.randrange(4))]
    return {"".join(rng.choice(NASTY) for _ in range(3)): _document(rng, level + 1) for _ in range(rng.randrange(4))}


def _nesting(value) -> int:
    if isinstance(value, list):
        return 1 + max((_nesting(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_nesting(v) for v in value.values()), default=0)
    return 0


def test_depth_of_random_documents_in_any_chunk_size():
    rng = random.Random(13)
    for _ in range(300):
        document = _document(rng)
        text = json.dumps(document).encode()
        for chunk in (1, 2, 7, 1 << 20):
            assert json_depth(text, chunk=chunk) == _nesting(document), (text, chunk)


def test_escaped_quotes_and_backslash_runs():
    assert json_depth(b'{"a": "\\\\"}') == 1                  # the string ends after an escaped backslash
    assert json_depth(b'{"a": "\\"[[[["}') == 1               # an escaped quote does not end the string
    assert json_depth(b'[' * 70 + b']' * 70, chunk=3) == 70


def test_long_backslash_runs_ending_chunks():
    """A run of backslashes longer than the tail first looked at, ending a chunk or filling whole chunks."""
    for k in (1, 4, 5, 31, 32, 33, 600):
        document = ["\\" * k + '"[[', ["\\" * k, [1]]]
        text = json.dumps(document).encode()
        for chunk in (1, 3, 7, 64, 1 << 20):
            assert json_depth(text, chunk=chunk) == _nesting(document) == 3, (k, chunk)
