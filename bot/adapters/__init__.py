"""Adapters turn platform events into `Incoming` for the engine and its `Reply`s into platform
messages. `delivery` decides, for every platform alike, where each reply of a turn goes (the
conversation, a private note in a channel, another team channel) and what a failure means, and
keeps one turn at a time per user; a platform package (`telegram/`, `slack/`, `console/`) adds
only its transport: receiving, sending, rendering. `serve` runs the adapters and
the scheduler together; `base` holds what they share at start-up. Adapters may import the core
(`bot.core`, including the sentences in `bot.core.notices`), `bot.config` and `bot.scheduler`;
nothing in the core or the scheduler imports them."""
