"""Understanding people as they write (issue 13): interview reports without the word, upcoming
interviews, agencies, agreed contacts, feelings, typos of commands, "check this:" whatever it
mentions, and a short fallback. Asserted through what the user sees."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.core.contract.clock import FakeClock
from bot.core.contract.ports import Repository
from bot.core.engine import Engine
from bot.core.language.contacts import find_phone
from bot.core.language.facts import read_first_message, read_follow_up
from bot.core.language.models import Span
from bot.core.language.people import read_people
from tests.conftest import LONDON, START, Chat, log_interview


@pytest.mark.parametrize("text", [
    "wrapped up the last stage with Lumen today",
    "phone screen went ok",
    "onsite done!!",
    "intervu today w/ the CTO",
    "met their hiring manager this morning",
])
def test_an_interview_report_is_recognised_without_the_word(chat: Chat, text: str) -> None:
    chat.say(text)
    assert "I didn't quite get that" not in chat.text and "What I can do" not in chat.text
    assert "Cancel" in chat.labels  # the intake's first question is open


def test_an_upcoming_interview_is_told_apart_and_offered_to_log_later(chat: Chat) -> None:
    chat.say("I have an interview tomorrow at 11 with Larkfield")
    assert "Good luck" in chat.text
    assert "Log it now" in chat.labels


def test_an_agency_is_not_the_company_and_the_recruiter_is_a_contact() -> None:
    got = read_first_message("a recruiter from Brightpath put me forward for a role at Orla "
                             "Foods, interview was this morning with Ines Duarte", START, LONDON)
    assert (got.company, got.agency) == ("Orla Foods", "Brightpath")
    assert [p.name for p in got.people] == ["Ines Duarte"]


@pytest.mark.parametrize("text", [
    "Recruiter on LinkedIn (Sam Ortiz, Tallyhire) got me an interview with Corvid Labs for QA "
    "engineer, done today",
    "the headhunter who found me (Dana Whitlow, Tallyhire) set up my interview with Corvid Labs "
    "this morning",
])
def test_an_agency_named_with_its_recruiter_in_brackets(text: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert (got.company, got.agency) == ("Corvid Labs", "Tallyhire")


def test_an_agreed_email_is_told_apart_from_the_employers_promise() -> None:
    agreed = read_first_message("interview at Larkfield today, she wants a quick email from me "
                                "Thursday morning", START, LONDON)
    assert agreed.agreed_kind == "email" and agreed.agreed_at is not None
    assert agreed.agreed_at.astimezone(LONDON).date().isoformat() == "2026-11-26"
    promise = read_first_message("interview at Larkfield today, they'll ring me Thursday",
                                 START, LONDON)
    assert promise.agreed_at is None
    assert promise.decision is not None and promise.decision.isoformat() == "2026-11-26"


def test_a_salary_a_reference_or_a_date_is_never_a_phone_number() -> None:
    for text in ("salary 45,000-50,000, ref 2026/118/55", "ref no. 4471230098",
                 "on 12.12.2026 at 10", "£45000 - £52000"):
        assert find_phone(text, LONDON) is None
    assert find_phone("her mobile is 07700 900123", LONDON) == "07700 900123"
    for text in ("pay is 28000-32000 a year", "30000 - 35000 depending on experience"):
        assert find_phone(text, LONDON) is None


@pytest.mark.parametrize(("text", "number"), [
    ("Contact is Linda Marsh, the site manager, 01632 960 458.", "01632 960 458"),
    ("HR is Paula (paula@example.com, 07700 900 771)", "07700 900 771"),
    ("missed call from a recruiter 07700 900 215 about a driving job", "07700 900 215"),
    ("Agency rang (Staffline, Carla 01632 960112) about a job", "01632 960112"),
    ("their office: (555) 201-7788", "(555) 201-7788"),
])
def test_a_number_written_as_it_is_dialled_is_a_phone_number_without_a_cue(
        text: str, number: str) -> None:
    # Fictional ranges (Ofcom's 07700 900xxx and 01632 960xxx, the US 555) are possible but not
    # valid numbers to libphonenumber; written from the trunk prefix in groups they are phones.
    assert find_phone(text, LONDON) == number


def test_a_worried_message_gets_a_kind_short_answer_with_the_next_step(chat: Chat) -> None:
    log_interview(chat)
    chat.say("pretty sure I blew it")
    assert "replaying" in chat.text
    assert "What's in your hands now is the next step" in chat.text
    assert "What I can do" not in chat.text


def test_worry_again_and_again_leads_into_the_intervention(chat: Chat) -> None:
    log_interview(chat)
    for _ in range(4):
        chat.say("my stomach's in knots, checking my email every five minutes")
    assert "weighing on you" in chat.text


@pytest.mark.parametrize(("typed", "meant"), [("hepl", "help"), ("/exprot", "export"),
                                               ("/lsit", "list")])
def test_a_mistyped_command_gets_did_you_mean_with_a_button(chat: Chat, typed: str,
                                                            meant: str) -> None:
    chat.say(typed)
    assert f"Did you mean {meant}?" in chat.text
    chat.press(f"Yes, {meant}")
    assert "Did you mean" not in chat.text


def test_check_this_proofreads_a_thank_you_that_mentions_the_interview(chat: Chat) -> None:
    chat.say("check this: Dear Ann, thank you for the interview yesterday for the analyst "
             "role. I enjoyed meeting the team. Kind regards, Sam")
    assert "Cancel" not in chat.labels or "Which company" not in chat.text
    assert "Which company" not in chat.text  # not taken for a new interview


def test_the_fallback_is_short_and_kind_with_three_buttons(chat: Chat) -> None:
    chat.say("the weather is nice")
    assert chat.labels == ["Log an interview", "Where things stand", "Help"]
    assert len(chat.text) < 200


def test_read_first_message_uses_the_message_time() -> None:
    got = read_first_message("had my interview at 9:45 this morning with Gild & Co", START,
                             LONDON)
    assert got.interviewed == datetime(2026, 11, 25, 9, 45, tzinfo=LONDON)
    assert got.interviewed_has_time and got.company == "Gild & Co"


def test_corrections_in_plain_words_fix_the_fact_mid_intake_and_after(chat: Chat) -> None:
    chat.say("I just had an interview with Inez Duarte at Larkfeld for the analyst role, they "
             "said by Friday")
    assert "What I understood: Larkfeld · analyst role · Inez Duarte" in chat.text
    chat.say("no, the company is Larkfield")
    assert "Fixed — company: Larkfield." in chat.text
    chat.say("it's Ines not Inez")
    assert "Fixed — interviewer: Ines Duarte." in chat.text
    chat.press("HR")
    chat.press("No")
    assert "analyst role at Larkfield" in chat.text and "Interviewer: Ines Duarte" in chat.text
    chat.say("actually the decision is the 4th")
    chat.say("status")
    assert "They'll let you know by: Fri 4 Dec" in chat.text


@pytest.mark.parametrize("answer", ["no clue", "can't remember", "n/a", "🤷", "dunno tbh"])
def test_skip_words_and_a_shrug_mean_skip(chat: Chat, answer: str) -> None:
    chat.say("interview")
    chat.say("Acme")
    assert "What role" in chat.text
    chat.say(answer)
    assert "Who interviewed you" in chat.text  # the role was skipped, nothing saved as a role


def test_a_name_typed_in_lowercase_is_tidied(chat: Chat) -> None:
    chat.say("interview")
    chat.say("Acme")
    chat.say("data analyst")
    chat.say("ms van der berg from hr")
    for _ in range(6):
        if "Saved" in chat.text:
            break
        chat.say("skip")
    assert "• Interviewer: Ms van der Berg" in chat.text


def test_the_agency_and_the_other_people_are_saved_with_the_interview(chat: Chat) -> None:
    chat.say("A recruiter from Brightpath put me forward for the buyer role at Orla Foods. "
             "Interviewed this morning with Ines Duarte, and Priya Shah from HR sat in. They'll "
             "let me know by Friday")
    for _ in range(4):
        if "Saved" in chat.text:
            break
        chat.press("No" if "No" in chat.labels else "Skip")
    assert "buyer role at Orla Foods" in chat.text
    assert "• Agency: Brightpath" in chat.text
    assert "Priya Shah (hr)" in chat.text


def test_should_i_email_is_answered_for_the_company_named(chat: Chat) -> None:
    log_interview(chat)
    log_interview(chat, "I just had an interview with Raj Patel at Hooli for the QA role, they "
                        "said by the 4th. HR will tell me", only_if_asked=True)
    assert "Saved" in chat.text
    chat.say("should I email Hooli?")
    assert chat.text.splitlines()[0].startswith("Not yet for the QA role at Hooli.")


@pytest.mark.parametrize("text", ["still no news from fernleigh",
                                  "unfortunately still nothing from them",
                                  "I regret not asking them about the salary",
                                  "it's fine, not a big deal"])
def test_waiting_and_chat_are_never_taken_for_a_rejection_or_a_draft(chat: Chat,
                                                                      text: str) -> None:
    log_interview(chat)
    chat.say(text)
    assert "hard news" not in chat.text and "full name" not in chat.text


def test_a_person_before_at_company_is_a_person_whatever_their_name() -> None:
    got = read_first_message("had an interview with Dev Raman at Fernleigh Dairies this "
                             "morning", START, LONDON)
    assert got.company == "Fernleigh Dairies"
    assert [p.name for p in got.people] == ["Dev Raman"]


@pytest.mark.parametrize("text", [
    "actually the interviewer was really nice now that I think about it",
    "no the role is still advertised on their site",
])
def test_chat_that_looks_like_a_correction_changes_nothing(chat: Chat, text: str) -> None:
    log_interview(chat)
    chat.say(text)
    chat.say("status")
    assert "backend role at Acme" in chat.text and "Interviewer: Jane Doe" in chat.text


def test_an_answer_that_opens_with_a_skip_word_skips(chat: Chat) -> None:
    chat.say("interview")
    chat.say("Acme")
    chat.say("data analyst")
    chat.say("forgot to ask lol")
    assert "When was the interview" in chat.text or "When" in chat.text
    assert "Forgot" not in chat.text


def test_friday_week_is_the_friday_after_the_coming_one() -> None:
    got = read_first_message("interview at Larkfield this morning, they'll get back to me "
                             "Friday week", START, LONDON)
    assert got.decision is not None and got.decision.isoformat() == "2026-12-04"


def test_a_moved_decision_date_re_plans(chat: Chat) -> None:
    log_interview(chat)
    chat.say("recruiter txt: they pushed it to tue")
    assert "Noted: they'll let you know about the backend role at Acme by Tue 1 Dec." in chat.text


@pytest.mark.parametrize("text", ["is this ok to send?\n\nHi Kezia, thanks so much for "
                                  "yesterday, I really enjoyed it.\n\nBest, Sam",
                                  "can u look over my email pls\n\nHello,\nThanks for the "
                                  "interview last week.\nRegards, Jo"])
def test_more_ways_of_asking_for_a_proofread(chat: Chat, text: str) -> None:
    chat.say(text)
    assert "Checked your text." in chat.text


def test_another_interview_still_to_come_without_the_word(chat: Chat) -> None:
    log_interview(chat)
    chat.say("oh and I've got another one tomorrow at the council, parking enforcement")
    assert "Good luck" in chat.text


@pytest.mark.parametrize(("said", "day"), [("by next Wednesday", "2026-12-02"),
                                           ("by Thursday", "2026-11-26"),
                                           ("on Saturday", "2026-11-28"),
                                           ("by Tuesday", "2026-12-01")])
def test_every_weekday_written_in_full_is_read(said: str, day: str) -> None:
    got = read_first_message(f"had the interview at Quillstone Books today, she said they'd be "
                             f"in touch {said}", START, LONDON)
    assert got.decision is not None and got.decision.isoformat() == day


# -- asides: a message at an open question that is not its answer ---------------------------------
@pytest.mark.parametrize(("text", "says"), [
    ("im so anxious about this one", "anxious"),
    ("hepl", "Did you mean help?"),
])
def test_a_worry_or_a_typo_mid_question_is_answered_and_the_question_asked_again(
        chat: Chat, text: str, says: str) -> None:
    chat.say("I had an interview this morning")
    question = chat.text.strip().splitlines()[-1]
    chat.say(text)
    assert "Back to my question:" in chat.text
    assert question in chat.text  # the same question, asked again
    assert "I couldn't" not in chat.text
    if says == "anxious":
        assert any(w in chat.text.lower() for w in ("worry", "nerv", "normal", "control"))
    else:
        assert says in chat.text and "Yes, help" in chat.labels


@pytest.mark.parametrize(("news", "says"), [
    ("Orbital emailed, I wasn't selected", "I'm sorry"),
    ("they offered me the job!!!", "wonderful news"),
])
def test_a_result_told_mid_question_is_news_not_the_answer(chat: Chat, news: str,
                                                            says: str) -> None:
    chat.say("I had an interview at Orbital this morning for the analyst role with Ben Ash")
    question = chat.text.strip().splitlines()[-1]
    chat.say(news)
    assert says in chat.text and "type outcome" in chat.text
    assert "Back to my question:" in chat.text and question in chat.text
    chat.say("HR") if "Who will tell you" in question else None
    assert "mailing" not in chat.text.lower()


def test_a_name_or_no_date_mid_question_is_still_the_answer(chat: Chat) -> None:
    chat.say("I had an interview this morning")
    first = chat.text.strip().splitlines()[-1]
    chat.say("Larkfield")
    assert "Back to my question:" not in chat.text
    assert first not in chat.text  # saved: the intake asks its next question


@pytest.mark.parametrize("typed", [
    "they didn\u2019t say",             # a phone's curly apostrophe
    "they\u00a0didn't\u00a0say",        # non-breaking spaces
    "they didn't\u200b say",           # a zero-width space
])
def test_text_from_phones_reads_like_plain_text(engine: Engine, typed: str) -> None:
    plain, phone = Chat(engine, user="plain"), Chat(engine, user="phone")
    first = ("I just had an interview at Globex for the analyst role with Raj Patel, "
             "{}. HR will tell me")
    plain.say(first.format("they didn't say"))
    phone.say(first.format(typed))
    assert phone.text == plain.text
    assert "They didn't say" not in phone.labels  # the decision question is not asked


@pytest.mark.parametrize("answer", ["delta", "lisa", "The Anxiety Network", "Larkfield"])
def test_an_answer_that_looks_like_something_else_is_still_the_answer(
        chat: Chat, answer: str) -> None:
    chat.say("I had an interview this morning")
    first = chat.text.strip().splitlines()[-1]
    chat.say(answer)
    assert "Back to my question:" not in chat.text
    assert first not in chat.text  # taken: the intake moved on


def test_a_news_question_mid_question_is_answered_and_not_saved_as_a_company(
        chat: Chat, repo: Repository) -> None:
    chat.say("I had an interview this morning")
    chat.say("any news?")
    assert "Back to my question:" in chat.text
    chat.say("Larkfield")
    chat.say("cancel")
    assert all(iv.company != "any news" for iv in repo.interviews_for("console:u1"))


def test_the_same_text_sent_again_after_an_aside_is_taken_as_the_answer(chat: Chat) -> None:
    chat.say("I had an interview this morning")
    first = chat.text.strip().splitlines()[-1]
    chat.say("im so anxious about this one")
    assert "Back to my question:" in chat.text
    chat.say("im so anxious about this one")
    assert "Back to my question:" not in chat.text and first not in chat.text


@pytest.mark.parametrize(("text", "intent"), [
    ("they went with someone else but I'm next in line if it falls through", "outcome_standby"),
    ("the manager said I'm their #2 if the first choice says no", "outcome_standby"),
    ("rang the office twice this morning, no one answers", "outcome_no_answer"),
    ("they need a bit more time to make up their minds", "outcome_waiting"),
    ("has the agency got back yet or not", "news"),
    ("anything from Globex yet? I know they said the 9th", "news"),
    ("can I phone them or will it look desperate", "contact"),
    ("thinking of writing to the hiring manager myself, good idea?", "contact"),
    ("what do I even put in a thank you note?? never done one", "draft_thank_you"),
    ("let's do a dry run of the call with the recruiter", "rehearse"),
    ("ugh what if they say no", "feeling"),
])
def test_follow_ups_in_their_many_forms(text: str, intent: str) -> None:
    assert read_follow_up(text, START, LONDON) == intent


def test_check_this_mid_question_proofreads_and_asks_again(chat: Chat) -> None:
    chat.say("I had an interview this morning")
    chat.say("check this: Dear Sarah, thank you for you're time, its a great team. Best, Ann")
    assert "Grammar" in chat.text and "you're time" in chat.text
    assert "Back to my question:" in chat.text
    assert "Which company" in chat.text


def test_a_contact_question_mid_question_is_answered_and_the_question_asked_again(
        chat: Chat) -> None:
    chat.say("I had an interview this morning")
    chat.say("should I email them?")
    assert "Back to my question:" in chat.text and "Which company" in chat.text


def test_a_chat_with_the_hiring_lead_on_a_weekday_is_a_report_not_one_to_come(
        chat: Chat) -> None:
    # "had" says it happened; the bare weekday must not turn it into an interview still to
    # come (a new user's message from the last product try).
    chat.say("hey so I had a chat with the hiring lead at Brightwave about a data role on "
             "thursday")
    assert "Good luck" not in chat.text and "Log it now" not in chat.labels
    assert "Brightwave" in chat.text and "Cancel" in chat.labels  # the intake asks on


@pytest.mark.parametrize("text", [
    "how am i doing overall?",
    "how are my applications going?",
    "how's my job search looking",
    "what's going on with my apps",
    "give me a quick rundown",
    "what happens next?",
    "ok now what",
])
def test_where_things_stand_asked_in_other_words_shows_the_plan(chat: Chat, text: str) -> None:
    log_interview(chat, saved=True)
    chat.say(text)
    assert "Your plan" in chat.text


@pytest.mark.parametrize(("text", "role"), [
    ("met with Lumen this morning regarding the Product Owner vacancy", "Product Owner"),
    ("interview at Acme today about their junior designer job", "junior designer"),
    ("I talked about the job a lot at Acme today", None),
])
def test_a_role_named_after_about_or_regarding(text: str, role: str | None) -> None:
    assert read_first_message(text, START, LONDON).role == role


@pytest.mark.parametrize("text", ["how am i doing overall?", "any word from harbourline?"])
def test_status_or_news_while_the_first_interview_is_being_logged(chat: Chat, text: str) -> None:
    # Nothing is saved yet: no "you have no interviews logged", no "no news is normal".
    chat.say("hiya, just out of my interview with Harbourline Ferries for deckhand, skipper Tom "
             "Price ran it and said hed ring me friday")
    assert "Harbourline Ferries" in chat.text and "Tom Price" in chat.text
    chat.say(text)
    assert "isn't saved yet" in chat.text and "no interviews logged" not in chat.text
    assert "Back to my question:" in chat.text
    if "What role" in chat.text:  # (the role may have been read from the first message)
        chat.say("deckhand")
    if "set time" in chat.text:
        chat.press("No")
    assert "Who tells you: the interviewer" in chat.text  # "said hed ring me" was read


def test_a_contact_question_with_a_day_while_the_first_interview_is_logged(chat: Chat) -> None:
    chat.say("Interview done at Quillon Analytics - BI developer - Greg from talent acquisition "
             "said he'd email me")
    chat.say("is it ok to ring them tomorrow?")  # a question, not "tomorrow" as the answer
    assert "save this interview first" in chat.text and "no open interviews" not in chat.text
    assert "Back to my question:" in chat.text
    chat.say("ugh nothing yet and its been forever")  # news without a question mark
    assert "isn't saved yet" in chat.text


def test_asking_for_an_update_email_is_a_contact_with_a_draft_when_it_is_time(
        chat: Chat, clock: FakeClock) -> None:
    log_interview(chat, saved=True)
    chat.say("can u help me write an email asking for an update")
    assert "no interview waiting for a thank-you" not in chat.text
    assert "Not yet" in chat.text  # before the decision date: the seed's patience
    clock.advance(timedelta(days=14))  # past the date and the call day
    chat.say("can u help me write an email asking for an update")
    assert "right time to get in touch" in chat.text
    chat.press("Draft a follow-up email")
    for _ in range(4):  # the profile questions that sign the draft
        if "Following up on" in chat.text:
            break
        chat.press("Skip")
    assert "Following up on" in chat.text


def test_a_feeling_about_an_interview_not_logged_yet_offers_to_log_it(chat: Chat) -> None:
    chat.say("the interview went badly and I feel awful")
    assert "replaying what they could have said" in chat.text
    assert "Log an interview" in chat.labels
    chat.press("Log an interview")
    assert "Cancel" in chat.labels  # the intake opens


@pytest.mark.parametrize(("text", "intent"), [
    ("pretend you're the recruiter and I'll ask about the result", "rehearse"),
    ("can I practise the call with you first? I get nervous", "rehearse"),
    ("rang them twice but there was no reply", "outcome_no_answer"),
    ("they've given me the job!!", "outcome_offer"),
    ("no luck this time, not the right fit apparently", "outcome_rejected"),
    ("they'll keep my cv on file if something opens up", "outcome_standby"),
    ("she still hasn't made up her mind", "outcome_waiting"),
    ("any updates on my applications", "status"),
    ("overview please", "status"),
    ("done, emailed her", "thank_you_sent"),
    ("ty note sent ✅", "thank_you_sent"),
    ("how should I word a thank you to the store manager", "draft_thank_you"),
    ("is it ok if I ring them on Monday?", "contact"),
    ("please set a reminder for me to call Globex next Tuesday at 10", "remind"),
    ("hey there, how are you?", "greeting"),
    ("did they write back?? I keep refreshing my inbox", "news"),
    ("pretty sure I bombed the interview", "feeling"),
    ("it's a no 🥲 didn't even make it to the superday", "outcome_rejected"),
    ("they ghosted me", "news"),  # never "selected"
    ("another interview on Friday at 2pm", "upcoming"),
])
def test_follow_ups_in_more_of_their_forms(text: str, intent: str) -> None:
    assert read_follow_up(text, START, LONDON) == intent


@pytest.mark.parametrize(("text", "company", "agency"), [
    ("quick one: Carter Bright agency sent me to Pellow Engineering for a CAD technician "
     "interview today", "Pellow Engineering", "Carter Bright"),
    ("interview with Henley Forbes (recruitment agency) for a role at their client Marlowe "
     "Shipping", "Marlowe Shipping", "Henley Forbes"),
    ("Recruiter was from Morgan McKinley: Chloe Evans. 2nd interview at Barclays today",
     "Barclays", "Morgan McKinley"),
    ("Just got off a Teams call with Orbis Water's engineering lead", "Orbis Water", None),
    ("My interview with Kraków-based Softwerk was at 8 this morning", "Softwerk", None),
    ("did a 1 day work trial at Kopi Kopi cafe on tuesday", "Kopi Kopi", None),
    ("video interview with the Home Office for an EO caseworker job today", "Home Office", None),
])
def test_the_employer_and_the_agency_in_more_forms(text: str, company: str,
                                                   agency: str | None) -> None:
    got = read_first_message(text, START, LONDON)
    assert (got.company, got.agency) == (company, agency)
    assert all(p.name.lower() not in (company.lower(), (agency or "").lower())
               for p in got.people)  # an employer or an agency is never a person


@pytest.mark.parametrize("text", [
    "interview at Acme today, no idea when they'll get back",
    "interview at Acme today, not sure when I'll hear",
    "interview at Acme today, they said no promises on timing",
])
def test_no_date_given_in_more_words(text: str) -> None:
    assert read_first_message(text, START, LONDON).no_decision_date


@pytest.mark.parametrize(("text", "when"), [
    ("Just had my phone interview with Acme, 2:30 to 3", "2026-11-25 14:30"),
    ("- company: Tallis Robotics\n- when: today 13:00", "2026-11-25 13:00"),
    ("interview at Acme today at quarter to ten", "2026-11-25 09:45"),
    ("interview at Acme today at a quarter past 2", "2026-11-25 14:15"),
    ("it's been 4 days since my interview at Acme", "2026-11-21"),
])
def test_when_the_interview_was_in_more_forms(text: str, when: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.interviewed is not None
    local = got.interviewed.astimezone(LONDON)
    assert (f"{local:%Y-%m-%d %H:%M}" if got.interviewed_has_time
            else f"{local:%Y-%m-%d}") == when


def test_a_time_they_will_ring_is_not_when_the_interview_was() -> None:
    got = read_first_message("just had the interview at Acme, they'll ring at 5", START, LONDON)
    assert not got.interviewed_has_time


@pytest.mark.parametrize("text", [
    "checked my email 10 times today, still nothing",
    "check if they replied?",
    "checking in, any news from acme?",
    "review went ok I think",
    "correct me if im wrong but they said friday",
])
def test_words_like_check_that_ask_for_no_proofreading(text: str) -> None:
    assert read_follow_up(text, START, LONDON) != "check"


@pytest.mark.parametrize("text", [
    "check if this sounds ok: Dear Tom, thank you for your time",
    "correct me this letter: Dear Sir, I am writing about the interview",
])
def test_proofreading_asked_in_more_words(text: str) -> None:
    assert read_follow_up(text, START, LONDON) == "check"


@pytest.mark.parametrize(("text", "kind"), [
    ("phone screen w recruiter at Linear at 5:30 today", "upcoming"),
    ("video call with Kite at 6pm today", "upcoming"),
    ("catch-up with the hiring lead at Fjord at 4.30 this afternoon", "upcoming"),
    ("phone screen at Linear at 2:30 today", "past"),  # before 15:00: it happened
    ("interview at Acme today, they will ring at 6", "past"),  # the promise's time
    ("had my interview at Acme at 5:30 today", "past"),
])
def test_a_time_later_today_is_an_interview_still_to_come(text: str, kind: str) -> None:
    assert read_first_message(text, START, LONDON).kind == kind


@pytest.mark.parametrize("text", ["show me my stats", "what's my response rate?",
                                  "how many interviews have I had so far"])
def test_the_search_in_figures_asked_in_words(chat: Chat, text: str) -> None:
    log_interview(chat, saved=True)
    chat.say(text)
    assert "Your search: 1 application" in chat.text and "Response rate" in chat.text


@pytest.mark.parametrize(("text", "decision"), [
    ("interview at Acme today, they will tell me by wensday", "2026-12-02"),
    ("interview at Acme today, they said by firday", "2026-11-27"),
    ("interview at Acme today, HR will ring me thrusday", "2026-11-26"),
])
def test_a_misspelt_weekday_is_still_the_day(text: str, decision: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.decision is not None and got.decision.isoformat() == decision


@pytest.mark.parametrize("signature", [
    "Best, Jane Doe, Talent Partner, Acme Ltd",
    "Kind regards,\nJane Doe\nTalent Partner\nAcme Ltd",
])
def test_a_pasted_recruiter_email_gives_its_employer_from_the_signature(signature: str) -> None:
    """A message shortcut on a recruiter's e-mail (Slack) or a paste: the sign-off is no
    company, the signature's last line is."""
    got = read_first_message("Hi Sam, thanks for your time today, it was great to speak with you "
                             "about the Data Analyst role. We'll be in touch by Friday with next "
                             f"steps. {signature}", START, LONDON)
    assert got.company == "Acme Ltd"
    assert got.role == "Data Analyst"
    assert [(p.name, p.part) for p in got.people] == [("Jane Doe", "recruiter")]


def test_a_time_after_a_promised_day_in_the_sentence_before_is_the_interviews() -> None:
    """"…hear by Friday. It was at 10.30": the day of the sentence before is not next to the
    time, so the time is when the interview was (today, "just came off")."""
    got = read_first_message("Just came off a Teams call with Globex, recruiter Marisol Vega said "
                             "I would hear by Friday. It was at 10.30", START, LONDON)
    assert got.interviewed is not None and got.interviewed_has_time
    assert got.interviewed.astimezone(LONDON).strftime("%a %d %H:%M") == "Wed 25 10:30"


@pytest.mark.parametrize("text", [
    "pemberton interview today and i got hired on the spot!!! 🥳",
    "Been to Pemberton Chambers for an interview. That's all I want to say right now.",
    "Interview with Hallam Books, bookseller, manager Petra. decision tomorrow",
    "Barista interview at Crema Lane, Monday 2:30. The owner Gio sat in and asked me to text "
    "him tomorrow with my availability.",
    "Thales assessment day at Crawley on Monday, apprentice. Results by email from the early "
    "careers team on 11th Dec.",
])
def test_an_interview_told_with_its_news_or_in_few_words_is_a_report(text: str) -> None:
    assert read_first_message(text, START, LONDON).kind == "past"


@pytest.mark.parametrize(("text", "kind"), [
    ("Interview for staff nurse at Larkfield General on Monday at 1:30. Panel will be the matron "
     "and the ward manager.", "upcoming"),
    ("I'm meeting Anders from Larkfield Talent on Thursday about a warehouse supervisor role",
     "upcoming"),
    ("they moved my interview at Larkfield to monday 10am, it's with the transport manager",
     "upcoming"),
    ("I was meant to interview at Larkfield on Thursday, then they moved it to Friday and it went "
     "fine", "past"),
])
def test_an_interview_to_come_said_with_will_be_meeting_or_moved(text: str, kind: str) -> None:
    assert read_first_message(text, START, LONDON).kind == kind


@pytest.mark.parametrize("text", [
    "Interview with Corvell on Friday at 10, I need tips",
    "interview at Kelso Farm Shop monday 9am for shop assistant, nervous af",
    "I applied to Ocado and have an interview on Monday for warehouse operative",
    "I panicked a bit when they invited me, interview at Acme on Friday",
    "Interview at Acme on Friday. My friend gave me feedback on two of my practice answers",
])
def test_an_interview_still_to_come_stays_so(text: str) -> None:
    assert read_first_message(text, START, LONDON).kind == "upcoming"


@pytest.mark.parametrize(("text", "company", "agency"), [
    ("Interview tomorrow afternoon with Carrow Hotels for housekeeping supervisor, through the "
     "Staff Direct agency.", "Carrow Hotels", "Staff Direct"),
    ("Talentwise got me an interview at Carrow Foods for a quality controller job, went "
     "yesterday at 2pm.", "Carrow Foods", "Talentwise"),
    ("Had a first interview yesterday for a store manager role at Carrow Outdoor through a "
     "headhunter, Redline Executive.", "Carrow Outdoor", "Redline Executive"),
    ("My mate Kieran got me an interview at his work, Carrow Scaffolding, for a labourer.",
     "Carrow Scaffolding", None),
])
def test_an_agency_in_more_forms(text: str, company: str, agency: str | None) -> None:
    got = read_first_message(text, START, LONDON)
    assert (got.company, got.agency) == (company, agency)


@pytest.mark.parametrize(("text", "employer"), [
    ("I've been at Norrland Freight for three years, but today I had an interview at Kestrel "
     "Foods for a planner job with Maria Lund.", "Kestrel Foods"),
    ("so my sister works at Bellmont Bank and told me about an opening at Thistle Dental, "
     "went in this morning and met the practice manager Gwen", "Thistle Dental"),
    ("Currently at Harrow Print as a designer. Interview went well at Copperleaf Studio "
     "yesterday, with Ana the creative director", "Copperleaf Studio"),
    ("My old manager from Quickmart gave me a reference for the supervisor job at Greenway "
     "Grocers and I had the interview today", "Greenway Grocers"),
])
def test_the_employer_is_where_the_interview_is_not_someone_s_own_job(
        text: str, employer: str) -> None:
    assert read_first_message(text, START, LONDON).company == employer


def test_a_bare_head_word_runs_on_to_the_whole_name() -> None:
    # "Department" alone names nothing: the tagger's cut at "for" is the name's middle
    for text, name in (("Interview done for the HEO Data Analyst job at the Department for "
                        "Northern Transport.", "Department for Northern Transport"),
                       ("Finished my interview for the Grade 7 Economist post at the Department "
                        "for Inland Fisheries", "Department for Inland Fisheries")):
        assert read_first_message(text, START, LONDON).company == name


@pytest.mark.parametrize(("text", "name"), [
    ("Hi! So Marcus from Redwood Staffing rang, interview at Pellow Foods tomorrow at 10",
     "Marcus"),
    ("Interview at Crane & Pike went fine. Met Oona, the studio manager, and a designer",
     "Oona"),
])
def test_a_sentence_s_first_word_is_not_part_of_the_name_after_it(text: str, name: str) -> None:
    assert [p.name for p in read_first_message(text, START, LONDON).people] == [name]


@pytest.mark.parametrize(("text", "people"), [
    ("Interview at Pellow Foods today with Dana Rees. My friend Hope who works there put in a "
     "word", [("Dana Rees", "interviewer"), ("Hope", "other")]),
    ("my cousin Thabo got me an interview at Karoo Motors tomorrow at 9 with Mrs Dlamini",
     [("Thabo", "other"), ("Mrs Dlamini", "interviewer")]),
])
def test_someone_named_by_how_the_user_knows_them_is_a_person_who_did_not_interview(
        text: str, people: list[tuple[str, str]]) -> None:
    got = read_first_message(text, START, LONDON)
    assert [(p.name, p.part) for p in got.people] == people and got.agency is None


def test_the_role_applied_for_not_the_user_s_current_job() -> None:
    got = read_first_message("Hi I'm currently at Norvik Marine as planner but applying out. "
                             "Tmr 3pm got interview with Kessel Offshore for Planning Engineer.",
                             START, LONDON)
    assert (got.company, got.role) == ("Kessel Offshore", "Planning Engineer")


@pytest.mark.parametrize(("text", "informer"), [
    ("Interview at Marsh Lane Housing today. They said all applicants will be notified by "
     "email next Friday.", "mailing"),
    ("Panel interview at Brookvale Water this morning. Results will be communicated through "
     "letters.", "mailing"),
    ("Interview at Pellow Foods today with Dana Rees. She promised me an answer by Monday.",
     "interviewer"),
    ("Met Omar at Fernleaf Studio today for the designer job, he said he'd shoot me a text "
     "tomorrow", "interviewer"),
    ("Interview at Karoo Bank on 23/11. HR said we shall be informed by next week.", "hr"),
    ("Interview at Whinmoor Trust today. They'll let everyone know by phone if successful and "
     "by email if not.", None),
])
def test_who_tells_in_more_forms(text: str, informer: str | None) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


def test_a_name_before_a_premises_word_is_a_place_of_the_firm_not_a_person() -> None:
    text = "So the interview. Ferrum, bid manager, London Bridge office. With Ana Reyes."
    spans = [Span("PERSON", "London Bridge", text.index("London"), text.index(" office")),
             Span("PERSON", "Ana Reyes", text.index("Ana"), text.index("Ana") + 9)]
    assert [p.name for p in read_people(text, spans)] == ["Ana Reyes"]
