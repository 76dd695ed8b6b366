"""The titles that stand before a person's name, one list for every reader of names.

Each use takes the base list and adds what only it needs: "Sir" and "Madam" stand alone
("Dear Sir") but are no part of a saved name; "Sr.", "Jr." and "St." only stop a sentence split
("St. Columba's" ends no sentence); "Capt" and "Sister" are kept with the name that follows.
"""

from __future__ import annotations

# Courtesy titles kept with a saved name ("Ms van der Berg", "Dr Okafor").
HONORIFICS: tuple[str, ...] = ("Mrs", "Mr", "Ms", "Miss", "Dr", "Prof")
# Professional titles some writers put before a name, kept as well ("Ing. Marco Bellini").
PROFESSIONAL: tuple[str, ...] = ("Ing", "Engr", "Cllr")
# Salutations that stand alone ("Dear Sir") and are never a name by themselves.
SALUTATIONS: tuple[str, ...] = ("Sir", "Madam")


def alternation(*groups: tuple[str, ...]) -> str:
    """The titles of `groups` as a regex alternation, longest first ("Mrs|Miss|Mr|…"), so a
    title is never cut to a shorter one; no group or anchors of its own."""
    words = sorted({w for g in groups for w in g}, key=lambda w: (-len(w), w))
    return "|".join(words)
