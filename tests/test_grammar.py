"""The draft checker's grammar rules (issue 17, item 8): correct uses in thank-you notes and
follow-up emails are never flagged, and the real slips are, each with the word to use. a/an goes
by the sound of the next word ("a UK-based team", "an MBA", "an 8-hour shift"), not its letter."""

from __future__ import annotations

import pytest

from bot.core.language.checking import Problem, check_text
from tests.conftest import Chat


def grammar_problems(body: str) -> list[Problem]:
    """The grammar findings in `body`, inside a greeting and a sign-off."""
    text = f"Dear Ms Doe,\n\n{body}\n\nKind regards,\nSam Lee\n"
    return [p for p in check_text(text) if p.kind == "grammar"]


# Sentences a job seeker writes, each right as it stands: none may be flagged.
CORRECT = [
    # your / you're
    "Thank you for your very kind words and for the tour of the office.",
    "Thank you for your welcome to the team yesterday; it meant a lot.",
    "Thank you for your welcome to London and your welcome to new starters.",
    "Thank you for your welcome, and for showing me around the studio.",
    "I appreciated your being so open about the challenges the team faces.",
    "It was your doing that the interview felt so relaxed, so thank you.",
    "I respect your right to take the time you need over the decision.",
    "Thank you for your so generous offer of a second conversation.",
    "You're welcome to call me any time, and your team was lovely to meet.",
    "I hope you're well and that your week is going smoothly.",
    "I know you're busy, so a short reply is more than enough.",
    "Your very own onboarding plan sounded thoughtful and well organised.",
    # its / it's
    "It's a great team and I admire its culture of code review.",
    "I liked how the company shares its plans with its whole staff.",
    "It's people like you who make a process feel human.",
    "I was impressed by its great team and its clear vision for the product.",
    "The role, with its mix of design and research, suits me well.",
    "I hope it's not too early to ask about the next steps.",
    "I am grateful for the day, for it's rare to meet such a welcoming team.",
    "What I liked most about it's hard to put in one line, so I'll say the people.",
    # their / there / they're
    "There are other strong candidates, and they're busy with their interviews.",
    "Is there time for a short call this week to discuss the offer?",
    "Are there team events I could join before my start date?",
    "I understand their hiring process has several rounds.",
    "I enjoyed meeting their team and hearing about their plans.",
    "I look forward to their decision and to hearing from you.",
    # then / than
    "I would rather wait for your answer than call, and then I will follow up next week.",
    "Let's talk more then, once you have met the other candidates.",
    "I'll call you later then, as we agreed on Tuesday.",
    # affect / effect
    "The new process will affect my start date, and the effect is small.",
    "The team worked hard to effect the change you described.",
    # could of / might of course
    "You might of course prefer to wait until the other interviews are done.",
    "I could have said more about my project, and I would have liked to.",
    # a / an by sound
    "I enjoyed learning how a UK-based team works and would love to join as a UX designer.",
    "It would be a one-off project, and a European client is a great start.",
    "I studied at a university with a strong design course and a useful alumni network.",
    "It was an honour, an hour well spent, and an honest conversation.",
    "I hold an MBA and wrote an FAQ for our users, and I can write an SQL query.",
    "Some people say a FAQ and a SQL database, and that is fine too.",
    "I would be happy with an 8-hour shift and a 1-year contract to start.",
    "I worked an 11-week placement after an 18-month course and a 2-day workshop.",
    "It is a unique role, a user-facing one, in a union-recognised workplace.",
    "I have a PhD, a CV I'm proud of, and a LinkedIn page you're welcome to read.",
    "I signed an NDA and have an HR contact, an IT background and an MSc.",
    "I'd like a US-based or an EU-funded role, and an A-level student could help.",
    "Plan A is ready, and an A grade is what I aim for in the course.",
    "It is a historic building, and an historic one too in the older style.",
    "I'd love a herb garden in the office, or an herb garden as some say.",
    "I spent a year at a FTSE 100 company and two at an NHS trust.",
    "I'd welcome a Teams call, or an in-person chat if that suits you better.",
]


@pytest.mark.parametrize("body", CORRECT)
def test_correct_uses_are_never_flagged(body: str) -> None:
    assert [(p.excerpt, p.suggestion) for p in grammar_problems(body)] == []


# The slips that must still be caught: (sentence, excerpt shown, the word suggested).
WRONG = [
    ("Thank you for the interview, your welcome to call me any time.", "your welcome",
     "you're"),
    ("Thank you again, your very kind.", "your very kind", "you're"),
    ("I think your a great team and I would love to join it.", "your a", "you're"),
    ("I hope your not too busy this week to reply to my note.", "your not", "you're"),
    ("I really appreciated you're time yesterday and the tour of the office.", "you're time",
     "your"),
    ("Thank you so much, its a great team and I enjoyed our talk.", "its a", "it's"),
    ("Its been a pleasure to meet everyone at the studio this week.", "Its been", "it's"),
    ("I know its important to be patient with a decision like this.", "its important", "it's"),
    ("I admire how the company treats it's people and its customers.", "it's people", "its"),
    ("I loved learning about it's culture during the tour.", "it's culture", "its"),
    ("The product is great, and I love it's own design language too.", "it's own", "its"),
    ("I understand their are other strong candidates for this role.", "their are", "there"),
    ("I know their interviewing others this week, so no rush at all.", "their interviewing",
     "they're"),
    ("I enjoyed hearing about there team and the way they work together.", "there team",
     "their"),
    ("Would there offer include a pension and flexible hours?", "there offer", "their"),
    ("The role fits me better then any other I have applied for this year.", "better then",
     "than"),
    ("Your advice had a positive affect on how I prepared for the second round.",
     "positive affect", "effect"),
    ("I hope the delay will not effect my application for the role in any way.",
     "not effect my", "affect"),
    ("I could of mentioned my project work more clearly during the interview.", "could of",
     "could have"),
    ("I think I would be a asset to the team and its projects.", "a asset", "an"),
    ("It was a honour to meet the panel on Tuesday morning.", "a honour", "an"),
    ("I can start with a 8-hour shift from next month if needed.", "a 8-hour", "an"),
    ("I already hold a MBA from a business school in Leeds.", "a MBA", "an"),
    ("I have an university degree in computer science and design.", "an university", "a"),
    ("It would be an one-off project for the first quarter.", "an one-off", "a"),
    ("I worked for an UK-based agency for three years before this.", "an UK-based", "a"),
    ("I would love to join as an UX designer on the mobile team.", "an UX", "a"),
    ("It was an pleasure to meet you, and an hour well spent.", "an pleasure", "a"),
    ("I am applying for a IT support role in your London office.", "a IT", "an"),
    ("It was a pleasure to meet the team and a interview I enjoyed very much.", "a interview",
     "an"),
]


@pytest.mark.parametrize(("body", "excerpt", "use"), WRONG)
def test_real_slips_are_flagged_with_the_word_to_use(body: str, excerpt: str, use: str) -> None:
    problems = grammar_problems(body)
    assert [p.excerpt for p in problems] == [excerpt]
    assert f'"{use}"' in problems[0].suggestion


def test_the_reviewers_message_is_flagged_only_where_it_is_wrong(chat: Chat) -> None:
    chat.say("check this: Dear Jane, Thank you for your very kind words and for the tour. I "
             "enjoyed learning how a UK-based team works and would love to join as a UX "
             "designer. Its been a pleasure. Kind regards, Sam")
    text = chat.text
    assert "• Grammar: “Its been” — use \"it's\" here" in text
    assert "your very" not in text and "“a UK”" not in text and "“a UX”" not in text
    assert text.count("• Grammar") == 1
