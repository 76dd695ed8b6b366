"""`transaction()` as both backends run it: blocks nest, and only the outermost one decides."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class NestedTransactions:
    """A store whose writes wait for the outermost `transaction()` block: an inner block joins
    it, and `_finish` runs once when it ends, with commit=False if it raised (then nothing the
    block wrote may stay)."""

    _depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._finish(commit=False)
            raise
        self._depth -= 1
        if self._depth == 0:
            self._finish(commit=True)

    def _finish(self, *, commit: bool) -> None:
        raise NotImplementedError
