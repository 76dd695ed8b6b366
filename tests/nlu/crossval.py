"""`python -m tests.nlu.crossval`: the development split's failures on messages the models did
not train on, for working on the understanding without ever looking at the held-out split.

The development split is cut in three folds (by a hash of each id); each fold is read by models
trained on the other two, and the failures of all three are listed. The figures are close to
what the held-out split will show, and the failures are safe to study.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.core.language import models
from tests.nlu import train
from tests.nlu.evaluate import evaluate, heldout, load, report

FOLDS = 3


def fold(record_id: str) -> int:
    """The fold of a development record (another hash than the held-out split's)."""
    return int(hashlib.sha256(f"fold:{record_id}".encode()).hexdigest(), 16) % FOLDS


def main() -> int:
    first = [r for r in load("first") if not heldout(r["id"])]
    follow = [r for r in load("follow") if not heldout(r["id"])]
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(FOLDS):
            def keep(rec: dict[str, Any], k: int = k) -> bool:
                return fold(rec["id"]) != k
            entities, intents = Path(tmp) / f"e{k}.crfsuite", Path(tmp) / f"i{k}.crfsuite"
            train.train_entities(train.entity_records([r for r in first if keep(r)]), entities)
            train.train_intents(train.intent_examples([r for r in first if keep(r)],
                                                      [r for r in follow if keep(r)]), intents)
            parts = Path(tmp) / f"p{k}.crfsuite"
            train.train_parts(train.part_examples([r for r in first if keep(r)]), parts)
            models.ENTITIES_MODEL, models.INTENTS_MODEL, models.PARTS_MODEL = \
                entities, intents, parts
            models._parts.cache_clear()
            models._tagger.cache_clear()
            models._classifier.cache_clear()
            models._scores.cache_clear()
            # Every record of fold k is read as "dev" by evaluate (none is held out).
            tallies = evaluate([r for r in first if not keep(r)],
                               [r for r in follow if not keep(r)])
            lines.append(f"## fold {k}")
            lines.append(report({"dev": tallies["dev"]}, show_failures="--failures" in sys.argv))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
