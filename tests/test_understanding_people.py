"""Who the people named were, and who will tell the result, as a first message says it
(issue 13): a part said at a later mention, "as hiring manager", "who'd be my boss", an
"interviewer:" label; HR's promise given with "informed", after a title's dot, with no subject
or through a named recruiter. Sentences written for these tests, not taken from the corpus."""

from __future__ import annotations

import pytest

from bot.core.language.facts import read_first_message
from tests.conftest import LONDON, START, Chat


def parts(text: str) -> dict[str, str]:
    return {p.name: p.part for p in read_first_message(text, START, LONDON).people}


def test_a_part_said_at_a_later_mention_is_the_persons() -> None:
    got = parts("Interview at Penhallow Foods today with Gwen Trelawny and Idris Mabey for the "
                "planner job. Idris, the hiring manager, did most of the talking.")
    assert got["Idris Mabey"] == "hiring manager"


@pytest.mark.parametrize("text", [
    "Met Tomasz Wrona at Kestrel Print yesterday, he'd be my boss if I get it.",
    "Video call with Kestrel Print this morning: Ruth Amankwah and Tomasz Wrona, who'd be my "
    "line manager.",
    "Two interviewers at Kestrel Print, Ruth Amankwah and Tomasz Wrona. Tomasz, as hiring "
    "manager, will ring me on Friday.",
])
def test_the_hiring_manager_said_in_apposition(text: str) -> None:
    assert parts(text)["Tomasz Wrona"] == "hiring manager"


def test_an_interviewer_label_wins_over_a_manager_job() -> None:
    # The job is a manager's; the one named is the interviewer, not a hiring manager.
    got = parts("video interview for the area manager post at Brindle Homes yesterday. "
                "Interviewer was Odile Marchetti. She said HR will phone me by Tuesday.")
    assert got["Odile Marchetti"] == "interviewer"


@pytest.mark.parametrize("text", [
    # "informed", not "said"
    "I attended the interview at Corran Logistics today for stock controller. HR officer Ms. "
    "Fenella Quayle informed that the result will be communicated within 5 days.",
    # the sentence does not end at "Ms."
    "Yesterday interview with Corran Logistics, stock controller. HR Ms. Quayle said they will "
    "give me the answer on Thursday.",
    # no subject: the last person named said it
    "Interviewed with Corran Logistics on Monday. Contact: Fenella Quayle, HR. Said final "
    "decision by next Friday.",
    # through a recruiter named before the word
    "had the hiring manager chat at Corran Logistics, Bryn Kewley. said I'd hear by Friday "
    "from Ailsa the recruiter",
    "Corran Logistics interview done, stock controller. Outcome by 4 December, through HR.",
    "recruiter call with Corran Logistics, Ailsa Brodie, 20 mins. she said offers go out by "
    "mid-December.",
])
def test_hr_tells_the_result_however_it_is_put(text: str) -> None:
    assert read_first_message(text, START, LONDON).informer == "hr"


def test_no_one_is_made_to_tell_when_the_user_is_to_call() -> None:
    got = read_first_message("Interview at Corran Logistics today, HR Ms. Quayle asked me to "
                             "ring her on Thursday.", START, LONDON)
    assert got.informer is None


def test_the_summary_names_hr_as_the_one_to_tell(chat: Chat) -> None:
    chat.say("Interviewed with Corran Logistics this morning for stock controller. Fenella "
             "Quayle (HR) informed me the result comes by Friday.")
    assert "Corran Logistics" in chat.text
    assert "news by Fri 27 Nov from HR" in chat.text


@pytest.mark.parametrize("text", [
    "video interview with Pembridge & Lowe tomorrow at ten, trainee solicitor",
    "interview at Tokyo Marine Kiln today with the recruiter, Kaito Mori. underwriting assistant",
])
def test_a_firms_name_is_never_a_person(text: str) -> None:
    names = set(parts(text))
    assert not names & {"Pembridge", "Lowe", "Marine Kiln", "Tokyo Marine Kiln"}


@pytest.mark.parametrize(("text", "name"), [
    ("video call w/ the hiring manager at plumtree for the analyst job. her name is dana "
     "whitfield. she'll email friday", "Dana Whitfield"),
    ("phone screen w/ the recruiter at Hays, she's called bethany crowe", "Bethany Crowe"),
    ("intvw at Nut & Bolt Hardware for cashier. mgr was jake torres", "Jake Torres"),
])
def test_a_person_named_in_lowercase_after_a_cue(text: str, name: str) -> None:
    assert name in parts(text)


@pytest.mark.parametrize(("text", "informer"), [
    ("Interview at Corran Logistics today with Ms Quayle from HR. Decision by Friday, she said.",
     "hr"),
    ("Corran Logistics interview done. Results will be shared by HR by Monday.", "hr"),
    ("Agency put me up for Corran Logistics, my consultant Ailsa Brodie is meant to get feedback "
     "to me by Friday.", "hr"),
    ("interview at Corran Logistics this morning, they said a letter comes in the post within "
     "10 days", "mailing"),
    ("interview at Corran Logistics, an automated email goes out to all candidates on Friday",
     "mailing"),
    ("coffee chat with Bryn Kewley, the owner of Corran Coffee. he said he'd dm me on insta "
     "thursday", "interviewer"),
])
def test_who_tells_in_more_forms(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


@pytest.mark.parametrize(("text", "name", "part"), [
    ("assessment day at Corran Air, final interview with 2 recruiters, Fatima Sadiq and Omar "
     "Farouk", "Omar Farouk", "recruiter"),
    ("video call with Corran Pay: Tanvi Desai (it's her team) and Hugo Laurent from compliance",
     "Tanvi Desai", "hiring manager"),
])
def test_parts_shared_by_a_list_or_said_later(text: str, name: str, part: str) -> None:
    assert parts(text)[name] == part


@pytest.mark.parametrize(("text", "name", "part"), [
    ("Panel interview at Corran Council: Dr Rhys Evans, Gemma Holt and Kate Ford from HR.",
     "Kate Ford", "hr"),
    ("Interview with Corran Labs today: Dr Amara Osei is the PI and I'd be in her group; Tom "
     "Riley sat in too.", "Dr Amara Osei", "hiring manager"),
    ("met Helen Marsh and Owen Price at Corran Foods. Helen is leading the team I would join.",
     "Helen Marsh", "hiring manager"),
])
def test_a_part_stated_outright_stands(text: str, name: str, part: str) -> None:
    assert parts(text)[name] == part


@pytest.mark.parametrize(("text", "informer"), [
    ("notes:\n* Corran plc, analyst\n* Hannah Morris from HR\n* Hannah: decision by 1 Dec",
     "hr"),
    ("Panel at Corran Aid: Achieng Odhiambo and Lucy Kimani from HR. Lucy will share the "
     "outcome by 30th November.", "hr"),
    ("Interview at Corran Post depot on Monday. They said I get letter in post.", "mailing"),
    ("Corran Foods interview this morning, the manager Rupert said everyone hears through the "
     "careers site by Monday.", "mailing"),
])
def test_who_tells_in_notes_and_plain_words(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


@pytest.mark.parametrize(("text", "name"), [
    ("Video interview this morning with Corran Europe. Interviewer was Tanaka-san from the "
     "engineering team.", "Tanaka"),
    ("Interview at Corran Mart today, the owner Rahim bhai say he will let me know", "Rahim"),
    ("Interview at Corran College for Research Associate in Prof Mehdi Karimi's lab on Monday",
     "Prof Mehdi Karimi"),
])
def test_a_name_without_honorifics_after_it(text: str, name: str) -> None:
    assert name in parts(text)


def test_an_employer_with_a_country_or_a_domain_is_no_person() -> None:
    got = parts("Next Wednesday I have interview with Corran Health NHS Trust, and one with "
                "Corran Eats.com after")
    assert not any("NHS" in n or ".com" in n for n in got)


@pytest.mark.parametrize(("text", "informer"), [
    ("Corran Steel interview today. Thabo Nkosi from HR and the buyer, Lerato. Thabo says they "
     "will revert by the 7th.", "hr"),
    ("Interview at Corran Bank on Thursday with Mrs Janet Holroyd. She said a decision in about "
     "a week and she'd telephone me.", "interviewer"),
    ("Walk-in interview at Corran Tech today. Result will be shared on registered mail id within "
     "24 hours.", "mailing"),
])
def test_who_tells_when_they_speak_for_the_team(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


@pytest.mark.parametrize(("text", "name", "part"), [
    ("Interview in Corran Medical yesterday. Interviewer was Klaus Berger, he is leader of the "
     "service team where I will work.", "Klaus Berger", "hiring manager"),
    ("Corran Studios today: Lisa Grant (line producer) and Omar (runner who showed me round, "
     "didn't interview).", "Omar", "other"),
])
def test_the_boss_to_be_and_someone_who_did_not_interview(text: str, name: str,
                                                          part: str) -> None:
    assert parts(text)[name] == part


@pytest.mark.parametrize(("text", "names"), [
    ("panel was Priya Shah & Tom Brown from Corran", {"Priya Shah", "Tom Brown"}),
    ("interviewed by Dana Lowe & Marcus Hill from Verrow today", {"Dana Lowe", "Marcus Hill"}),
    ("Interview at Morgan Stanley today, Morgan the hiring manager was lovely", {"Morgan"}),
])
def test_people_beside_an_ampersand_or_named_like_the_firm(text: str, names: set[str]) -> None:
    assert set(parts(text)) == names


def test_the_summary_never_names_the_wrong_person_as_the_one_to_tell(chat: Chat) -> None:
    chat.say("video call w/ the people team at Corran Homes earlier for the site admin job, lady "
             "called Dee, she reckons the site manager Gav will ring me monday")
    assert "from the interviewer" in chat.text and "from Dee" not in chat.text


@pytest.mark.parametrize(("text", "name"), [
    ("Trial shift at Copper Kettle for commis chef, head chef Nikos watched the whole time",
     "Nikos"),
    ("Interview at Hearth Bakery at 6am. Maggie, the owner, said she'll text me Friday.", "Maggie"),
    ("Did a shift behind the bar at the Old Bell. Terry the landlord wants me back Sunday.",
     "Terry"),
])
def test_a_first_name_beside_its_part_is_a_person(text: str, name: str) -> None:
    assert name in parts(text)


def test_a_pidgin_word_before_a_part_is_no_name() -> None:
    got = parts("I don finish the interview for Obi Farms. Na the owner himself interview me, "
                "Mr Chukwu.")
    assert "Na" not in got


@pytest.mark.parametrize(("text", "informer"), [
    # a letter, an app, a careers site or an applicant system, with no sender named
    ("Interview at Corran Foods this morning with the shift manager. We all get a letter "
     "within the week.", "mailing"),
    ("panel at Corran Council yesterday, a letter will follow within 10 working days", "mailing"),
    ("Corran Retail interview done, result in the app by Monday", "mailing"),
    ("Corran Health interview on Teams, outcome via Trac by Friday", "mailing"),
    ("video interview for Corran Bank, results are emailed automatically in two weeks",
     "mailing"),
    # HR by another name
    ("Corran Telecom interview Tuesday with the team manager, I'll hear from the resourcing "
     "team by Friday", "hr"),
    # the interviewer, with the apostrophe left out
    ("interview at corran shoes done, manager was called Jess. said shed hit me up", "interviewer"),
    ("interview at corran pharmacy today, the owner is mr patel. hes deciding by monday & will "
     "text me", "interviewer"),
    # HR's words reported another way; the one said to tell, not the one who said it
    ("Corran Marine interview Monday. The HR partner Leonie Watts emailed me saying a decision "
     "will be made within 10 working days.", "hr"),
    ("Corran Freight interview done, spoke with Kat (TA) then the ops manager. Kat's sending the "
     "result by email by Friday.", "hr"),
    ("Corran Optics interview, store manager Ruth. It'll be an email from Corran recruitment.",
     "hr"),
    ("phone interview with Claire from the HR team at Corran Mills today. Claire said the hiring "
     "manager would get back to me directly by Tuesday.", "interviewer"),
    ("Corran Academy interview with the network manager and the HR officer, Bev Sutton. Bev "
     "said they'll be in touch by Tuesday.", "hr"),
    ("had my interview at Corran library, a panel of 2. they said we'd hear by letter",
     "mailing"),
    ("Corran Council interview, panel of 3. Letter to follow within 2 weeks apparently.",
     "mailing"),
    ("Interview done at Corran this morning. The lady who interviewed me (Kemi) said the "
     "recruitment system will email the result within 3 days.", "mailing"),
    ("final interview at Corran Medical yesterday, the head of the lab said to wait for HR's call "
     "on or before Dec 5", "hr"),
])
def test_who_tells_as_a_fresh_set_put_it(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


def test_where_the_boss_is_said_the_others_are_not_hiring_managers() -> None:
    got = parts("Interview at Corran Studio today. Creative Director Hugo Lane (my future boss) "
                "and Art Director Noemi Ross, then the head of ops Dee Marsh.")
    assert got["Hugo Lane"] == "hiring manager"
    assert [p for n, p in got.items() if n != "Hugo Lane"].count("hiring manager") == 0


def test_a_job_title_is_never_a_persons_name() -> None:
    got = parts("Interview at Corran Studio today with Creative Director Hugo Lane and Art "
                "Director Noemi Ross.")
    assert "Art Director" not in got and "Noemi Ross" in got


@pytest.mark.parametrize("text", [
    "Interview with Nova Credit Union, was on Monday. Don't remember the name of the lady.",
    "Got an interview on Tuesday with Coral Reef Aquarium for aquarist, the curator will see me.",
    "Second interview with Dawson Civil booked for Friday at 10 with the owners.",
])
def test_an_employer_ending_in_an_organisations_word_is_no_person(text: str) -> None:
    got = read_first_message(text, START, LONDON)
    assert got.people == [] and got.company is not None


def test_a_verb_after_a_first_name_is_not_its_surname() -> None:
    assert list(parts("video interview with Larch & Finch, the creative lead Ayo ran it and "
                      "said HR would email by friday")) == ["Ayo"]


def test_the_users_own_name_is_no_one_they_met() -> None:
    text = ("Hello, my name is Oleksandr. Yesterday I had interview with Draxel Ltd, the "
            "manager Ines Costa")
    assert set(parts(text)) == {"Ines Costa"}


def test_my_interviewer_named_after_my_is_found() -> None:
    assert "Sarah" in parts("interview at lidl yesterday for cashier, my interviewer was sarah "
                            "and she said she would ring me friday")


def test_an_everyday_word_before_the_manager_is_no_one() -> None:
    assert parts("they asked about my visa, the manager seemed worried. interview was at Pret "
                 "yesterday") == {}


@pytest.mark.parametrize(("text", "name", "part"), [
    # A manager over several sites is the boss of a site's manager only.
    ("Interview at Wrenfield Bakery today for counter assistant, the area manager Lottie Kerr "
     "ran it", "Lottie Kerr", "interviewer"),
    ("Interview at Wrenfield Bakery today for shop manager, the area manager Lottie Kerr ran it",
     "Lottie Kerr", "hiring manager"),
    ("Interviewed by the regional director, Mr Osman Farah, for a sales assistant job at "
     "Wrenfield Bakery", "Mr Osman Farah", "interviewer"),
    # The one a junior job answers to, or the head of a school or ward.
    ("cleaning job interview at Wrenfield Leisure, the supervisor Marta Sokol said she'll ring "
     "me tomorrow", "Marta Sokol", "hiring manager"),
    ("TA interview at Wrenfield Primary on Monday. The head, Gareth Lloyd, said he'd call "
     "Thursday", "Gareth Lloyd", "hiring manager"),
    ("healthcare assistant interview at Wrenfield Hospice, ward sister Abena Owusu asked most "
     "of the questions", "Abena Owusu", "hiring manager"),
    # The boss said after the name, of that person.
    ("Interview at Wrenfield Print today. Controller Lars Eide interviewed me; I'd report to "
     "him.", "Lars Eide", "hiring manager"),
    ("Met Noor Haddad and Piet Smit at Wrenfield Print. Noor is the one who'd manage me.",
     "Noor Haddad", "hiring manager"),
    # Someone who only showed the user round, a PA, the people team.
    ("Interview at Wrenfield Kitchens with the owner Dara Quinn, and Priya Shah showed me "
     "round the workshop after", "Priya Shah", "other"),
    ("phone screen with Wrenfield Media: Maddie Shaw from people and Jon Eze", "Maddie Shaw",
     "hr"),
])
def test_a_part_by_the_guides_rules(text: str, name: str, part: str) -> None:
    assert parts(text)[name] == part


def test_an_aside_between_two_names_is_the_first_ones() -> None:
    got = parts("Panel interview at Wrenfield Council for planning officer. On the panel were "
                "Ruth Ames, the planning lead, Dr Colin Hart, and Jess Pike from HR.")
    assert got == {"Ruth Ames": "hiring manager", "Dr Colin Hart": "panel", "Jess Pike": "hr"}


def test_the_jobs_own_title_is_no_part_of_the_one_person_named() -> None:
    got = parts("Interview with Kemi Bello at Wrenfield Dental yesterday for the office manager "
                "role")
    assert got == {"Kemi Bello": "interviewer"}


@pytest.mark.parametrize(("text", "informer"), [
    ("int at luxe lashes went gd 💅 owner tina said shell txt me thurs x", "interviewer"),
    ("Trial shift at the Tolbooth Inn. Head chef Rab Kerr was sound. Their HR lady, Ros, is "
     "ringing me Thursday.", "hr"),
])
def test_who_tells_in_text_speak_and_the_present(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


@pytest.mark.parametrize(("text", "name"), [
    ("did the interview at Tarn Sports saturday, 10 mins with a girl called shannon who works "
     "there", "Shannon"),
    ("trial shift tmrw night at club Tarn for glass collector. manager is Baz.", "Baz"),
])
def test_a_name_said_after_a_word_for_someone(text: str, name: str) -> None:
    assert name in parts(text)


@pytest.mark.parametrize(("text", "informer"), [
    ("met with ollie the owner of tarn bikes today for a chat about a mechanic job, he said "
     "he'd drop me a text", "interviewer"),
    ("Interviewed with Tarn Locks this morning. The owner Gavin Roe said he'll decide by "
     "Friday and text me.", "interviewer"),
    ("Phone interview with Tarn Couriers' people partner Abigail Frost at 10. She's sending an "
     "email by Friday.", "hr"),
    ("Went for Porter at Tarn General on Monday with the supervisor Andy Nkemelu and Gail from "
     "the recruitment team. Gail's emailing outcomes by Thursday.", "hr"),
    ("NHS interview at Tarn Infirmary yesterday. Panel: Kate Morrow and Jude from HR. Decision "
     "by end of month, by email from Jude.", "hr"),
    ("Panel interview with the County of Tarn on Monday. They mail out results in 2-3 weeks.",
     "mailing"),
])
def test_who_tells_in_still_more_forms(text: str, informer: str) -> None:
    assert read_first_message(text, START, LONDON).informer == informer


@pytest.mark.parametrize(("text", "names"), [
    ("interview at Pearl & Thistle jewellers, manageress Gwen said she'd ring", ["Gwen"]),
    ("final round at Parcel.io for the Senior Backend Engineer job: Aiden Cho, Bryony Walsh, "
     "Eng Marcus Oyelaran and the recruiter Lou",
     ["Aiden Cho", "Bryony Walsh", "Marcus Oyelaran", "Lou"]),
    # (a name that is also a job word stays whole)
    ("Interview at Corbel Stone with Mason Reid yesterday for a labourer", ["Mason Reid"]),
])
def test_a_job_title_run_into_a_name_is_left_out_of_it(text: str, names: list[str]) -> None:
    assert list(parts(text)) == names


@pytest.mark.parametrize(("text", "want"), [
    # the head of the school or team hired for is the boss (GUIDE, "People's parts", rule 1)
    ("Interview at St Aidan's Primary for the school cook this morning, the principal Orla "
     "Byrne and the bursar", {"Orla Byrne": "hiring manager"}),
    ("interview done at Hopwood Brewing taproom, the taproom lead Sienna and one of the brewers",
     {"Sienna": "hiring manager"}),
    ("Interview at Ardent Games for junior 3D artist, lead artist Hiro Tanaka and producer Jess",
     {"Hiro Tanaka": "hiring manager", "Jess": "interviewer"}),
    ("Interview at Tarn Civil for site engineer, taken by site in-charge Rakesh Patel (I will "
     "work under him)", {"Rakesh Patel": "hiring manager"}),
    # a deputy or an assistant is not
    ("Interview at the Bluebell care home, the interviewer was the deputy manager Rutendo Moyo",
     {"Rutendo Moyo": "interviewer"}),
    ("had my interview at Jumpin Jacks soft play, the manager Tara and her assistant manager "
     "Kyle", {"Tara": "hiring manager", "Kyle": "interviewer"}),
    # an interview board is a panel
    ("Interview at Calder Borough Council for planning officer. Board members: Rhodri Price, "
     "Anwen Lloyd", {"Rhodri Price": "panel", "Anwen Lloyd": "panel"}),
    ("Interview at the Ministry of Works, interview board chaired by Folake Adeyemi",
     {"Folake Adeyemi": "panel"}),
])
def test_heads_deputies_and_boards_get_their_parts(text: str, want: dict[str, str]) -> None:
    assert parts(text) == want
