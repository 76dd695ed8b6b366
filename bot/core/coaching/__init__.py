"""The coaching flows from the seed article: intake, the thank-you and other drafts, proofreading,
keeping calm while waiting, rehearsal, outcomes, snooze, editing, and the texts of the nudges. It
may import `contract`, `language`, `plan` and `account`, never `team`, `features` or `engine`.

Below, the one hand-back from a lower layer: the profile questions asked on the way to a draft
return to the draft (`flows.Resume("draft", ...)` in the profile dialog), so `account.profile`
never imports this package.
"""

from bot.core.coaching import drafts
from bot.core.contract import flows

flows.CONTINUATIONS[drafts.FLOW] = drafts.after_profile
