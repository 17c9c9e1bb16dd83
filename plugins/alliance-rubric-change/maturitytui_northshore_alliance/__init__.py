"""The Northshore Alliance's version of the maturity model, as a maturitytui plugin.

Installed, it registers one rubric change for ``hargreaves-2012`` through the
``maturitytui_register_changes`` hook:

1. adds a Student voice strand (``sv``) to partnership competence, after
   collective moral purpose and before evaluation and challenge;
2. leaves out creative entrepreneurship (``ce``), as the source allows: the
   note opening Annex 2 invites alliances to add and delete strands;
3. walks collaborative capital in Box 1's order;
4. rewrites the stages of distributed staff information (``dsi``) in the
   alliance's own words, one indicator for each of the source's.

The Northshore Alliance is fictional. ``plugins/alliance-change-toml`` holds
the same change as a TOML file, for alliances without a Python developer.
"""

from __future__ import annotations

import maturitytui

__version__ = "1.0.0"

STAGE_NAMES = ("Beginning", "Developing", "Embedding", "Leading")

CITE = (
    "Hargreaves, D. H. (2012) A self-improving school system: towards maturity (National College): Annex 2 note "
    "on adding and deleting strands; Annex 2, distributed staff information; Box 1; Figure 5 and 'Evaluation and "
    "challenge' on students; Box 5. Sebba, Kent & Tregenza (2012), Ten key messages about JPD, messages 1, 6 and 9. "
    "Fielding et al. (2005), Factors Influencing the Transfer of Good Practice, research brief RB615, section 5."
)


def stages(beginning: list[str], developing: list[str], embedding: list[str], leading: list[str]) -> list[dict]:
    """The four stages of a strand, in order, from their indicators."""
    return [
        {"name": name, "indicators": indicators}
        for name, indicators in zip(STAGE_NAMES, (beginning, developing, embedding, leading), strict=True)
    ]


# Where students fit: collective moral purpose is to be shared by everyone,
# students included (Figure 5, third criterion), and evaluation and challenge
# between students comes far more easily once a school has put effort into
# student voice (Hargreaves 2012, "Evaluation and challenge"). So the strand
# sits after cmp and before ec.
STUDENT_VOICE = {
    "id": "sv",
    "title": "Student voice",
    "summary": (
        "How far students shape, take part in and judge the partnership's work: as co-constructors of teaching "
        "and learning alongside staff, as evaluators and challengers of practice in their own and partner "
        "schools, and as partners in decisions and governance."
    ),
    "source": (
        "Added by the Northshore Alliance. Drawn from Hargreaves (2012): students as co-constructors in JPD "
        "(Annex 2, JPD Embedding; Box 5), learning detectives and evaluation and challenge between students "
        "('Evaluation and challenge'), collective moral purpose shared by all, students included (Figure 5); "
        "Sebba, Kent & Tregenza (2012), key messages 1, 6 and 9; Fielding et al. (2005), research brief RB615, "
        "on students' part in practice transfer."
    ),
    "stages": stages(
        beginning=[
            "Students are asked for their views now and then, mostly through surveys in their own school, "
            "and what they say seldom changes decisions.",
            "Students have no part in JPD or in judging teaching.",
            "Evaluation and challenge reach students only from their teachers, and can feel to them like "
            "being picked on.",
            "Students know little about the partner schools or the students in them.",
        ],
        developing=[
            "Student surveys and discussions between governors and students feed into setting and reviewing "
            "each school's aims.",
            "Students join staff on learning walks in their own school.",
            "A first group of students is trained to observe lessons and give feedback.",
            "Students answer an anonymous audit of their trust in staff, and the findings are talked through "
            "with the staff concerned.",
            "Students mentor and coach one another within their own school.",
        ],
        embedding=[
            "Students work alongside teachers as co-constructors in JPD, planning courses, materials and "
            "lessons with them.",
            "Teams of students visit partner schools as learning detectives, looking for evidence of what helps "
            "students learn, and a team from the partner school visits in return.",
            "Students mentor and coach peers in partner schools, often online, and build evaluation and "
            "challenge into those pairings.",
            "Students sit with staff on the steering groups that lead areas of the partnership's work.",
            "Students care how students in the partner schools fare, not only those in their own school.",
        ],
        leading=[
            "Students take part in governance and in appointing staff across the partnership.",
            "Trained students evaluate teaching and learning across the partner schools, and their findings "
            "shape the partnership's priorities.",
            "Students lead innovation with staff, for example by running regular CPD sessions for teachers on "
            "new technologies.",
            "The partnership helps other partnerships to involve students as co-constructors and evaluators.",
        ],
    ),
    "questions": [
        {
            "text": "Which of the partnership's decisions do students help to make, and which do they only hear "
            "about afterwards?",
            "source": "added",
            "cite": "Sebba, Kent & Tregenza (2012), key message 9: students taking part in decisions and governance",
        },
        {
            "text": "Has each school built up student voice before asking students to evaluate and challenge one "
            "another across schools?",
            "source": "added",
            "cite": "Hargreaves (2012), 'Evaluation and challenge': evaluation and challenge among students comes "
            "more easily where student voice is already established",
        },
        {
            "text": "How are students trained to observe lessons and give feedback, and who supports them when "
            "they do?",
            "source": "added",
            "cite": "Sebba, Kent & Tregenza (2012), key message 9 and its implications for practice",
        },
    ],
}

# Annex 2, professional development dimension, strand 4, in the alliance's
# words: one indicator for each of the source's, in the same order.
DSI_STAGES = stages(
    beginning=[
        "Senior leaders have a sense of which teachers are strongest in different areas of the school's work.",
        "That sense rests on performance management and inspection; nobody gathers it together or checks it "
        "systematically.",
    ],
    developing=[
        "The head and senior colleagues pool and review what they know of each member of staff's strengths, "
        "including how well they work with others.",
        "This picture guides who is chosen and deployed as a mentor or a coach.",
        "It also guides how groups are formed for JPD projects.",
    ],
    embedding=[
        "Information about staff shapes both professional development and leadership development.",
        "It is used to decide who should mentor and who should coach.",
        "Every member of staff is expected to get support to build skills as both a mentor and a coach.",
        "A matching policy for developing students is being drawn up.",
    ],
    leading=[
        "Partner schools pool information about their staff.",
        "The partners look together for ways to gain most from pooling it while keeping confidences and "
        "respecting each person's integrity.",
        "The partnership knows who its most outstanding teachers are in every subject.",
        "Those teachers lead professional development across all the partner schools.",
    ],
)

CHANGE = {
    "rubric": "hargreaves-2012",
    "title": "Northshore Alliance: student voice added, creative entrepreneurship left out, collaborative capital "
    "in Box 1 order, distributed staff information in our words",
    "cite": CITE,
    "ops": [
        {"op": "add_strand", "dimension": "pc", "after": "cmp", "strand": STUDENT_VOICE},
        {"op": "remove_strand", "strand": "ce"},
        {"op": "use_order", "dimension": "cc", "order": "box1"},
        {"op": "replace_stages", "strand": "dsi", "stages": DSI_STAGES},
    ],
}
"""The whole change, as data: maturitytui validates it when the rubric is assembled."""


@maturitytui.hookimpl
def maturitytui_register_changes(register, rubric_id):
    """Change the 2012 model; any other rubric is left alone."""
    if rubric_id == CHANGE["rubric"]:
        register(CHANGE)
