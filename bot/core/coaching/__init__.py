"""The coaching flows from the seed article: intake, the thank-you and other drafts, proofreading,
keeping calm while waiting, rehearsal, outcomes, snooze, editing, and the texts of the nudges. It
may import `contract`, `language`, `plan` and `account`, never `team`, `features` or `engine`.
"""
