/* The synthetic roster shared by the guard benchmark and evaluation: US
 * given and family names (Anglo, Hispanic, Vietnamese, African American,
 * multi-part and hyphenated), combined from a fixed seed into as many
 * students as asked. Header-only so each program stays one file. */
#ifndef BENCH_GUARD_ROSTER_H
#define BENCH_GUARD_ROSTER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard/guard.h"

static const char *const given_names[] = {
    "James",      "Mary",     "John",      "Patricia",  "Robert",     "Jennifer",  "Michael",
    "Linda",      "William",  "Elizabeth", "David",     "Barbara",    "Richard",   "Susan",
    "Joseph",     "Jessica",  "Thomas",    "Sarah",     "Charles",    "Karen",     "Christopher",
    "Nancy",      "Daniel",   "Lisa",      "Matthew",   "Betty",      "Anthony",   "Margaret",
    "Mark",       "Sandra",   "Donald",    "Ashley",    "Steven",     "Kimberly",  "Paul",
    "Emily",      "Andrew",   "Donna",     "Joshua",    "Michelle",   "Kenneth",   "Carol",
    "Kevin",      "Amanda",   "Brian",     "Melissa",   "George",     "Deborah",   "Timothy",
    "Stephanie",  "Ronald",   "Rebecca",   "Jason",     "Sharon",     "Edward",    "Laura",
    "Jeffrey",    "Cynthia",  "Ryan",      "Kathleen",  "Jacob",      "Amy",       "Gary",
    "Angela",     "Nicholas", "Shirley",   "Eric",      "Anna",       "Jonathan",  "Brenda",
    "Stephen",    "Pamela",   "Larry",     "Emma",      "Justin",     "Nicole",    "Scott",
    "Helen",      "Brandon",  "Samantha",  "Benjamin",  "Katherine",  "Samuel",    "Christine",
    "Gregory",    "Debra",    "Alexander", "Rachel",    "Frank",      "Carolyn",   "Patrick",
    "Janet",      "Raymond",  "Catherine", "Jack",      "Maria",      "Dennis",    "Heather",
    "Jerry",      "Diane",    "Tyler",     "Ruth",      "Aaron",      "Julie",     "Jose",
    "Olivia",     "Adam",     "Joyce",     "Nathan",    "Virginia",   "Henry",     "Victoria",
    "Douglas",    "Kelly",    "Zachary",   "Lauren",    "Peter",      "Christina", "Kyle",
    "Joan",       "Ethan",    "Evelyn",    "Walter",    "Judith",     "Noah",      "Megan",
    "Jeremy",     "Andrea",   "Christian", "Cheryl",    "Keith",      "Hannah",    "Roger",
    "Jacqueline", "Terry",    "Martha",    "Gerald",    "Gloria",     "Harold",    "Teresa",
    "Sean",       "Ann",      "Austin",    "Sara",      "Carl",       "Madison",   "Arthur",
    "Frances",    "Lawrence", "Kathryn",   "Dylan",     "Janice",     "Jesse",     "Jean",
    "Jordan",     "Abigail",  "Bryan",     "Alice",     "Billy",      "Julia",     "Joe",
    "Judy",       "Bruce",    "Sophia",    "Gabriel",   "Grace",      "Logan",     "Denise",
    "Albert",     "Amber",    "Willie",    "Doris",     "Alan",       "Marilyn",   "Juan",
    "Danielle",   "Wayne",    "Beverly",   "Elijah",    "Isabella",   "Randy",     "Theresa",
    "Roy",        "Diana",    "Vincent",   "Natalie",   "Ralph",      "Brittany",  "Eugene",
    "Charlotte",  "Russell",  "Marie",     "Bobby",     "Kayla",      "Mason",     "Alexis",
    "Philip",     "Lori",     "Liam",      "Ava",       "Aiden",      "Mia",       "Jayden",
    "Chloe",      "Jaxon",    "Zoe",       "Carter",    "Layla",      "Wyatt",     "Aaliyah",
    "Luis",       "Camila",   "Carlos",    "Valentina", "Diego",      "Ximena",    "Mateo",
    "Lucía",      "Santiago", "Sofía",     "Alejandro", "Valeria",    "Miguel",    "Daniela",
    "Ángel",      "Mariana",  "Jesús",     "Guadalupe", "Andrés",     "Fernanda",  "Héctor",
    "Renata",     "Raúl",     "Alejandra", "Joaquín",   "Paola",      "Emilio",    "Natalia",
    "Rafael",     "Gabriela", "Iván",      "Adriana",   "Minh",       "Linh",      "Huy",
    "Trang",      "Duc",      "Thao",      "Khoa",      "Ngoc",       "Quang",     "Mai",
    "Tuan",       "Hoa",      "Bao",       "Lan",       "Phuc",       "Thu",       "Jamal",
    "Aaliyah",    "DeShawn",  "Imani",     "Malik",     "Nia",        "Tyrone",    "Ebony",
    "Darnell",    "Keisha",   "Jalen",     "Destiny",   "Xavier",     "Jasmine",   "Omar",
    "Fatima",     "Ahmed",    "Aisha",     "Wei",       "Mei",        "Hiroshi",   "Yuki",
    "Priya",      "Arjun",    "Mary-Kate", "Jean-Luc",  "Anne-Marie", "Seán",      "Zoë",
    "Chloé",      "Renée",    "Björn"};

static const char *const family_names[] = {
    "Smith",      "Johnson",    "Williams",     "Brown",      "Jones",     "Garcia",
    "Miller",     "Davis",      "Rodriguez",    "Martinez",   "Hernandez", "Lopez",
    "Gonzalez",   "Wilson",     "Anderson",     "Thomas",     "Taylor",    "Moore",
    "Jackson",    "Martin",     "Lee",          "Perez",      "Thompson",  "White",
    "Harris",     "Sanchez",    "Clark",        "Ramirez",    "Lewis",     "Robinson",
    "Walker",     "Young",      "Allen",        "King",       "Wright",    "Scott",
    "Torres",     "Nguyen",     "Hill",         "Flores",     "Green",     "Adams",
    "Nelson",     "Baker",      "Hall",         "Rivera",     "Campbell",  "Mitchell",
    "Carter",     "Roberts",    "Gomez",        "Phillips",   "Evans",     "Turner",
    "Diaz",       "Parker",     "Cruz",         "Edwards",    "Collins",   "Reyes",
    "Stewart",    "Morris",     "Morales",      "Murphy",     "Cook",      "Rogers",
    "Gutierrez",  "Ortiz",      "Morgan",       "Cooper",     "Peterson",  "Bailey",
    "Reed",       "Kelly",      "Howard",       "Ramos",      "Kim",       "Cox",
    "Ward",       "Richardson", "Watson",       "Brooks",     "Chavez",    "Wood",
    "James",      "Bennett",    "Gray",         "Mendoza",    "Ruiz",      "Hughes",
    "Price",      "Alvarez",    "Castillo",     "Sanders",    "Patel",     "Myers",
    "Long",       "Ross",       "Foster",       "Jimenez",    "Powell",    "Jenkins",
    "Perry",      "Russell",    "Sullivan",     "Bell",       "Coleman",   "Butler",
    "Henderson",  "Barnes",     "Gonzales",     "Fisher",     "Vasquez",   "Simmons",
    "Romero",     "Jordan",     "Patterson",    "Alexander",  "Hamilton",  "Graham",
    "Reynolds",   "Griffin",    "Wallace",      "Moreno",     "West",      "Cole",
    "Hayes",      "Bryant",     "Herrera",      "Gibson",     "Ellis",     "Tran",
    "Medina",     "Aguilar",    "Stevens",      "Murray",     "Ford",      "Castro",
    "Marshall",   "Owens",      "Harrison",     "Fernandez",  "McDonald",  "Woods",
    "Washington", "Kennedy",    "Wells",        "Vargas",     "Henry",     "Chen",
    "Freeman",    "Webb",       "Tucker",       "Guzman",     "Burns",     "Crawford",
    "Olson",      "Simpson",    "Porter",       "Hunter",     "Gordon",    "Mendez",
    "Silva",      "Shaw",       "Snyder",       "Mason",      "Dixon",     "Muñoz",
    "Hunt",       "Hicks",      "Holmes",       "Palmer",     "Wagner",    "Black",
    "Robertson",  "Boyd",       "Rose",         "Stone",      "Salazar",   "Fox",
    "Warren",     "Mills",      "Meyer",        "Rice",       "Schmidt",   "Garza",
    "Daniels",    "Ferguson",   "Nichols",      "Stephens",   "Soto",      "Weaver",
    "Ryan",       "Gardner",    "Payne",        "Grant",      "Dunn",      "Kelley",
    "Spencer",    "Hawkins",    "Arnold",       "Pierce",     "Vazquez",   "Hansen",
    "Peters",     "Santos",     "Hart",         "Bradley",    "Knight",    "Elliott",
    "Cunningham", "Duncan",     "Armstrong",    "Hudson",     "Carroll",   "Lane",
    "Riley",      "Andrews",    "Alvarado",     "Ray",        "Delgado",   "Berry",
    "Perkins",    "Hoffman",    "Johnston",     "Matthews",   "Peña",      "Richards",
    "Contreras",  "Willis",     "Carpenter",    "Lawrence",   "Sandoval",  "Guerrero",
    "George",     "Chapman",    "Ríos",         "Estrada",    "Ortega",    "Watkins",
    "Greene",     "Núñez",      "Wheeler",      "Valdez",     "Harper",    "Burke",
    "Larson",     "Santiago",   "Maldonado",    "Morrison",   "Franklin",  "Carlson",
    "Austin",     "Domínguez",  "Carr",         "Lawson",     "Jacobs",    "O'Brien",
    "O'Connor",   "O'Neill",    "Lynch",        "Simon",      "Vega",      "Rojas",
    "Pham",       "Le",         "Hoang",        "Phan",       "Vu",        "Vo",
    "Dang",       "Bui",        "Do",           "Ho",         "Ngo",       "Duong",
    "Ly",         "Nguyễn",     "Trần",         "Lê",         "Phạm",      "Huỳnh",
    "Wang",       "Li",         "Zhang",        "Liu",        "Singh",     "Shah",
    "Khan",       "Ali",        "Cohen",        "Friedman",   "Kowalski",  "Nowak",
    "Schultz",    "Becker",     "Müller",       "de la Cruz", "de León",   "del Río",
    "de la Rosa", "Van Buren",  "van der Berg", "De Jesús",   "St. Clair", "MacArthur",
    "De Santis",  "Dos Santos", "da Silva",     "Le Blanc",   "Du Pont"};

#define NGIVEN  (sizeof given_names / sizeof given_names[0])
#define NFAMILY (sizeof family_names / sizeof family_names[0])

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static size_t pick(size_t n)
{
    return (size_t)(rng() % n);
}

/* Names are kept in one arena-like block freed with the roster. */
struct roster {
    struct guard_student *st;
    size_t n;
    struct guard_person *staff;
    size_t nstaff;
    char *pool;
    size_t pool_len, pool_cap;
};

static const char *rs_str(struct roster *r, const char *s)
{
    size_t n = strlen(s) + 1;
    if (r->pool_len + n > r->pool_cap) {
        fprintf(stderr, "roster pool full\n");
        exit(1);
    }
    char *p = r->pool + r->pool_len;
    memcpy(p, s, n);
    r->pool_len += n;
    return p;
}

/* A family name: mostly one, sometimes hyphenated or two-part Hispanic. */
static const char *rs_family(struct roster *r)
{
    char buf[128];
    size_t k = pick(100);
    const char *a = family_names[pick(NFAMILY)];
    if (k < 8) {
        snprintf(buf, sizeof buf, "%s-%s", a, family_names[pick(NFAMILY)]);
        return rs_str(r, buf);
    }
    if (k < 12) {
        snprintf(buf, sizeof buf, "%s %s", a, family_names[pick(NFAMILY)]);
        return rs_str(r, buf);
    }
    return a;
}

static const char *const nicknames[][2] = {
    {"William", "Will"},   {"Robert", "Bobby"},      {"Katherine", "Kate"}, {"Elizabeth", "Liz"},
    {"Alexander", "Alex"}, {"Christopher", "Chris"}, {"Jennifer", "Jenny"}, {"Michael", "Mike"},
    {"Samantha", "Sam"},   {"Daniel", "Danny"},      {"Nicholas", "Nick"},  {"Rebecca", "Becca"},
    {"José", "Pepe"},      {"Guadalupe", "Lupe"},    {"Francisco", "Paco"}, {"Jonathan", "Jon"}};

static const char *rs_preferred(const char *given)
{
    for (size_t i = 0; i < sizeof nicknames / sizeof nicknames[0]; i++)
        if (strcmp(nicknames[i][0], given) == 0)
            return nicknames[i][1];
    return given_names[pick(NGIVEN)];
}

/* Builds n students and nstaff staff members from seed. */
static void roster_make(struct roster *r, size_t n, size_t nstaff, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    rng_state = seed ? seed : 1;
    r->st = calloc(n ? n : 1, sizeof *r->st);
    r->staff = calloc(nstaff ? nstaff : 1, sizeof *r->staff);
    r->pool_cap = (n + nstaff) * 96 + 4096;
    r->pool = malloc(r->pool_cap);
    if (!r->st || !r->staff || !r->pool) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    char num[16];
    for (size_t i = 0; i < n; i++) {
        struct guard_student *s = &r->st[i];
        s->id = (int64_t)(i + 1);
        s->given = given_names[pick(NGIVEN)];
        s->family = rs_family(r);
        if (pick(100) < 60)
            s->middle = given_names[pick(NGIVEN)];
        if (pick(100) < 15)
            s->preferred = rs_preferred(s->given);
        snprintf(num, sizeof num, "S%07zu", (size_t)(1000000 + (i * 7919) % 9000000));
        s->number = rs_str(r, num);
    }
    for (size_t i = 0; i < nstaff; i++) {
        r->staff[i].given = given_names[pick(NGIVEN)];
        r->staff[i].family = family_names[pick(NFAMILY)];
    }
    r->n = n;
    r->nstaff = nstaff;
}

static void roster_free(struct roster *r)
{
    free(r->st);
    free(r->staff);
    free(r->pool);
}

#endif
