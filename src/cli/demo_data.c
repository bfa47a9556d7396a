/* The demo district's data: Riverside USD's schools and departments, staff
 * names, job titles, groups and the words of its posts. Only constant tables
 * live here; how they are combined (and every PRNG draw) belongs to the demo
 * generator. See demo_data.h for what each table means and how to expand
 * its placeholders. */
#include "cli/demo_data.h"

#define DEMO_COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct demo_org demo_orgs[] = {
    {"Riverside USD District Office", "district", ""},
    {"Jefferson Elementary", "school", "elementary"},
    {"César Chávez Elementary", "school", "elementary"},
    {"Maple Grove Elementary", "school", "elementary"},
    {"Sycamore Elementary", "school", "elementary"},
    {"Harriet Tubman Elementary", "school", "elementary"},
    {"Oak Hollow Elementary", "school", "elementary"},
    {"Sunnyslope Elementary", "school", "elementary"},
    {"Mission Hills Elementary", "school", "elementary"},
    {"Lincoln Middle School", "school", "middle"},
    {"Mesa Vista Middle School", "school", "middle"},
    {"Ellen Ochoa Middle School", "school", "middle"},
    {"Riverside High School", "school", "high"},
    {"Eastlake High School", "school", "high"},
    {"Northgate High School", "school", "high"},
    {"Transportation", "department", ""},
    {"Food & Nutrition Services", "department", ""},
    {"Technology Services", "department", ""},
    {"Human Resources", "department", ""},
    {"Special Education Services", "department", ""},
    {"Curriculum & Instruction", "department", ""},
    {"Communications", "department", ""},
};
const size_t demo_orgs_count = DEMO_COUNT(demo_orgs);

const struct demo_dept demo_depts[] = {
    {"district", "Riverside USD District Office"},
    {"transportation", "Transportation"},
    {"food", "Food & Nutrition Services"},
    {"technology", "Technology Services"},
    {"hr", "Human Resources"},
    {"sped", "Special Education Services"},
    {"curriculum", "Curriculum & Instruction"},
    {"communications", "Communications"},
};
const size_t demo_depts_count = DEMO_COUNT(demo_depts);

const char *const demo_first_names[] = {
    "James",     "Maria",       "David",     "Jennifer",  "Michael",   "Linda",     "Robert",
    "Patricia",  "Christopher", "Elizabeth", "Daniel",    "Jessica",   "Matthew",   "Sarah",
    "Anthony",   "Karen",       "Andrew",    "Nancy",     "Joshua",    "Lisa",      "Kevin",
    "Michelle",  "Brian",       "Stephanie", "Jason",     "Rebecca",   "Eric",      "Laura",
    "Steven",    "Amanda",      "Timothy",   "Melissa",   "Jeffrey",   "Kimberly",  "Ryan",
    "Angela",    "Jonathan",    "Heather",   "Gregory",   "Nicole",    "Brandon",   "Rachel",
    "Justin",    "Christina",   "Adam",      "Erin",      "Nathan",    "Megan",     "Aaron",
    "Kristen",   "Marcus",      "Tamika",    "Darnell",   "Latoya",    "Andre",     "Keisha",
    "Terrence",  "Monique",     "DeShawn",   "Ebony",     "Jamal",     "Aaliyah",   "José",
    "Guadalupe", "Luis",        "Alejandra", "Carlos",    "Verónica",  "Jorge",     "Marisol",
    "Raúl",      "Yesenia",     "Miguel",    "Inés",      "Ricardo",   "Lucía",     "Héctor",
    "Adriana",   "Francisco",   "Rocío",     "Armando",   "Beatriz",   "Esperanza", "Wei",
    "Mei",       "Jun",         "Min-jun",   "Ji-yeon",   "Priya",     "Arjun",     "Anjali",
    "Ravi",      "Deepa",       "Sanjay",    "Sunita",    "Vikram",    "Thảo",      "Minh",
    "Linh",      "Tuấn",        "Farah",     "Omar",      "Yasmin",    "Tariq",     "Layla",
    "Hassan",    "Fatima",      "Ahmed",     "Noor",      "Ibrahim",   "Zainab",    "Nia",
    "Kwame",     "Chidi",       "Amara",     "Oluwaseun", "Tomasz",    "Agnieszka", "Björn",
    "Ingrid",    "Søren",       "Zoë",       "Chloé",     "Renée",     "Noémie",    "François",
    "Siobhán",   "Declan",      "Niamh",     "Aidan",     "Colleen",   "Seamus",    "Dmitri",
    "Natalia",   "Yuki",        "Kenji",     "Haruka",    "Hiroshi",   "Kalani",    "Keoni",
    "Leilani",   "Nizhoni",     "Winona",    "Gabriel",   "Isabel",    "Samuel",    "Naomi",
    "Elijah",    "Miriam",      "Benjamin",  "Hannah",    "Nathaniel", "Leah",      "Tyler",
    "Brittany",  "Cody",        "Courtney",  "Dustin",    "Ashley",    "Travis",    "Shane",
    "Tiffany",   "Derek",       "Carmen",
};
const size_t demo_first_names_count = DEMO_COUNT(demo_first_names);

const char *const demo_last_names[] = {
    "Smith",
    "Johnson",
    "Williams",
    "Jones",
    "Miller",
    "Davis",
    "García",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Lee",
    "Pérez",
    "Thompson",
    "Harris",
    "Sánchez",
    "Clark",
    "Ramírez",
    "Lewis",
    "Robinson",
    "Walker",
    "Allen",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Flores",
    "Adams",
    "Nelson",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Phillips",
    "Evans",
    "Turner",
    "Díaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morales",
    "Murphy",
    "Rogers",
    "Gutiérrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Richardson",
    "Watson",
    "Brooks",
    "Bennett",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Álvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Foster",
    "Jiménez",
    "Tran",
    "Le",
    "Pham",
    "Vo",
    "Huang",
    "Chen",
    "Wang",
    "Liu",
    "Zhang",
    "Park",
    "Choi",
    "Yamamoto",
    "Tanaka",
    "Nakamura",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Diallo",
    "Haile",
    "Tesfaye",
    "Kowalski",
    "Nowak",
    "Schmidt",
    "Müller",
    "Johansson",
    "Lindqvist",
    "Ødegaard",
    "Rossi",
    "Bianchi",
    "Romano",
    "Kaur",
    "Singh",
    "Shah",
    "Iyer",
    "Reddy",
    "Kapoor",
    "Haddad",
    "Khalil",
    "Nasser",
    "Rahman",
    "Hussain",
    "Siddiqui",
    "Yazzie",
    "Begay",
    "Tsosie",
    "Kealoha",
    "Akana",
    "O'Brien",
    "O'Connor",
    "McCarthy",
    "MacDonald",
    "Fitzgerald",
    "St. Clair",
    "De La Cruz",
    "Del Rosario",
    "Van der Berg",
    "García-López",
    "Thompson-Reyes",
    "Kim-Patterson",
    "Okoro-Williams",
    "Rivera-Ortiz",
    "Santos",
    "Bautista",
    "Villanueva",
    "Salazar",
    "Vásquez",
    "Fuentes",
    "Aguilar",
    "Espinoza",
    "Navarro",
    "Zamora",
    "Contreras",
    "Acosta",
    "Ibarra",
    "Delgado",
    "Herrera",
    "Medina",
    "Castro",
    "Ríos",
    "Kovač",
    "Petrov",
};
const size_t demo_last_names_count = DEMO_COUNT(demo_last_names);

const char *const demo_student_given[] = {
    "Sofia",      "Liam",     "Olivia",  "Noah",      "Emma",      "Mateo",    "Ava",    "Ethan",
    "Isabella",   "Lucas",    "Camila",  "Elias",     "Valentina", "Santiago", "Ximena", "Diego",
    "Luna",       "Leonardo", "Aria",    "Sebastian", "Penelope",  "Julian",   "Zara",   "Kai",
    "Amelia",     "Owen",     "Harper",  "Ezra",      "Nora",      "Milo",     "Stella", "Jaxon",
    "Avery",      "Rowan",    "Aurora",  "Malia",     "Koa",       "Anaya",    "Rohan",  "Ishaan",
    "Saanvi",     "Aarav",    "Jiho",    "Seo-yeon",  "Haruto",    "Yui",      "Bao",    "Anh",
    "Khoa",       "Amir",     "Yusuf",   "Ayaan",     "Emeka",     "Adaeze",   "Kofi",   "Tenzin",
    "Nikolai",    "Anya",     "Freya",   "Astrid",    "Finn",      "Cillian",  "Aoife",  "Thiago",
    "Renata",     "Paloma",   "Joaquín", "Itzel",     "Xóchitl",   "Emiliano", "Dalia",  "Iker",
    "Alessandro", "Giulia",   "Tala",    "Kaya",      "Elodie",
};
const size_t demo_student_given_count = DEMO_COUNT(demo_student_given);

const char *const demo_student_family[] = {
    "Castañeda", "Cisneros", "Valenzuela", "Arriaga",   "Benavides", "Lozano",    "Maldonado",
    "Cervantes", "Quintero", "Olvera",     "Tapia",     "Montoya",   "Velásquez", "Arellano",
    "Uribe",     "Saldaña",  "Trujillo",   "Carrillo",  "Figueroa",  "Galindo",   "Okonkwo",
    "Nwosu",     "Asante",   "Boateng",    "Abebe",     "Kebede",    "Demir",     "Yilmaz",
    "Zepeda",    "Kovacs",   "Horvath",    "Lindgren",  "Halvorsen", "Gallardo",  "Donnelly",
    "Gallagher", "Brennan",  "Callahan",   "Whitfield", "Ashby",     "Pemberton", "Holloway",
    "Fairbanks", "Prescott", "Thornton",   "Kendrick",  "Harwell",   "Nakashima", "Takahashi",
    "Matsuda",   "Hoang",    "Truong",     "Zhou",      "Gupta",     "Mehta",     "Desai",
    "Chaudhry",  "Qureshi",  "Mansour",    "Aziz",      "Manuelito", "Kahale",    "Makoa",
};
const size_t demo_student_family_count = DEMO_COUNT(demo_student_family);

const struct demo_title demo_titles[] = {
    /* Elementary classrooms */
    {"Transitional Kindergarten Teacher", "elementary", 6},
    {"Kindergarten Teacher", "elementary", 20},
    {"1st Grade Teacher", "elementary", 20},
    {"2nd Grade Teacher", "elementary", 20},
    {"3rd Grade Teacher", "elementary", 20},
    {"4th Grade Teacher", "elementary", 18},
    {"5th Grade Teacher", "elementary", 18},
    {"4th/5th Combination Class Teacher", "elementary", 4},
    {"Elementary Music Teacher", "elementary", 4},
    {"Elementary PE Teacher", "elementary", 5},
    {"Elementary Art Teacher", "elementary", 3},
    {"Reading Intervention Teacher", "elementary", 6},
    /* Middle school classrooms */
    {"6th Grade Math Teacher", "middle", 4},
    {"6th Grade ELA Teacher", "middle", 4},
    {"6th Grade Science Teacher", "middle", 3},
    {"7th Grade Math Teacher", "middle", 4},
    {"7th Grade English Teacher", "middle", 4},
    {"7th Grade Life Science Teacher", "middle", 3},
    {"7th Grade World History Teacher", "middle", 3},
    {"8th Grade Math Teacher", "middle", 4},
    {"8th Grade English Teacher", "middle", 4},
    {"8th Grade Physical Science Teacher", "middle", 3},
    {"8th Grade U.S. History Teacher", "middle", 3},
    {"Middle School PE Teacher", "middle", 4},
    {"Middle School Instrumental Music Teacher", "middle", 2},
    {"STEM Elective Teacher", "middle", 2},
    {"Middle School Spanish Teacher", "middle", 2},
    /* High school classrooms */
    {"English 9 Teacher", "high", 5},
    {"English 10 Teacher", "high", 5},
    {"English 11 Teacher", "high", 4},
    {"AP English Literature Teacher", "high", 2},
    {"AP English Language Teacher", "high", 2},
    {"Algebra I Teacher", "high", 6},
    {"Geometry Teacher", "high", 5},
    {"Algebra II Teacher", "high", 4},
    {"Precalculus Teacher", "high", 3},
    {"AP Calculus Teacher", "high", 2},
    {"AP Statistics Teacher", "high", 2},
    {"Biology Teacher", "high", 5},
    {"AP Biology Teacher", "high", 2},
    {"Chemistry Teacher", "high", 4},
    {"Physics Teacher", "high", 3},
    {"AP Environmental Science Teacher", "high", 2},
    {"World History Teacher", "high", 4},
    {"U.S. History Teacher", "high", 4},
    {"AP U.S. Government Teacher", "high", 2},
    {"Economics Teacher", "high", 2},
    {"Spanish Teacher", "high", 5},
    {"French Teacher", "high", 2},
    {"American Sign Language Teacher", "high", 1},
    {"Choral Music Teacher", "high", 2},
    {"Instrumental Music Teacher", "high", 2},
    {"Drama Teacher", "high", 2},
    {"Visual Arts Teacher", "high", 3},
    {"Computer Science Teacher", "high", 2},
    {"Culinary Arts Teacher", "high", 1},
    {"Automotive Technology Teacher", "high", 1},
    {"Health Science Pathway Teacher", "high", 1},
    {"High School PE Teacher", "high", 5},
    {"JROTC Instructor", "high", 1},
    {"Athletic Director", "high", 1},
    {"Registrar", "high", 2},
    {"College & Career Center Technician", "high", 2},
    /* Any school */
    {"English Language Development Teacher", "school", 8},
    {"Special Education Teacher", "school", 14},
    {"Special Day Class Teacher", "school", 6},
    {"Principal", "school", 14},
    {"Assistant Principal", "school", 10},
    {"School Counselor", "school", 10},
    {"School Nurse", "school", 5},
    {"Health Aide", "school", 5},
    {"Library Media Technician", "school", 6},
    {"Paraprofessional", "school", 22},
    {"Instructional Aide", "school", 8},
    {"Campus Supervisor", "school", 6},
    {"Custodian", "school", 14},
    {"Head Custodian", "school", 5},
    {"Office Manager", "school", 6},
    {"Front Office Secretary", "school", 7},
    {"Attendance Clerk", "school", 6},
    {"Community Liaison", "school", 4},
    /* Transportation */
    {"School Bus Driver", "transportation", 30},
    {"Bus Aide", "transportation", 6},
    {"Bus Dispatcher", "transportation", 2},
    {"Fleet Mechanic", "transportation", 3},
    {"Routing Coordinator", "transportation", 1},
    {"Director of Transportation", "transportation", 1},
    /* Food & Nutrition Services */
    {"Food Service Worker", "food", 25},
    {"Cafeteria Manager", "food", 10},
    {"Central Kitchen Cook", "food", 4},
    {"Registered Dietitian", "food", 1},
    {"Warehouse Delivery Driver", "food", 2},
    {"Director of Food & Nutrition Services", "food", 1},
    /* Technology Services */
    {"IT Technician", "technology", 6},
    {"Help Desk Specialist", "technology", 3},
    {"Network Engineer", "technology", 2},
    {"Systems Administrator", "technology", 2},
    {"Student Information Systems Analyst", "technology", 1},
    {"Chief Technology Officer", "technology", 1},
    /* Human Resources */
    {"HR Generalist", "hr", 3},
    {"Credentialing Technician", "hr", 2},
    {"Benefits Specialist", "hr", 2},
    {"Payroll Specialist", "hr", 2},
    {"Substitute Coordinator", "hr", 1},
    {"Director of Human Resources", "hr", 1},
    /* Special Education Services */
    {"School Psychologist", "sped", 5},
    {"Speech-Language Pathologist", "sped", 5},
    {"Occupational Therapist", "sped", 2},
    {"Behavior Intervention Specialist", "sped", 2},
    {"Special Education Program Specialist", "sped", 2},
    {"Director of Special Education Services", "sped", 1},
    /* Curriculum & Instruction */
    {"Instructional Coach", "curriculum", 5},
    {"Math Curriculum Specialist", "curriculum", 1},
    {"Literacy Curriculum Specialist", "curriculum", 1},
    {"Assessment & Accountability Coordinator", "curriculum", 1},
    {"Professional Learning Coordinator", "curriculum", 1},
    {"Director of Curriculum & Instruction", "curriculum", 1},
    /* Communications */
    {"Communications Specialist", "communications", 2},
    {"Web & Social Media Coordinator", "communications", 1},
    {"Communications Director", "communications", 1},
    /* District office */
    {"Superintendent", "district", 1},
    {"Deputy Superintendent", "district", 1},
    {"Assistant Superintendent, Educational Services", "district", 1},
    {"Assistant Superintendent, Business Services", "district", 1},
    {"Executive Assistant to the Superintendent", "district", 1},
    {"Accounts Payable Technician", "district", 2},
    {"Purchasing Agent", "district", 1},
    {"Director of Facilities & Maintenance", "district", 1},
    {"Maintenance Technician", "district", 5},
    {"Groundskeeper", "district", 3},
    {"Safety & Emergency Preparedness Coordinator", "district", 1},
};
const size_t demo_titles_count = DEMO_COUNT(demo_titles);

const char *const demo_leader_titles[] = {
    "Principal",
    "Superintendent",
    "Deputy Superintendent",
    "Assistant Superintendent, Educational Services",
    "Assistant Superintendent, Business Services",
    "Director of Transportation",
    "Director of Food & Nutrition Services",
    "Chief Technology Officer",
    "Director of Human Resources",
    "Director of Special Education Services",
    "Director of Curriculum & Instruction",
    "Communications Director",
    "Director of Facilities & Maintenance",
    "Safety & Emergency Preparedness Coordinator",
};
const size_t demo_leader_titles_count = DEMO_COUNT(demo_leader_titles);

const struct demo_group demo_groups[] = {
    /* Everyone */
    {"District Announcements",
     "Official news from the Superintendent's office and district departments: calendar changes, "
     "closures, board decisions and deadlines that apply to every employee. Questions are welcome "
     "in the comments.",
     "open", "all"},
    {"Tech Help Desk",
     "Ask Technology Services about devices, passwords, Wi-Fi, the gradebook and anything else "
     "with a plug. For outages and urgent issues, also call the help desk line so a ticket is "
     "opened.",
     "open", "all"},
    {"HR & Benefits Q&A",
     "Questions about payroll, benefits, leave, credentials and salary placement, answered by the "
     "Human Resources team. Please keep personal details out of posts and message HR directly for "
     "anything about your own file.",
     "open", "all"},
    {"Staff Shout-Outs",
     "Recognize a colleague who went above and beyond. Custodians, drivers, teachers, office "
     "staff, cafeteria crews: everyone's work counts here.",
     "open", "all"},
    {"Safety & Emergency Preparedness",
     "Drill schedules, air-quality and heat alerts, emergency procedures and go-bag checklists. "
     "Real emergencies are announced by phone and text first; this group carries the follow-up.",
     "open", "all"},
    {"Substitute Coverage Board",
     "Post coverage needs for absences, field trips and meetings, and offer your prep period to "
     "help a colleague. Formal substitute jobs still go through the absence management system.",
     "open", "all"},
    /* One per school */
    {"%s Staff",
     "The everyday channel for everyone who works at %s: bell schedule changes, coverage, events, "
     "facilities updates and reminders from the front office.",
     "closed", "school:each"},
    /* By school level */
    {"Elementary Collaboration",
     "A space for elementary staff across the district to swap lesson ideas, share grade-level "
     "plans and ask each other how they handle the little (and big) things.",
     "open", "school:elementary"},
    {"Middle School Connections",
     "Staff at our three middle schools sharing advisory lessons, elective ideas, transition "
     "planning and what's working with 6th through 8th graders.",
     "open", "school:middle"},
    {"High School Network",
     "For staff at the district's high schools: master schedule questions, graduation "
     "requirements, college and career events, and cross-campus collaboration.",
     "open", "school:high"},
    /* Teachers */
    {"Teachers' Lounge",
     "Lesson ideas, classroom management tips, favorite resources and the occasional request for "
     "a spare stapler. By teachers, for teachers.",
     "open", "teachers"},
    {"Classroom Technology & EdTech",
     "Share what works (and what doesn't) with Chromebooks, document cameras, interactive panels "
     "and approved learning apps. Check the approved app list before recommending a new tool.",
     "open", "teachers"},
    {"Gradebook & Report Cards",
     "Deadlines, how-tos and troubleshooting for the gradebook, progress reports and report cards.",
     "open", "teachers"},
    {"State Testing Coordination",
     "Testing windows, room assignments, device readiness and test security reminders for "
     "everyone administering state assessments. Never post secure test content here.",
     "closed", "teachers"},
    {"Field Trip Planning",
     "Bus requests, chaperone sign-ups, permission slip reminders and venue recommendations for "
     "field trips across the district.",
     "open", "teachers"},
    /* Departments */
    {"Bus Drivers — Route Updates",
     "Route changes, detours, stop moves and weather protocols from Dispatch. Check this group "
     "before your morning pre-trip.",
     "closed", "dept:transportation"},
    {"Transportation Shift Bids & Safety Meetings",
     "Shift bid schedules, overtime sign-ups, safety meeting agendas and training hours for the "
     "Transportation team.",
     "closed", "dept:transportation"},
    {"Cafeteria Managers",
     "Inventory deadlines, menu substitutions, equipment repairs and health inspection "
     "reminders for site cafeteria managers and the central kitchen.",
     "closed", "dept:food"},
    {"Food & Nutrition Services Team",
     "News, recognition and schedules for everyone in Food & Nutrition Services, including the "
     "summer meal program.",
     "closed", "dept:food"},
    {"Technology Services — Incidents & On-Call",
     "Internal coordination for outages, maintenance windows and on-call handoffs. Incident "
     "details stay here until a public update is ready.",
     "secret", "dept:technology"},
    {"Human Resources Team",
     "Internal HR workflow: posting approvals, onboarding schedules and deadlines. Do not post "
     "individual personnel matters; use the HR case system.",
     "secret", "dept:hr"},
    {"Special Education Case Managers",
     "Compliance timelines, IEP process questions and resource sharing for case managers and "
     "related service providers. Never include student names or identifying details; use the "
     "IEP system for anything about a specific student.",
     "secret", "dept:sped"},
    {"Curriculum & Instruction Team",
     "Planning for professional development days, curriculum pilots and assessment calendars.",
     "closed", "dept:curriculum"},
    {"Communications — Press & Social Media",
     "Media inquiries, newsletter planning and the district's social media calendar. Drafts "
     "stay here until they are approved for release.",
     "secret", "dept:communications"},
    {"District Office Staff",
     "Building logistics, meeting room bookings and news for everyone who works at the "
     "District Office.",
     "closed", "dept:district"},
    /* Leaders */
    {"Principals' Cabinet",
     "Principals and district leaders coordinating on operations, staffing, discipline "
     "procedures and upcoming decisions before they are announced.",
     "secret", "leaders"},
    {"Crisis Response Team",
     "Coordination during emergencies and critical incidents, and the after-action reviews that "
     "follow them. Membership is limited to the district crisis team.",
     "secret", "leaders"},
    {"Budget Planning Working Group",
     "Drafts and discussion for next year's budget, enrollment projections and staffing "
     "allocations. Confidential until presented to the Board.",
     "secret", "leaders"},
    {"Administrators' Book Study",
     "A monthly book study for site and district leaders. This semester we are reading about "
     "instructional coaching and adult learning.",
     "closed", "leaders"},
    /* Interest groups */
    {"New Teacher Support Network",
     "For teachers in their first three years and the mentors who support them: questions of "
     "any size, encouragement, and monthly meet-ups.",
     "open", "interest"},
    {"Wellness & Yoga After School",
     "Chair yoga, walking challenges, stretch breaks and other ways to take care of yourself "
     "during the school year. All fitness levels welcome.",
     "open", "interest"},
    {"Staff Running & Walking Club",
     "Training together for the community 5K and meeting after school for easy-paced runs and "
     "walks around the river trail.",
     "open", "interest"},
    {"Secondary Science PLC",
     "Science teachers from grades 6-12 sharing labs, safety notes, pacing guides and "
     "materials that need a new home.",
     "open", "interest"},
    {"Math Instructional Leads",
     "Site math leads working with Curriculum & Instruction on the math pilot, common "
     "assessments and data reviews.",
     "closed", "interest"},
    {"Multilingual Learners & ELD",
     "Strategies, resources and questions about supporting multilingual learners in every "
     "classroom, plus interpretation and translation tips.",
     "open", "interest"},
    {"Equity & Belonging Committee",
     "Committee members planning heritage month events, reviewing policies and gathering staff "
     "input on belonging at every site.",
     "closed", "interest"},
    {"Green Schools & Recycling",
     "Recycling, composting, school gardens and energy savings. Share what your site is doing "
     "and borrow ideas from others.",
     "open", "interest"},
    {"Coaches & Athletics",
     "Practice schedules, facility use, physicals nights, transportation for away games and "
     "league updates for coaches and athletic staff.",
     "open", "interest"},
    {"Library & Literacy Champions",
     "Library staff and literacy fans sharing book lists, reading events, author visits and "
     "book fair logistics.",
     "open", "interest"},
    {"Staff Book Club",
     "One book a month, picked by vote, discussed on the last Thursday over coffee. Fiction, "
     "memoir, anything but textbooks.",
     "open", "interest"},
    {"Classified Staff Council",
     "Representatives of classified employees bringing questions and ideas to district "
     "leadership and planning Classified Employees Week.",
     "closed", "interest"},
    {"National Board Certification Cohort",
     "Teachers pursuing National Board Certification supporting each other through components, "
     "video reflections and deadlines.",
     "closed", "interest"},
    {"Red de Personal Hispanohablante",
     "Spanish-speaking staff sharing resources for families, volunteering as interpreters at "
     "school events, and building community. Se habla español.",
     "open", "interest"},
    {"Parents on Staff",
     "Staff who are also parents: childcare swaps, back-to-school tips and a bit of solidarity "
     "during conference season.",
     "open", "interest"},
    {"Digital Citizenship Committee",
     "Planning lessons and family nights on online safety, media literacy and responsible "
     "technology use.",
     "closed", "interest"},
};
const size_t demo_groups_count = DEMO_COUNT(demo_groups);

const char *const demo_post_bodies[] = {
    "Good morning, {group}! Quick reminder that **Monday is a staff development day**, so no "
    "students. Sessions start at 8:00 in the multipurpose room; coffee and breakfast burritos "
    "from our Food & Nutrition team start at 7:30.\n"
    "Agenda and room assignments: https://www.riversideusd.example/pd/agenda",

    "**Drill schedule for this month** (please review the evacuation map by your door)\n"
    "\n"
    "| Day | Time | Drill |\n"
    "|---|---|---|\n"
    "| Tuesday | 9:40 | Fire (announced) |\n"
    "| Thursday | 1:15 | Lockdown |\n"
    "| Next Friday | 10:20 | Earthquake: drop, cover, hold on |",

    "Does anyone have a class set of *To Kill a Mockingbird* they aren't using this quarter? Our "
    "book room is short about 12 copies for my 3rd period class. Happy to trade for *Of Mice "
    "and Men*.",

    "**Planned outage:** the gradebook and the staff portal will be offline **Saturday 6:00 "
    "a.m. to noon** for a scheduled upgrade. Email and Wi-Fi are not affected.\n"
    "Status updates: https://www.riversideusd.example/status",

    "**Route 14 change starting Monday:** the stop at Alder & 5th moves one block north to Alder "
    "& 6th because of the water main project. Pickup times stay the same.\n"
    "Front offices, please share the updated flyer with families. It's in the Transportation "
    "shared drive.",

    "Menu swap for **Thursday**: our produce delivery was delayed, so the chicken teriyaki bowl "
    "becomes a **turkey & cheese sub with a fresh fruit cup**. The vegetarian option is still "
    "the bean & cheese burrito. Sorry for the late notice!",

    "Lost & found is overflowing again 🧥 We have 40+ jackets, 11 water bottles and a trumpet "
    "(!). Everything left by Friday at 3:30 goes to the clothing closet. Please remind your "
    "classes this week.",

    "**Staff potluck: Friday in the staff lounge, 12:00 to 1:00** 🍲\n"
    "The sign-up sheet is on the lounge fridge. So far we have:\n"
    "- 3 pasta salads (please, no more pasta salad)\n"
    "- 2 desserts\n"
    "- 0 main dishes\n"
    "Paper plates and forks provided by the PTA. Thank you!",

    "Looking for coverage for my **4th and 6th periods** on Thursday. I'm helping judge the "
    "science fair. Lesson plans are in the sub folder on my desk and in the shared drive. "
    "Anyone with a prep those periods? {mention}, are you free?",

    "**The spring testing window opens the week after break.** Site test coordinators will send "
    "room rosters by next Wednesday.\n"
    "- Chromebook carts must be charged and checked the Friday before\n"
    "- No bell schedule changes without checking with the site test coordinator\n"
    "- Secure test materials stay locked in the office\n"
    "Questions? Ask {mention}.",

    "Field trip reminder for our 5th graders' visit to the science center next Tuesday:\n"
    "1. Permission slips due to the office by **Friday**\n"
    "2. Buses leave at 8:45 and are back by 2:15\n"
    "3. Sack lunches are ordered through Food & Nutrition; the allergy list is already in\n"
    "We still need **two more staff chaperones**. Comment here if you can come!",

    "Huge congratulations to our robotics team on placing 2nd at regionals this weekend! 🎉 "
    "They put in months of Saturday practice. Thank you to everyone who donated snacks and "
    "stayed late to open the building.",

    "What's everyone using for exit tickets these days? I've been doing paper half-sheets and "
    "I'm drowning. Looking for something quick that works on Chromebooks.",

    "Welcome back, everyone! A few housekeeping items for the week:\n"
    "- Keys and badges: pick them up from the front office before 8:00 a.m.\n"
    "- Copier codes were reset; new codes are in your mailbox\n"
    "- Emergency cards are due to the office by Friday\n"
    "Let's have a great year! 🍎",

    "**Open enrollment for health benefits** runs through the end of the month. To change plans "
    "or add a dependent, use the benefits portal before the deadline. There are no paper forms "
    "this year.\n"
    "Drop-in help: Tuesdays 3:30 to 5:00 at the District Office, Room 210.\n"
    "https://www.riversideusd.example/hr/benefits",

    "Drivers: the **dense fog protocol** is in effect tomorrow morning. Pre-trip inspections "
    "start 15 minutes early, headlights on for the whole route, and Dispatch will radio any "
    "stop skips. Drive safe.",

    "**Minimum day schedule** for parent conferences next week:\n"
    "\n"
    "| Period | Time |\n"
    "|---|---|\n"
    "| 1 | 8:00–8:40 |\n"
    "| 2 | 8:45–9:25 |\n"
    "| 3 | 9:30–10:10 |\n"
    "| 4 | 10:15–10:55 |",

    "Our library just got a grant for 200 new graphic novels 📚 Come browse during your prep; the "
    "new display is by the windows. Suggestions for the next order are welcome!",

    "Has anyone figured out how to get the new document cameras to show up in video calls? Mine "
    "shows as \"unknown device\" and I've tried two cables. Asking for a friend (me).",

    "Tech tip of the week: **Windows + Shift + S** lets you snip any part of your screen, and on "
    "a Chromebook it's **Ctrl + Shift + Show Windows**. Great for grabbing a diagram for a slide "
    "without downloading anything.",

    "From the custodial team: please **stack chairs on desks** on Wednesday afternoons so we can "
    "do the floors. Rooms 100 to 130 on Wednesday, 200 to 240 on Thursday. Thank you for "
    "helping us keep the building looking great!",

    "Reminder that **progress reports** are due in the gradebook by Friday at 4:00. If a student "
    "has an incomplete, please add a comment so the counseling office can follow up.",

    "Shout-out to {mention} for covering my class on short notice yesterday and leaving the room "
    "cleaner than I left it. You're a legend. 🙌",

    "Counseling office update: **schedule change requests** for next semester open Monday and "
    "close Friday. Teachers, please point students to the online request form rather than "
    "sending them to the office during class.\n"
    "https://www.riversideusd.example/counseling/schedule-change",

    "**Vision and hearing screenings** for K, 2nd, 5th and 8th grades are next week. The health "
    "office will pull classes in room-number order. I'll post exact times here by Friday.",

    "Chair yoga this Thursday at 3:30 in Room 12 🧘 No experience needed: wear comfy clothes and "
    "bring water. 30 minutes, and then you can go home and feel smug about it.",

    "Wellness challenge, week 2 results: together we walked **1,842 miles**! Keep logging your "
    "steps in the tracker. The top site wins the traveling trophy (a spray-painted sneaker).",

    "New teachers: the **mentor meet-up** is Tuesday at 4:00 in the District Office boardroom. "
    "This month's topic is parent conferences that go well. Bring one question you're nervous "
    "about and we'll workshop them together.",

    "Does anyone have a template for a **positive phone call log**? I want to make at least 3 "
    "positive calls home a week this semester and need a way to track it that isn't sticky "
    "notes.",

    "**The workroom copier is down** (error code J-2100). A ticket is in with Technology "
    "Services. In the meantime the library copier is working; please keep jobs under 50 copies "
    "at a time.",

    "Registration is open for summer PD courses 🌞\n"
    "- Science of Reading: Foundations (3 days)\n"
    "- Designing Rubrics That Actually Help\n"
    "- AI Tools in the Classroom: What's Allowed and What Isn't\n"
    "- De-escalation Strategies for All Staff\n"
    "All courses count toward salary advancement units: "
    "https://www.riversideusd.example/pd/summer",

    "Please remember: **no student names or photos** in posts unless you've checked the media "
    "release list with the front office. When in doubt, describe the activity, not the kid.",

    "Cafeteria managers: inventory counts are due by **noon Friday**. The new commodity order "
    "form is in the shared drive under *Ordering > Spring*. Call {mention} at ext. 4127 if your "
    "walk-in cooler log shows anything above 41°F.",

    "If you changed your phone number or address this year, update it in the employee portal so "
    "emergency notifications reach you. It takes two minutes.",

    "Parking lot resurfacing starts **Monday** in the north lot. Staff parking moves to the "
    "overflow lot behind the gym for two weeks. Please keep the bus loop clear: drivers need "
    "the full turning radius.",

    "Anyone interested in a **staff running group** for the community Turkey Trot 5K? Thinking "
    "Tuesdays and Thursdays after school, all paces welcome. Drop a 🏃 if you're in.",

    "Question for elementary folks: how are you handling **indoor recess** on smoke days? We're "
    "running out of ideas beyond dance videos and board games. Share your best ones!",

    "Air quality update: the AQI is forecast above 150 tomorrow. **All recess and PE will be "
    "indoors**, athletics practices are canceled, and HVAC systems are set to recirculate.\n"
    "Updates through the day: https://www.riversideusd.example/air-quality",

    "Kindergarten registration night is **Thursday, 5:30 to 7:00** in the cafeteria. We need 4 "
    "bilingual staff volunteers (Spanish, Vietnamese or Hmong especially). Dinner provided!",

    "**Thank you** to our bus drivers for getting every student home safely during yesterday's "
    "power outage. Dispatch handled 60+ calls in under an hour. This team is amazing.",

    "Help desk tip: if Chromebooks on your cart are stuck on \"Update required\", plug the cart "
    "in overnight with the lids open and they'll update themselves. If any are still stuck on "
    "Monday, submit a ticket with the cart number.",

    "We're piloting a new math curriculum in 14 classrooms this spring. Pilot teachers, our "
    "first check-in is Wednesday at 3:30 online. Everyone else: we'll share what we learn before "
    "the adoption vote.",

    "Reminder: **mandated reporter training** is due by the end of the month for all staff. It's "
    "the two-hour online module in the training portal.",

    "Is there a district guideline on giving families our personal cell numbers? A few parents "
    "have asked for mine. I'd rather use the district messaging app but want to make sure I'm "
    "following the right process.",

    "**Substitute needed:** 2nd grade, Room 8, Wednesday and Thursday. Plans are in the red "
    "binder. The class is sweet but chatty after lunch 😄 Please accept the job in the sub "
    "system or message me.",

    "New this year: **staff Wi-Fi** is now `RUSD-Staff` and uses your regular district login. "
    "The old network will be turned off on Friday. Visitors use `RUSD-Guest` with the daily "
    "password posted in the front office.",

    "Shout-out to our front office team, who handled a fire alarm malfunction, a broken water "
    "fountain and 37 late arrivals before 9:00 this morning without breaking a sweat. Please "
    "bring them coffee.",

    "Our 3rd graders are hosting a **Living Wax Museum** next Thursday from 1:30 to 2:30 in the "
    "gym. Staff are welcome to walk through! Press the \"button\" and they'll tell you about "
    "their historical figure.",

    "Reading intervention folks: has anyone compared **decodable text sets**? We're choosing "
    "between two vendors for next year and I'd love honest reviews from people who have used "
    "them with small groups.",

    "Lockdown drill debrief: overall a great job. Two things to fix:\n"
    "- Several classroom doors didn't latch fully\n"
    "- The portables couldn't hear the PA\n"
    "Facilities is installing an outdoor speaker next week.",

    "**Back-to-School Night** schedule:\n"
    "- 5:30 Welcome in the gym\n"
    "- 5:45 to 6:30 Classroom visits (15-minute rounds)\n"
    "- 6:30 to 7:00 PTA table and book fair\n"
    "Please have a sign-in sheet and your class overview at the door.",

    "Does anybody know who to contact about a **broken thermostat** in a portable? It's been 84° "
    "in my room all week. I put in a work order but haven't heard back.",

    "Facilities update: the work order system moves to a new platform next month. Until then, "
    "keep using the current form: https://www.riversideusd.example/facilities/work-order\n"
    "Urgent safety issues should still be called in to ext. 3300.",

    "It's **Classified Employees Week**! 💙 Custodians, food service, transportation, office "
    "staff, paras, IT, maintenance: this district doesn't run without you. Treats in every "
    "staff lounge on Wednesday.",

    "Teacher Appreciation Week, courtesy of the PTA:\n"
    "- Monday: coffee cart\n"
    "- Tuesday: taco bar\n"
    "- Wednesday: handwritten notes from classes\n"
    "- Thursday: massage chairs in the library (sign up!)\n"
    "- Friday: jeans day and an ice cream social",

    "Our school garden has way too much zucchini. Help yourself from the bin by the staff "
    "lounge. And if you'd like to help with spring planting on Saturday, let me know!",

    "Can someone remind me how to request **an interpreter for an IEP meeting**? I need Arabic "
    "interpretation for a meeting in two weeks.",

    "SPED team: please make sure IEP progress reports are uploaded by **the 15th**. The system "
    "locks after that date for the compliance review. Reach out to {mention} if you're stuck on "
    "the new form.",

    "Gentle reminder to set your out-of-office message before break and check that your "
    "voicemail box isn't full. Families will be trying to reach us right up to the last day.",

    "The warehouse has **20 electric pencil sharpeners** that arrived in a grant shipment. Which "
    "rooms still need one? Comment with your room number.",

    "Picture day retakes are **next Tuesday** in the library. Staff photos too: if you hated "
    "yours (I did), this is your chance at redemption.",

    "**Route 9** will run about 15 minutes late this week because of the bridge closure on River "
    "Road; buses are detouring via Mission Boulevard. Schools on that route, expect afternoon "
    "pickup around 3:05 instead of 2:50.",

    "Looking for volunteers to join the **Safety Committee** this year. We meet once a month for "
    "45 minutes to review drill data and building walkthroughs. All roles welcome, and we "
    "especially need classified staff voices.",

    "Quick poll: should the **winter staff party** be at the bowling alley or at the pizza place "
    "with the arcade? React 🎳 or 🍕.",

    "Our AP Biology classes just finished the enzyme lab and the results were textbook-perfect "
    "for the first time in three years. 🧪 Small victories. Thank you {mention} for the "
    "catalase tip!",

    "**Spirit Week dress-up days:**\n"
    "1. Monday: Pajama Day\n"
    "2. Tuesday: Twin Day (find a colleague!)\n"
    "3. Wednesday: Decades Day\n"
    "4. Thursday: Career Day\n"
    "5. Friday: School Colors",

    "Does anyone have a spare **long extension cord** I can borrow for Thursday's assembly? Ours "
    "went missing after the winter concert.",

    "Payroll reminder: **timesheets for classified staff** are due by 10:00 a.m. Monday because "
    "of the holiday. Late timesheets will be paid on the next cycle.",

    "Technology Services has **50 refurbished teacher laptops** for rooms still on the oldest "
    "models. Principals, please send your priority list by Friday.",

    "FYI, the **staff lounge microwave** has officially retired. A new one is on order. Until "
    "then, the one in the health office is NOT for public use (they asked nicely).",

    "I'm building a shared folder of **sub-friendly lesson plans** for 6th grade science. If you "
    "have one a sub can run without prep, please add it: "
    "https://www.riversideusd.example/share/sub-plans-science",

    "**Emergency go-bag check:** every classroom should have a red bag with a class roster, a "
    "first-aid kit, a flashlight, a whistle and water. Please check yours this week and tell the "
    "office what's missing.",

    "Heads up: **breakfast in the classroom** expands to all elementary schools next month. "
    "Carts arrive at 7:50 and are picked up at 8:20. Custodians will leave extra trash liners in "
    "your rooms.",

    "Counselors and teachers: the **Red Ribbon Week** lesson slides are on the district site. "
    "They're 15 minutes, grade-banded and ready to teach during advisory.",

    "How does everyone keep track of **accommodations** across 150+ students? My spreadsheet is "
    "getting unwieldy. Looking for something that works alongside the gradebook.",

    "Curriculum & Instruction has new **designated ELD** lessons for grades 3 to 5, aligned to "
    "our ELA units. There's a 20-minute walkthrough video in the resource hub.",

    "Happy Friday! 🎉 The kindness rocks our 2nd graders painted now line the front walkway. "
    "Take a look on your way out. They made my week.",

    "Please **don't prop open the side doors** to the gym, even for a few minutes. We've had two "
    "unlocked-door incidents this month. If you need access for a delivery, call the office and "
    "we'll send someone.",

    "**Transportation survey:** drivers, please fill out the shift preference survey by "
    "Wednesday so we can finalize the spring bid.\n"
    "https://www.riversideusd.example/transportation/bid-survey",

    "Anyone going to the **state ed-tech conference** next month? I'd love to split a hotel room "
    "or carpool. I'm presenting on classroom podcasts on Saturday morning if you want to come "
    "heckle.",

    "Happy retirement to our head custodian, who is retiring after **31 years** with Riverside "
    "USD! Cake in the cafeteria Friday at 2:45. Please sign the card in the front office. 💐",

    "Reminder: **family math night** is Tuesday, 6:00 to 7:30. Stations this year:\n"
    "- Fraction pizza\n"
    "- Measurement scavenger hunt\n"
    "- Math card games\n"
    "We need 3 more staff helpers!",

    "For anyone who missed it: the board approved the **revised academic calendar**. Spring "
    "break moves one week later and the last day of school is now a Thursday.\n"
    "Full calendar: https://www.riversideusd.example/calendar",

    "Running low on **headphones** for testing? The library has a bin of 40 new earbuds. First "
    "come, first served; please sign them out so we get them back.",

    "**Heat advisory this afternoon:** outdoor PE moves to the gym and athletics practices start "
    "after 5:00. Keep water available in classrooms and watch for signs of heat exhaustion.",

    "The **ELA department** meets in Room 204 on Wednesday to norm our argumentative writing "
    "rubric. Bring 3 anonymized samples (low, mid, high), and cover names before you copy!",

    "{mention} and I are co-teaching a unit on local watersheds and would love a guest speaker "
    "who has worked in water resources or environmental science. 20 minutes, any day next "
    "week.",

    "New in the gradebook: you can now **bulk-import scores** from a CSV. The columns must match "
    "exactly: one row per student ID, no names in the file.\n"
    "Instructions: https://www.riversideusd.example/tech/gradebook-import",

    "A big thank you to the cafeteria team for serving **1,100 Thanksgiving lunches** in two "
    "hours today. The line moved faster than ever. 🦃",

    "Does anyone know if we can use **Lincoln Middle's theater** for our spring concert? Ours is "
    "booked for testing. Who do we ask?",

    "Kudos to our paraprofessionals, who have run small reading groups every afternoon for six "
    "weeks. Our benchmark data shows real growth. Thank you!",

    "Heads up: **district email** gets a new spam filter this weekend. If a legitimate message "
    "lands in quarantine, you'll get a daily digest where you can release it.",

    "Phishing alert ⚠️ An email with the subject line *Payroll Update Required* looks like it "
    "came from HR. **It did not.** Don't click it. If you already did, change your password and "
    "call the help desk at ext. 4357.",

    "The mid-year PD survey is open until Friday. It's 6 questions, and your answers shape next "
    "year's PD days. We read every comment.\n"
    "https://www.riversideusd.example/pd/survey",

    "We have **3 paraprofessional openings** at the elementary level starting next month. If you "
    "know someone great, send them to the job board: https://www.riversideusd.example/careers",

    "Reminder for anyone using the **makerspace**: the laser cutter requires a trained staff "
    "member in the room. Training is Wednesdays at 3:15; sign up with {mention}.",

    "The 8th grade promotion ceremony is **Thursday at 9:00 a.m.** on the football field. Staff, "
    "please wear school colors and plan to help with line-up at 8:15.",

    "**Salary placement for new units:** submit transcripts to HR by October 1 for them to count "
    "toward this year's pay. Unofficial transcripts are fine for the first review.",

    "Anybody have a great **first-week** get-to-know-you activity for high schoolers that isn't "
    "cringe? My usual \"two truths and a lie\" fell flat last year.",

    "Bus driver job fair this Saturday, 10:00 to 1:00, at the Transportation yard. We train you "
    "and pay for the commercial license! Please share with anyone who might be interested.",

    "Water will be **shut off Saturday from 7:00 a.m. to 3:00 p.m.** for a valve replacement. "
    "Weekend events in the gym have moved to the multipurpose room.",

    "Question for **Special Education Services**: what's the usual turnaround for an assessment "
    "plan once it's signed? A family asked and I want to give them an accurate answer.",

    "Thank you, {group}, for an incredible first semester. Seriously. Rest up over break and "
    "we'll see you in January. ❄️",

    "Welcome to **{group}**! 👋 This is where we share updates, ask questions and celebrate "
    "wins. Please introduce yourself in the comments: your role, where you work and one thing "
    "you're looking forward to this year.",

    "Posting guidelines for {group}:\n"
    "- Keep it professional and kind\n"
    "- **No student names, photos or identifying details**\n"
    "- Personnel matters go to your supervisor, not here\n"
    "- Search before asking; your question may already be answered",

    "**Kitchen equipment note:** the dish machine at the central kitchen is down for repair "
    "until Thursday. All sites will use compostable trays this week.",

    "Shout-out to {mention} for running our **Hour of Code** sessions this week. Over 300 "
    "students wrote their first program!",

    "Has anyone had success with **flexible seating** in an upper-grade classroom? I'm thinking "
    "about wobble stools and a standing table. I'd love to visit a room that does it well.",

    "The **coat and shoe drive** for families in need runs through next Friday. Donation bins are "
    "in every front office. Sizes 4T through adult small are most needed.",

    "**Staffing timeline for next year:**\n"
    "\n"
    "| Step | Deadline |\n"
    "|---|---|\n"
    "| Intent-to-return forms | March 1 |\n"
    "| Transfer requests | March 15 |\n"
    "| Site interviews | Early spring |\n"
    "| Offers | Before the last day of school |",

    "Does anyone else have trouble with the **new badge readers**? My badge opens the front door "
    "but not the staff parking gate.",

    "Help desk hours over break: **Monday to Wednesday, 8:00 to 4:00**, closed Thursday and "
    "Friday. For emergencies (building alarm, server down), call the on-call line at "
    "555-0142.",

    "Friendly reminder that **Friday is a minimum day** and buses run the early dismissal "
    "schedule: elementary 12:10, middle 12:40, high 1:05. Please don't schedule after-school "
    "meetings that need bus riders.",

    "District Communications is collecting **good news** for the monthly newsletter. Did your "
    "class do something amazing? Send a short description (check the photo release list first!) "
    "to {mention}.",

    "The **annual compliance trainings** (bloodborne pathogens, harassment prevention, "
    "cybersecurity) are due by October 31. Your progress is on the training dashboard.",

    "Quick question for food service staff: which **shift start time** works better for the "
    "summer meal program, 6:30 or 7:00? Comment by Wednesday.",

    "Here's the **rally bell schedule** for Friday: 3rd period is extended by 30 minutes and "
    "every other period is 5 minutes shorter.\n"
    "https://www.riversideusd.example/schedules/rally",

    "Congratulations to the **Eastlake High School** mock trial team on advancing to the state "
    "finals! ⚖️ Thanks to the volunteer attorney coaches and to {mention} for advising.",

    "I'm collecting **empty paper towel tubes and egg cartons** for a 1st grade engineering "
    "project. Drop them in the bin outside Room 5. Thanks in advance!",

    "From the Superintendent: thank you for your patience during the **multi-factor "
    "authentication** rollout. More than 95 out of every 100 staff are enrolled. If you haven't "
    "set it up yet, the help desk can walk you through it.",

    "Where do I find the **staff injury report form**? One of our custodians slipped in the "
    "kitchen (they're okay!) and we want to file it correctly.",

    "Math pilot update:\n"
    "- 14 classrooms have finished Unit 1\n"
    "- Pacing is running about a week behind the guide\n"
    "- Teachers love the manipulatives kit, less so the online practice\n"
    "Full notes from the debrief are in the shared folder.",

    "**Reminder:** the staff directory comes from the HR system. If your title or room number is "
    "wrong, email HR; editing it here won't stick.",

    "Who has the good three-hole punch? 😅 The one in the workroom has been missing since "
    "Monday.",

    "Sports physicals night is Thursday at 5:00 in the health office. Coaches, please remind "
    "your teams that a parent must sign the forms before the appointment.",

    "Our after-school tutoring program needs **two more tutors** for Tuesdays and Thursdays, "
    "3:15 to 4:15. Extra duty pay applies. Interested? Comment below or message {mention}.",

    "Bus evacuation drills are next week during morning routes. Drivers, plan for 5 extra "
    "minutes per run and log each drill on the new form in the dispatch office.",

    "Our 5th graders' **science fair** is in the library all day Wednesday. Judges needed for "
    "30-minute slots; no science degree required, just curiosity and a clipboard.",

    "**Budget reminder:** site purchase orders for this fiscal year must be submitted by the end "
    "of next month. Anything after that date rolls into the new year.",
};
const size_t demo_post_bodies_count = DEMO_COUNT(demo_post_bodies);

const char *const demo_comment_bodies[] = {
    "Thanks for sharing!",
    "Count me in for Friday.",
    "Room 114 has extra chairs if you need them.",
    "Which form do we use for this?",
    "Great news! 🎉",
    "I can cover 4th period.",
    "Is this for all sites or just the elementary schools?",
    "{mention} might know the answer to this.",
    "Signed up!",
    "Is there a virtual option for this?",
    "Is there staff parking nearby?",
    "I'll bring a fruit tray.",
    "Love this idea.",
    "Congrats to everyone involved!",
    "Can we get this posted in the staff lounge too?",
    "Is there a Spanish version of the flyer?",
    "Same issue here in Room 22.",
    "Restarting fixed it for me.",
    "Submitted a ticket just now.",
    "Thank you for the heads-up!",
    "Does this count toward PD hours?",
    "Is there a sign-up link?",
    "My class will be there.",
    "We have 6 extra permission slips in the office.",
    "So proud of this team.",
    "Looping in {mention} so this is on your radar.",
    "What time does this end?",
    "Just checked: our cart is fully charged.",
    "Can classified staff attend too?",
    "Is lunch provided?",
    "Happy to help with setup.",
    "Bumping this in case anyone missed it.",
    "This has been a game-changer for my 3rd period.",
    "Thank you, this is so helpful.",
    "I'm in! 🙋",
    "Our site did this last year and it went really well.",
    "Could we get the slides afterward?",
    "Will this be recorded?",
    "Our workroom copier is doing the same thing.",
    "We still have about 15 jackets in our lost & found too.",
    "I'll bring plates and napkins.",
    "Who should we contact if we can't make the deadline?",
    "Just what I needed this week. 🙏",
    "Adding this to my calendar now.",
    "Is the link working for anyone else? I get an error.",
    "I have a prep 2nd period and can help.",
    "Way to go! 👏",
    "Is this the same form as last year or a new one?",
    "Can we bring our own lunch?",
    "Great reminder, thank you.",
    "Do paraprofessionals need to complete this too?",
    "I'd love to join but have bus duty that day.",
    "Our team can take the 1:00 slot.",
    "How long does the training take?",
    "Thanks {mention}, this was exactly the info I was looking for.",
    "We have a box of extra markers in Room 210 if anyone needs them.",
    "Does this apply to the portables too?",
    "I can translate the flyer into Vietnamese.",
    "Yes please! I'll drop some off tomorrow.",
    "Is there parking at the District Office for this?",
    "Can we swap days? Thursday works better for our grade level.",
    "I used this with my 7th graders and they loved it.",
    "Thank you to our custodians for always making this happen. 💙",
    "Will there be a make-up session?",
    "Is there a deadline for this?",
    "+1, our building has the same problem.",
    "My team is interested. Who do we email?",
    "Do we need to submit a sub request for this?",
    "This is going to make such a difference. Thank you!",
    "Does this affect the afternoon routes too?",
    "Drivers on Route 7 say the detour adds about 10 minutes.",
    "Great work, everyone. Proud to be part of this district.",
    "Can you share the slides in the group files?",
    "I have a standing desk I'm not using if you want to try it.",
    "{mention} can you add our site to the list?",
    "Which room is this in?",
    "Just finished the module. It took about 90 minutes.",
    "Are substitutes covered by this too?",
    "Sending this to our front office now.",
    "Love seeing this! 😊",
    "Could this be moved to after 3:30 so more teachers can come?",
    "I'm happy to mentor a new teacher this year.",
    "We did the same drill yesterday and the PA was fine in our wing.",
    "Is there a cap on how many people can sign up?",
    "Thanks for the quick fix, Help Desk!",
    "Our grade level would love a copy of that template.",
    "Happy to share my rubric. Sending it your way.",
    "Is the cafeteria open during the event?",
    "Count our site in. We'll have 4 volunteers.",
    "What's the ticket number so I can follow up?",
    "This was such a great event. Thank you for organizing!",
    "I'll cover the sign-in table.",
    "Do we need to log these hours anywhere?",
    "Just confirmed with the office, we're all set.",
    "Can someone post the updated map?",
    "Good to know. I was wondering about that.",
    "Is this open to District Office staff too?",
    "We have a spare cart in the library you can borrow.",
    "Any update on this?",
    "Tagging {mention} since this is their area.",
    "Glad this is finally fixed. 🎉",
    "Thank you for advocating for this.",
};
const size_t demo_comment_bodies_count = DEMO_COUNT(demo_comment_bodies);

const char *const demo_reply_bodies[] = {
    "Yes, all sites.",
    "Thanks, {mention}!",
    "Good question. Checking with HR and will report back.",
    "It's the blue form in the front office.",
    "Perfect, thank you!",
    "Got it, I'll add you to the list.",
    "Link fixed, sorry about that!",
    "Yes, it counts toward PD hours.",
    "No need, it's covered.",
    "Same here!",
    "That would be great, thank you.",
    "I'll bring it by after school.",
    "Agreed 100 percent.",
    "Just sent you a message.",
    "It should be recorded, I'll post the link.",
    "We'll save you a seat!",
    "Thanks for catching that.",
    "Yes, classified staff are welcome.",
    "Lunch is provided, vegetarian option too.",
    "It wraps up by 4:30.",
    "The room is 204, second floor.",
    "No worries, next time!",
    "Updated the post with the new time.",
    "Yes, same form as last year.",
    "I'll ask {mention} and circle back.",
    "That's on me, fixed now.",
    "Ha, I was about to ask the same thing.",
    "Let me check with the front office.",
    "Great idea, let's do it.",
    "Absolutely, go for it.",
    "The deadline is Friday at 4:00.",
    "Sent it to your district email.",
    "Thank you so much! 🙏",
    "Yes, the portables too.",
    "You're welcome!",
    "Sounds good, see you there.",
    "I'll add that to the agenda.",
    "Not yet, but I'll post when I hear.",
    "Dispatch confirmed, thanks for flagging.",
    "Happy to help anytime.",
    "Just checked, it's working now.",
    "Count me in too.",
};
const size_t demo_reply_bodies_count = DEMO_COUNT(demo_reply_bodies);
