"""Words for synthetic cases (cases/synthetic.py): invented places, bodies and sentences.

Varied enough that full-text search has something to rank: about 640 place names, and sentences
that mention the case's own policy areas, accountability mode and partners. Placeholders in braces
are filled per case: place, lead, policy, policy2, mode, partners, n, year.
"""

PLACE_HEADS = [
    "Ash", "Bar", "Bel", "Brad", "Bram", "Cal", "Carl", "Chel", "Dal", "Dun", "Eden", "Elm",
    "Fair", "Glen", "Hal", "Har", "Ketter", "Lang", "Lin", "Mill", "Nor", "Oak", "Pen", "Ren",
    "Ross", "Stan", "Thorn", "Wal", "Wex", "Whit", "Wood", "Yar",
]  # fmt: skip
PLACE_TAILS = [
    "bridge", "bury", "by", "chester", "combe", "dale", "field", "ford", "ham", "hurst", "ley",
    "mere", "minster", "mouth", "port", "stead", "ton", "well", "wick", "worth",
]  # fmt: skip

# Lead bodies by sector: "public" for a sector whose slug says so, "other" for the rest.
BODIES = {
    "public": [
        "Council", "Borough Council", "City Council", "County Council", "District Council",
        "Combined Authority", "Integrated Care Board", "Public Health Team",
    ],
    "other": [
        "Foundation", "Community Trust", "Partnership", "Alliance", "Network", "Community Hub",
        "Action", "Together", "Youth Trust", "Carers Centre", "Housing Association",
    ],
}  # fmt: skip

INITIATIVES = [
    "{place} Together", "Better {place}", "{place} Connect", "One {place}", "The {place} Deal",
    "Team {place}", "The {place} Way", "Healthy {place}", "{place} Pathways", "{place} Works",
]  # fmt: skip

PARTNERS = [
    "the council, the NHS and local charities",
    "housing providers, the police and probation",
    "schools, youth workers and families",
    "GP practices and voluntary groups",
    "employers, colleges and the job centre",
    "faith groups and tenants' associations",
    "mental health trusts and peer-support groups",
    "social workers, health visitors and early-years settings",
]

APPROACHES = [
    "sharing one budget",
    "under a single alliance contract",
    "with one outcomes framework",
    "led by a community board",
    "through a shared front door",
    "with pooled commissioning",
    "through neighbourhood teams",
    "by co-producing services with residents",
]

DESCRIPTION_SENTENCES = [
    "Partners in {place} agreed a shared set of outcomes for {policy} and report on them every quarter.",
    "The collaboration began when {lead} convened providers to redesign {policy} services.",
    "Commissioners replaced {n} separate contracts with one arrangement, so providers share the risk.",
    "Residents with lived experience sit on the steering group and help set priorities.",
    "Frontline staff from different organisations work from the same building in {place}.",
    "Partners share data under a single information-sharing agreement.",
    "Funding comes partly from the council and partly from a national programme that started in {year}.",
    "Evaluation combines case stories with a small number of population measures.",
    "Early evidence points to fewer crisis admissions and shorter waits.",
    "The partnership holds itself to account through {mode}.",
    "Volunteers and peer mentors support people between appointments.",
    "Leaders describe trust between organisations as the main ingredient of progress.",
    "A small core team coordinates the work and brokers relationships across the system.",
    "The approach grew out of earlier work on {policy2} in neighbouring areas.",
    "Disagreements over procurement rules slowed the first year of the work.",
    "Budgets are pooled across {n} organisations and decisions are taken by consensus.",
    "Staff are trained together so that anyone can open the right door for a resident.",
    "The work in {place} is time-limited, and partners are discussing what should last.",
    "A learning partner runs reflective sessions where failures are discussed openly.",
    "Elected members receive a narrative report rather than a dashboard of targets.",
]

QUOTATIONS = [
    "We stopped competing for contracts and started asking what people in {place} actually needed.",
    "It took a year of difficult conversations before anyone would share a budget.",
    "The outcomes framework gave us a common language for {policy}.",
    "People no longer have to tell their story five times to five different services.",
    "Trust was the currency; without it nothing else would have moved.",
    "We measure what matters to residents, not just what is easy to count.",
    "The hardest part was letting go of our own organisation's logo.",
    "When something goes wrong, we now ask what the system did, not who to blame.",
    "Commissioning used to be a transaction; now it is a relationship.",
    "Our board reads stories from families before it looks at a single number.",
    "Nobody owns the work on {policy}, which is exactly why it works.",
    "We built an alliance because the old contracts kept people bouncing between services.",
]

SPEAKERS = [
    "Chief Executive",
    "Director of Public Health",
    "Head of Commissioning",
    "Programme Manager",
    "Frontline Worker",
    "Trustee",
    "Service User Representative",
    "Partnership Coordinator",
    "Assistant Director of Children's Services",
    "Volunteer",
]
