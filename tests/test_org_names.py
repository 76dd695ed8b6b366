"""Employers' names as they should be saved (issue 13): lowercase words after the name and a
branch's place are not part of it. Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.language.facts import facts_of, read_first_message
from tests.conftest import LONDON, START


@pytest.mark.parametrize(("text", "company"), [
    ("met Priya from Harland Sachs graduate recruiting this morning for the analyst scheme",
     "Harland Sachs"),
    ("Attended interview in Corvane Bengaluru office on Monday for Senior Analyst", "Corvane"),
])
def test_words_after_an_employers_name_are_not_part_of_it(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "company"), [
    ("Second round at Channel 5 (Leeds HQ) yesterday for Commissioning Assistant", "Channel 5"),
    ("had my interview at Pemberly's London office yesterday for trade marketing", "Pemberly"),
    ("Today I had my interview with Skyway Air at Luton for Junior Revenue Analyst", "Skyway Air"),
    ("panel interview at the Marlowe Freight Leeds depot this morning, transport planner",
     "Marlowe Freight"),
    ("finished the interview at the Post Office on the high street, counter clerk", "Post Office"),
])
def test_an_employers_name_with_a_number_a_place_or_an_office(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "role"), [
    ("Interview this morning with Pemberton Library, Library Technician II. Went good.",
     "Library Technician II"),
    ("panel interview at Pemberton University for the post of Lecturer in Commercial Law",
     "Lecturer in Commercial Law"),
    ("interview at Pemberton today for Analyst in London, went fine", "Analyst"),
    ("got the 'we'll call you' line from the manager at Pemberton Coffee. barista again.",
     "barista"),
])
def test_a_job_title_with_its_grade_or_subject(text: str, role: str) -> None:
    assert read_first_message(text, START, LONDON).role == role


@pytest.mark.parametrize("name", ["Bank of america", "Marks and spencer", "Glaxo smithkline",
                                  "Johnson & johnson", "Banco do brasil"])
def test_a_name_typed_partly_in_lowercase_is_kept_whole(name: str) -> None:
    from bot.core.language.org_names import org_only
    assert org_only(name) == name


@pytest.mark.parametrize(("text", "company"), [
    # a branch's town after the employer is not part of the name...
    ("Interview at Pemberly Coventry this morning for warehouse operative", "Pemberly"),
    ("did my trial shift at Harlow's Sheffield yesterday, the manager was lovely", "Harlow's"),
    ("had my interview at Pemberly's Glasgow office on Monday for payroll clerk", "Pemberly"),
    # ...but a town that is part of the name stays, and so does an everyday word
    ("panel interview at Imperial College London on Monday for research associate",
     "Imperial College London"),
    ("Interview at Hotel Marigold Manchester today for night porter", "Hotel Marigold Manchester"),
    ("phone screen with Navy Harbour Credit Union yesterday for member services",
     "Navy Harbour Credit Union"),
])
def test_a_branch_town_after_an_employer(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "company", "role"), [
    # an employer and a title run together at the start of a report
    ("Zentiva claims handler video interview yesterday at 11, went ok", "Zentiva",
     "claims handler"),
    ("HMLR Executive Officer interview on Teams yesterday at 2pm", "HMLR", "Executive Officer"),
    # a title opening the message, the employer after it
    ("Midwife (band 5) interview at the Whittington on Friday, panel of three", None, "Midwife"),
    ("barber trial at Fade Street yesterday, owner Jamal watched", "Fade Street", "barber"),
    # "final interview" opens nothing: no title
    ("Final interview at Pemberly today with the MD", "Pemberly", None),
])
def test_a_title_at_the_start_of_a_report(text: str, company: str | None,
                                         role: str | None) -> None:
    got = read_first_message(text, START, LONDON)
    assert (got.role, got.company if company else company) == (role, company)


@pytest.mark.parametrize(("text", "company"), [
    # a town before the premises is where, not who
    ("Zentiva driver interview at the Hinckley depot yesterday at 2pm with the depot manager",
     "Zentiva"),
    ("had my interview at the Hinckley depot yesterday, the depot manager said ring monday",
     None),
    # a word of the process is no employer
    ("Telephone interview 2pm yesterday, veterinary nurse. Spoke to the head nurse.", None),
])
def test_a_place_or_a_process_word_is_no_employer(text: str, company: str | None) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "company"), [
    ("Finished interview with Quorvale this morning, the data role", "Quorvale"),
    ("Completed interview at Brenholt Outdoor today for stock assistant", "Brenholt Outdoor"),
])
def test_a_verb_opening_the_message_is_no_employer(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize("text", [
    "I withdrew from Tervola",
    "interview with Tervola yesterday, they'll email by Friday",
])
def test_with_no_sign_of_an_agency_the_one_firm_named_is_the_employer(text: str) -> None:
    got = facts_of(text, START, LONDON)
    assert (got.company, got.agency) == ("Tervola", None)


def test_an_employer_is_never_its_own_agency() -> None:
    got = read_first_message("I withdrew from Initech after the second interview yesterday",
                             START, LONDON)
    assert got.agency is None


@pytest.mark.parametrize(("text", "company", "person"), [
    ("interview at the Larchmont on Park Lane today with a woman called Bette", "Larchmont",
     "Bette"),
    ("had an interview yesterday with Otto the store manager, stock assistant", None, "Otto"),
])
def test_a_street_or_a_person_after_with_is_no_employer(text: str, company: str | None,
                                                        person: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.company == company
    assert person in [p.name for p in got.people]


@pytest.mark.parametrize(("text", "company"), [
    ("nailed it 😎 wagamamas interview", "Wagamamas"),
    ("just had my lidls interview, warehouse", "Lidls"),
])
def test_a_lowercase_name_no_dictionary_holds_before_interview(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


def test_a_video_platform_is_no_employer() -> None:
    assert read_first_message("my hirevue interview is done, no humans lol", START,
                              LONDON).company is None


@pytest.mark.parametrize(("text", "company"), [
    ("Interviewed with the County of Ashby Marsh on Monday for Benefits Assessor",
     "County of Ashby Marsh"),
    ("Interview at the Department for Rural Transport today for policy adviser",
     "Department for Rural Transport"),
])
def test_a_name_built_with_of_or_for_keeps_its_head(text: str, company: str) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "role"), [
    ("Met with Dr. Ama Serwaa, Head of Research at Tollgate Advisory, on Teams yesterday for "
     "the Junior Economist opening", "Junior Economist"),
    ("Met with Jon Ibsen (Partnerships Lead) at Fernway on Monday for a Customer Success "
     "Manager role", "Customer Success Manager"),
    ("Final round for the Sr. PM role at Tollgate on Monday", "Sr. PM"),
    ("Second round with Fernway for Sr. Platform Engineer at 4pm yesterday",
     "Sr. Platform Engineer"),
])
def test_the_job_applied_for_not_an_interviewers_title(text: str, role: str) -> None:
    assert read_first_message(text, START, LONDON).role == role


@pytest.mark.parametrize(("text", "company"), [
    ("omg just did my interview at quill & co 😅 the manager seemed nice", "Quill & Co"),
    ("had my interview at cog & sprocket (bike shop) last thursday", "Cog & Sprocket"),
    ("right so. interview at steamhouse coffee monday. barista.", "Steamhouse Coffee"),
    ("interview at the tesco store today for nights", "Tesco"),
    # (a name written with a capital is kept as written)
    ("Interview at easyJet this morning for cabin crew", "easyJet"),
])
def test_a_lowercase_name_keeps_its_last_word_and_gets_capitals(text: str, company: str
                                                                 ) -> None:
    assert read_first_message(text, START, LONDON).company == company


@pytest.mark.parametrize(("text", "role"), [
    ("Had my interview for a permanent motion designer job at Tallis Studio today",
     "motion designer"),
    ("My first proper interview, for a paid Collections Intern post at the Tallis Museum",
     "Collections Intern"),
])
def test_the_terms_of_the_contract_are_no_part_of_the_title(text: str, role: str) -> None:
    assert read_first_message(text, START, LONDON).role == role


@pytest.mark.parametrize(("text", "role"), [
    # trades and service jobs the entity model's word list lacks, in a note's places
    ("interview at Coldharbour Leisure Centre this morning for lifeguard, duty manager was nice",
     "lifeguard"),
    ("Went for a trial at Brindle Farm Shop on Saturday (fishmonger). Owner Gail watched",
     "fishmonger"),
    ("Interview at Ashgrove Golf Club today (greenkeeper). Course manager Ian Bell",
     "greenkeeper"),
    ("interview done at Kelso Car Care - valeter. the boss said he'd ring friday", "valeter"),
    ("Interview at Redbank Motors Bodyshop – panel beater. Went fine", "panel beater"),
    ("had an interview at the Copper Kettle yesterday, front of house. manager is Dom",
     "front of house"),
    ("interview at Polished by Priya today for nail tech, she watched me do a set", "nail tech"),
    ("Interview at Kessel Locks on Monday, the job is locksmith, with the owner Ray",
     "locksmith"),
    ("Interview at Oakmoor Estate yesterday for groundsperson. Head gardener Tom Reid",
     "groundsperson"),
])
def test_a_trade_named_after_the_employer_or_after_for_is_the_role(text: str, role: str
                                                                    ) -> None:
    assert read_first_message(text, START, LONDON).role == role


@pytest.mark.parametrize("text", [
    "tech interview at Gridline today, live coding with two engineers",
    "Sir I am having my HR round with Wipro on 1st December at 10 AM. Kindly guide.",
    "interview at Fenbury Mill today, I waited for the manager for 20 min",
])
def test_words_that_only_sound_like_a_job_are_no_role(text: str) -> None:
    assert read_first_message(text, START, LONDON).role is None
