"""The message trigger's synonyms and "test a phrase" box in the flow settings inspector."""

from __future__ import annotations

import pytest

from designer.document import FlowDocument
from designer.inspector import InspectorPanel, ProjectCatalog
from runtime.service import Flow, Step


@pytest.fixture
def form(qtbot):  # noqa: ANN201
    flow = Flow(name="Thanks", trigger={"type": "message", "channel": "telegram", "account": "free", "match": "similar",
                                        "text": "спасибо"},
                steps=[Step("hold", "wait", {"duration": "PT1H"}, (0, 0))], edges=[])
    document = FlowDocument(flow)
    inspector = InspectorPanel(ProjectCatalog(None))
    qtbot.addWidget(inspector)
    inspector.resize(420, 900)
    inspector.show()
    inspector.set_document(document)
    inspector.show_flow_settings()
    return inspector.settings_form, document, inspector  # the panel must outlive the fixture


def test_synonyms_are_edited_and_other_trigger_keys_survive(form) -> None:
    settings, document, _ = form
    # what typing does (QTest cannot type Cyrillic): the text changes, then textEdited
    settings.t_synonyms.setText("благодарю, спс")
    settings.t_synonyms.textEdited.emit("благодарю, спс")
    assert document.flow.trigger == {"type": "message", "channel": "telegram", "match": "similar", "text": "спасибо",
                                     "synonyms": ["благодарю", "спс"], "account": "free"}
    assert document.undo_stack.count() == 1


def test_a_typed_phrase_shows_whether_the_keyword_matches(form) -> None:
    settings, _, _ = form
    box = settings.t_phrase
    assert box.isVisible()
    box.phrase.setText("Спасибо большое!")
    assert box.verdict.text().startswith("✔ matches") and "спасибо" in box.verdict.text()
    box.phrase.setText("спасибо, но нет")
    assert box.verdict.text().startswith("✘ does not match") and "negated: спасибо" in box.verdict.text()
    box.phrase.setText("спс")
    assert box.verdict.text().startswith("✘")
    settings.t_synonyms.setText("спс")
    settings.t_synonyms.textEdited.emit("спс")  # adding the synonym re-checks the phrase
    assert box.verdict.text().startswith("✔")
