"""The words a rehearsal reads as moves rather than answers: "I don't know" (a hint), "skip",
"again", "done", "menu"."""

from __future__ import annotations

import re

IDK_RE = re.compile(r"^\s*(?:i\s+)?(?:don'?t\s+know|dunno|no\s+idea|not\s+sure|idk|"
                    r"what\s+(?:should|do|would|could)\s+i\s+say|help\s+me|give\s+me\s+an?\s+"
                    r"(?:example|hint)|example|hint)\W*$", re.IGNORECASE)
SKIP_WORDS = {"next", "skip", "pass", "next one", "skip it", "skip this one", "next scenario"}
AGAIN_WORDS = {"again", "retry", "try again", "repeat", "once more", "one more time"}
FINISH_WORDS = {"done", "finish", "finished", "end", "that's enough", "enough", "exit"}
MENU_WORDS = {"choose", "menu", "scenarios", "pick", "choose scenario", "list scenarios"}
