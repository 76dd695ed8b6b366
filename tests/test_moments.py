"""The moments of a first message (issue 13, item 3): when the interview was, with the time
stated in the forms people write it; the day the employer promised news by; a time the user
was asked to get in touch; and the words that are not days at all. Written on Wednesday 25
November 2026, 15:00 in London (tests.conftest.START)."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from bot.core.language.facts import read_first_message
from bot.core.language.moments import answered_day
from tests.conftest import LONDON, START, Chat


def read(text: str):  # type: ignore[no-untyped-def]
    return read_first_message(text, START, LONDON)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(("text", "when"), [
    ("Interview at Bristol City Council for Customer Services Advisor, 10:15 today.",
     at(25, 10, 15)),
    ("had an interview at chipotle today for kitchen manager, 8am before the lunch rush",
     at(25, 8)),
    ("Oi! Had interview today 14h at Transvale Logística for Supply Chain Analyst.", at(25, 14)),
    ("Entretien this morning at 9h30 with Groupe Vernier for methods engineer.", at(25, 9, 30)),
    ("Assessment centre at Brakewell Rail yesterday 9:00–16:30, then a final interview.",
     at(24, 9)),
    ("Good morning, I went for interview at Thornbury Eye Hospital on 23.11 at 13:30.",
     at(23, 13, 30)),
    ("interview at the Royal Oak for bar attendant this arvo at 2, with Tony", at(25, 14)),
])
def test_the_interview_time_is_read_in_the_forms_people_write_it(text: str, when: datetime) -> None:
    got = read(text)
    assert got.interviewed == when
    assert got.interviewed_has_time


@pytest.mark.parametrize(("text", "day"), [
    ("Last Tuesday I had the interview with Mediplus Pharmacy for pharmacist", date(2026, 11, 17)),
    ("last Monday (the 16th) I interviewed with Keystone Civil Group", date(2026, 11, 16)),
    ("Interviewed w/ Cascadia Aero Structures Tues 11/24 for Manufacturing Engineer",
     date(2026, 11, 24)),
    ("Sir I attended intervew for Sr Manager QA in Zydus Lifesciences on 20/11.",
     date(2026, 11, 20)),
    ("Did the trial shift at the Cobblestone Inn last night for waitress", date(2026, 11, 24)),
    ("interview w/ nudo for shift lead yday, 2 ppl", date(2026, 11, 24)),
    ("I'm after finishing the interview with Claddagh Insurance for claims handler",
     date(2026, 11, 25)),
])
def test_the_interview_day_is_read(text: str, day: date) -> None:
    got = read(text)
    assert got.interviewed is not None and got.interviewed.date() == day


@pytest.mark.parametrize("text", [
    "2nd round w/ Kestrel Bank. 3 people. meh.",
    "Nailed it. Siltronix, test engineer, 2nd round.",
    "tech screen @ monday.com, the interviewer asked me about react hooks",
    "Technical interview for Lead Controls Engineer at Brückner went badly. The VP sat in.",
])
def test_words_that_are_not_days_give_no_interview_day(text: str) -> None:
    got = read(text)
    assert got.interviewed is None or got.interviewed.date() == date(2026, 11, 25)
    assert got.decision is None


@pytest.mark.parametrize(("text", "day"), [
    ("Interview at Tesco this morning. Feedback within 48 hours, apparently.", date(2026, 11, 27)),
    ("Teaching assistant interview at Greenfield Primary today. They'll ring tomorrow.",
     date(2026, 11, 26)),
    ("Interview at Kaya Design Studio yesterday. She said they will decide by Thursday next "
     "week and she will write me.", date(2026, 12, 3)),
    ("Met Petr at Ostrava Precision on Thursday the 19th. He'll feed back by next Friday.",
     date(2026, 11, 27)),
    ("Interview at Nordlicht Services on Friday 20.11. Joanna told that the answer will be until "
     "end of November.", date(2026, 11, 30)),
    ("Interview at Cascadia Tues 11/24. Said final decision by 12/4.", date(2026, 12, 4)),
    ("Interview with Sven yesterday. He said he'd decide over the weekend and get back to me "
     "Monday.", date(2026, 11, 30)),
    ("Interview at Severn Vale Police on Monday. They'd tell us if we passed within a fortnight.",
     date(2026, 12, 7)),
])
def test_the_promised_day_is_read(text: str, day: date) -> None:
    assert read(text).decision == day


def test_a_vague_promise_is_not_made_into_a_day() -> None:
    # "a few days" names no day a careful reader could give: the intake asks instead.
    assert read("interview at walmart. manager said they'd call me back in a few days"
                ).decision is None


def test_elapsed_time_is_not_a_promise() -> None:
    got = read("I had an interview on Thursday at Saltmarsh. He said he'd 'be in touch', no day, "
               "and now it's been nearly a week and nothing.")
    assert got.decision is None
    assert got.no_decision_date


@pytest.mark.parametrize("text", [
    "Pairing interview at Sprocketly yesterday. No word on timing.",
    "second round at Lantern Health done. they wouldn't give me any timeline, just 'soon' lol",
    "Interview at Liffey Labs today. HR would be in touch 'in due course' which means nothing",
    "Interview at Ferrand Dubois on Monday. Nobody has told me anything about when they'll decide.",
])
def test_no_date_given_is_read_from_a_whole_message(text: str) -> None:
    assert read(text).no_decision_date


def test_not_sure_how_it_went_is_not_no_date() -> None:
    assert not read("Mediclinic panel done this morning. Not sure how it went.").no_decision_date


@pytest.mark.parametrize(("text", "when", "kind", "has_time"), [
    # (written on Wednesday 25th: the Monday to come, as the corpus's readers took it; a contact
    # cannot be made on a day already gone)
    ("Interviewed at Wexford & Lyle on Thursday 19th. He told me to give him a ring on Monday "
     "afternoon.", at(30, 14), "call", False),  # the afternoon: 14:00, to confirm
    ("Interview at Copper Beech Inn today. Told to ring the head chef, Anton, Friday after 3 to "
     "find out.", at(27, 15), "call", True),
    ("Met deliveroo's hiring manager this morning. He said to drop him a message on LinkedIn on "
     "Monday if I haven't heard by then.", at(30, 0), "message", False),
    ("Interview done today with Mr. Lewandowski. He asked me to write him e-mail tomorrow with my "
     "salary expectation", at(26, 0), "email", False),
])
def test_an_agreed_contact_is_read(text: str, when: datetime, kind: str, has_time: bool) -> None:
    got = read(text)
    assert (got.agreed_at, got.agreed_kind, got.agreed_has_time) == (when, kind, has_time)


@pytest.mark.parametrize(("text", "informer"), [
    ("Met Andrea (port manager) and Eva Bakker (HR). Eva will call me Thursday or Friday.", "hr"),
    ("The interviewers were Diane Forsyth and Paolo Bianchi. Diane will call me on Friday with "
     "the result.", "interviewer"),
    ("Interview at Harbour Hotel. My recruiter Priya from Harbour Talent said she'd ring me "
     "Friday with their answer.", "hr"),
    ("Interview at Lantern Studio with Thaís Ribeiro and Bruno from the people team. Thaís said "
     "she will give me the answer herself until next Wednesday.", "interviewer"),
    ("Interview at Kaito Express today. Result will come automatically by email from their "
     "system in 5 days.", "mailing"),
    ("interviw at the counil for refuse driver went ok i think, the superviser said theyll post "
     "me a leter", "mailing"),
    ("Panel at Fortis - Zonal Director Operations - done today. HR to revert by Monday.", "hr"),
    ("Interview with Mirador Tech today: the recruiter Valeria Sosa, then Santiago Ibarra. "
     "Santiago told me on Friday I will have news from Valeria.", "hr"),
    ("interveiw went ok at jd sports, sales asistant. the manager Rui said hed let me no by "
     "thursday", "interviewer"),
])
def test_who_tells_the_result_is_read(text: str, informer: str) -> None:
    assert read(text).informer == informer


@pytest.mark.parametrize("text", [
    # The user's part, not a promise: an agreed contact.
    "Interview at Halcyon Dental with Adaeze Nwosu. She asked me to call her Thursday at 11.",
    # The company, no one in particular.
    "interview at rei today for the camp sales specialist job. hiring manager tom said they'd "
    "call by end of week",
    # Knowing is not telling.
    "Interview with Fenna Dekker at Brackenridge. She reckons she'll know in 2 weeks or so.",
])
def test_no_informer_when_no_one_is_named_for_it(text: str) -> None:
    assert read(text).informer is None


@pytest.mark.parametrize(("text", "names"), [
    ("Interview with the Executive Chef Mr. Romano and the HR lady, Ms. Kowalska, at Hotel "
     "Belvedere today.", ["Mr. Romano", "Ms. Kowalska"]),
    ("Interview at innocent drinks went SO well. chatted to Holly and Raj for an hour",
     ["Holly", "Raj"]),
    ("Hi, on Friday I had interview with Nordlicht Services. From HR was Pani Joanna "
     "Kaczmarek, and team leader Paweł Dąbrowski.", ["Joanna Kaczmarek", "Paweł Dąbrowski"]),
    ("Today I had the HR interview of Huawei, position is Software Test Engineer. HR is Vivian "
     "Zhang.", ["Vivian Zhang"]),
])
def test_people_are_saved_by_their_names_alone(text: str, names: list[str]) -> None:
    assert [p.name for p in read(text).people] == names


@pytest.mark.parametrize(("text", "company"), [
    ("bupa interview done, regional clinical director. meh.", "Bupa"),
    ("Barclays yesterday. Risk analyst. Waiting.", "Barclays"),
    ("interview w/ ocado yday. meh", "Ocado"),
    ("interviewed at the gap outlet for sales associate monday morning at 10", "Gap"),
    ("I just had an interview with Jane Doe for the backend role, they said by Friday", None),
    ("Bonjour, I passed the interview yesterday for the job of radiographer", None),
])
def test_the_employer_of_a_note_is_read(text: str, company: str | None) -> None:
    assert read(text).company == company


@pytest.mark.parametrize("text", [
    "fri at 2 " * 444,                 # 4,000 characters of days and times
    "on 1/2 at 3 " * 333,
    "." * 4000,
    ("Tue at 9 met the team, Thu at 10:30 met HR, by Friday 4/12 decision. " * 60)[:4000],
])
def test_a_long_paste_of_dates_and_times_is_read_quickly(text: str) -> None:
    # One turn holds up the core thread every user shares: it must stay well under a second
    # (it took minutes when each day phrase was paired with each time over the whole text).
    started = time.perf_counter()
    read(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(("answer", "day"), [
    ("Thursday next week", date(2026, 12, 3)),
    ("within a week", date(2026, 11, 30)),     # counted from Monday's interview
    ("end of November", date(2026, 11, 30)),
    ("tomorrow", date(2026, 11, 26)),
])
def test_an_answer_gives_the_day_the_same_words_give_in_a_first_message(
        answer: str, day: date) -> None:
    interviewed = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    parsed = answered_day(answer, START, LONDON, interviewed)
    assert parsed is not None and parsed.day == day


def test_the_intake_reads_thursday_next_week_as_the_decision(chat: Chat) -> None:
    chat.say("I just had an interview with Jane Doe at Acme for the backend role. HR will "
             "tell me")
    assert "hear back" in chat.text.lower() or "decide" in chat.text.lower()
    chat.say("Thursday next week")
    assert "couldn't read" not in chat.text
    chat.press("No")
    assert "Thu 3 Dec" in chat.text  # the summary's decision day


def test_a_range_of_hours_starts_at_its_first_hour() -> None:
    got = read("Final round at Monzo yesterday 2-5pm, three back to back.")
    assert got.interviewed == at(24, 14) and got.interviewed_has_time


def test_coming_back_for_paperwork_is_no_promise_of_news() -> None:
    assert read("trial shift at pret done, manager ayesha said come back monday 7am to sort "
                "paperwork").decision is None


def test_a_lowercase_recruiter_named_again_as_she_tells_the_result() -> None:
    got = read("phone screen w/ recruiter kate @ hays for a data analyst job at lloyds bank. "
               "she said shed call me back thurs")
    assert got.informer == "hr" and got.decision == date(2026, 11, 26)


@pytest.mark.parametrize("text", [
    "prep help? friday 9:30 screening with Stellwerk GmbH, IT Support Specialist",
    "interview at the co op monday 9am for night shift do i need to bring anything",
    "Lidl interview Thursday at 2, what should I wear",
])
def test_getting_ready_for_an_interview_is_an_upcoming_one(text: str) -> None:
    assert read(text).kind == "upcoming"


@pytest.mark.parametrize(("text", "company"), [
    ("Interview: Paloma Kitchenware, buyer assistant. Interviewers: Hana and Ravi.",
     "Paloma Kitchenware"),
    ("Met deliveroo's hiring manager this morning for the Partnerships Lead role.", "Deliveroo"),
    ("Just finished my Deloitte final round for Technology Consulting Analyst.", "Deloitte"),
    ("I went to Carrefour for interview as cashier today.", "Carrefour"),
    ("had the intervew with eskom for the snr manager position yesterday", "Eskom"),
])
def test_more_ways_a_note_names_its_employer(text: str, company: str) -> None:
    assert read(text).company == company


@pytest.mark.parametrize(("text", "role"), [
    ("Final interview completed: Siemens Energy, Head of Grid Technology, Erlangen.",
     "Head of Grid Technology"),
    ("Wednesday = interview day. Jumia, Logistics Supervisor. With Mr Segun Afolabi.",
     "Logistics Supervisor"),
])
def test_a_note_puts_the_role_right_after_the_employer(text: str, role: str) -> None:
    assert read(text).role == role


@pytest.mark.parametrize(("text", "informer"), [
    ("Interview at the Greenwood Hotel today, set up by my recruiter Priya. She's going to "
     "ring me Friday with their answer.", "hr"),
    ("Interview at KPMG today at 11. Chloe, the recruiter, will call on Friday.", "hr"),
    ("Interview at Baltica today with Tomasz, shift manager. He said he give me answer in the "
     "end of week.", "interviewer"),
    ("Interview at Pellam Foods today, packer. The recruiter was Jo. Jo said we'd hear by "
     "Friday.", "hr"),
    ("Final round at Corvel this morning with two partners. HR to advise within 48 hours.",
     "hr"),
    ("Panel interview at Hale Trust, chaired by Abdi Noor. Outcome by phone from Abdi on "
     "Friday.", "interviewer"),
])
def test_who_tells_in_more_ways(text: str, informer: str) -> None:
    assert read(text).informer == informer


@pytest.mark.parametrize("text", [
    "Had interview at Acme yesterday with Sarah, the manager. She asked me to email the answer "
    "to the maths question tonight",
    "Interview at Acme yesterday. HR asked me to send the feedback form back by Friday",
])
def test_the_users_own_task_names_no_one_to_tell(text: str) -> None:
    assert read(text).informer is None


def test_an_agreed_weekday_written_days_later_is_the_one_to_come() -> None:
    # Wednesday 25 Nov: the interview was last Friday, "give him a call Monday" is Monday 30th
    got = read("butchers apprentice interview at Harte & Sons on friday with the owner. he said "
               "give him a call monday and he'll let me know")
    assert got.agreed_at is not None and got.agreed_at.date() == date(2026, 11, 30)
    assert got.agreed_kind == "call"


def test_a_holiday_named_in_passing_is_not_the_interview_day() -> None:
    got = read("Interview with Sophie Kerr at Tallow Candles went well. She needs a sales "
               "assistant over Christmas.")
    assert got.interviewed is None or got.interviewed.year == 2026


def test_a_date_that_would_be_last_year_is_not_the_interview_day() -> None:
    got = read("The careers fair at Leeds Uni is on 2 December, I have an interview slot there")
    assert got.interviewed is None or got.interviewed.year == 2026


@pytest.mark.parametrize(("text", "day"), [
    # The present for what is arranged.
    ("Interview at Halden Joinery yesterday. Their office manager is emailing me Monday with a "
     "yes or no.", date(2026, 11, 30)),
    ("Trial shift at the Tolbooth Inn last night. The head chef's ringing me Thursday.",
     date(2026, 11, 26)),
    ("2nd stage w/ Halden Foods done. HR ringing me Mon.", date(2026, 11, 30)),
    # A numeric date whose custom reading is months off is the other order (no "11/24" in it).
    ("1st round at Halden Capital done, recruiter says decision by 12/4.", date(2026, 12, 4)),
    ("interview @ Halden Labs done, feedback via their careers portal by 12/2",
     date(2026, 12, 2)),
    # ... but not when both orders are near: "12/1" in London is 12 January.
    ("Interview at Halden Bank today, they will decide by 12/1", date(2027, 1, 12)),
])
def test_the_promised_day_in_more_forms(text: str, day: date) -> None:
    assert read(text).decision == day


@pytest.mark.parametrize(("text", "day"), [
    ("just had my first ever job interview!!! it was at Tarn Bakes for a saturday assistant",
     date(2026, 11, 25)),
    ("Interview for a Saturday job at Tarn Tearoom on Sunday, the owner did it",
     date(2026, 11, 22)),
    ("intervew went ok for the apprentice plumber at Tarn Heating. did it last week tuesday",
     date(2026, 11, 17)),
    ("Interview at Tarn Logistics on Thursday last week for a picker", date(2026, 11, 19)),
    ("trial shift at tarn grill last nite went ok i think", date(2026, 11, 24)),
])
def test_the_interview_day_in_more_forms(text: str, day: date) -> None:
    got = read(text).interviewed
    assert got is not None and got.date() == day


@pytest.mark.parametrize(("text", "when", "kind"), [
    # an imperative after "said", without "to"
    ("Trial shift at the Anchor today. Rowan the landlord said come back to him Friday about "
     "the rota.", at(27, 0), "call"),
    # "said I should", and the channel named after a verb that names none
    ("Interview at Okoro Foods yesterday. The plant manager said I should send him a WhatsApp "
     "message on Monday morning.", at(30, 9), "message"),
    ("Interview at Lindqvist Bank last week. Priya in HR told me to follow up by email on "
     "Thursday if I hear nothing, which is tomorrow.", at(26, 0), "email"),
])
def test_an_agreed_contact_in_other_words_is_no_promise_of_news(text: str, when: datetime,
                                                                 kind: str) -> None:
    got = read(text)
    assert (got.agreed_at, got.agreed_kind, got.decision) == (when, kind, None)
