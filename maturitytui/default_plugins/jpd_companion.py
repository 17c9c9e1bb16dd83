"""Joint practice development companion: the ten key messages on JPD and the offer/gain questions.

The ten key messages (Sebba, Kent & Tregenza 2012) are a checklist offered
after the joint practice development strand; the two pairs of questions on
what each person and each school can offer and hopes to gain (Hargreaves 2012,
"Social capital") come after high social capital. The content is in
``companions/jpd.toml``.
"""

from maturitytui import hookimpl

from . import companion_tools


@hookimpl
def maturitytui_register_questionnaires(register):
    for tool in companion_tools("jpd.toml"):
        register(tool)
