"""A bounded, thread-safe memo of results kept by the bytes of the file they were read from.

The same reference files (a national lookup, the IoD, a police month) are read several times in one process
(each command of a session, each page run after a change), and reading them is most of the cost. What is kept
is weighed (bytes of text, rows of a table, or one each) and held up to a limit, the least recently used dropped
first. Only what was read without error is put in, so a bad file gives its sentence every time.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


def content_key(content: bytes, *more: Hashable) -> tuple:
    """A key for ``content`` (a digest and its length) and whatever else the result depends on."""
    return (hashlib.blake2b(content, digest_size=20).digest(), len(content), *more)


class BytesMemo:
    """Values by key, their weights (``weigh(value)``, 1 each by default) at most ``limit`` in all."""

    def __init__(self, limit: int, weigh: Callable[[object], int] = lambda _value: 1):
        self.limit = limit
        self._weigh = weigh
        self._held: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The value kept for ``key`` (now the most recently used), or None."""
        with self._lock:
            held = self._held.get(key)
            if held is None:
                return None
            self._held.move_to_end(key)
            return held[1]

    def put(self, key: Hashable, value) -> None:
        """Keep ``value``, then drop the least recently used until the weights fit the limit."""
        with self._lock:
            self._held[key] = (self._weigh(value), value)
            while self._held and self.weight() > self.limit:
                self._held.popitem(last=False)

    def weight(self) -> int:
        return sum(weight for weight, _value in self._held.values())

    def __len__(self) -> int:
        return len(self._held)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
