"""What a message means and how facts are worded: command words and intents, fact extraction,
dates people write, the phrases built from an interview's facts, and the spelling and leftover
checks. It may import `contract` only; it keeps no state and touches no storage."""
