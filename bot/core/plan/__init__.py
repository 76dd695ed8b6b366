"""Turning an interview's facts into dated nudges and showing them: the planning rules (business
days, holidays, quiet hours, zones), the table of nudge kinds, storing a plan, catching up on
nudges that came due while the bot was down, and the views of a plan. It may import `contract`
and `language`."""
