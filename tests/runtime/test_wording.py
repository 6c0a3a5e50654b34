"""Words for people: problems name steps as the canvas shows them, settings by their labels, and
keep the step id as a detail (``step_id`` and the technical ``message``)."""

from __future__ import annotations

from runtime.flow.io import flow_from_dict
from runtime.flow.validate import validate_flow
from runtime.flow.wording import step_label, step_title

DOC = {"format": "flowcanvas/1", "name": "Words", "trigger": {"type": "manual"}, "goal": {"event": "purchase"},
       "steps": [
           {"id": "vip", "type": "condition", "name": "VIP?",
            "config": {"if": {"all": [{"tag": "vip"}, {"field": "", "op": "=", "value": 3}]}}},
           {"id": "hello", "type": "send_email", "name": "Hello", "config": {"subject": "{{ x", "body": ""}},
           {"id": "t", "type": "add_tag", "config": {"tag": "x"}},
           {"id": "nudge", "type": "send_sms", "name": "Nudge", "config": {"text": "hi"}},
       ],
       "edges": [{"from": "vip", "port": "yes", "to": "hello"}, {"from": "hello", "to": "t"},
                 {"from": "t", "to": "nudge"}, {"from": "nudge", "to": "gone"}, {"from": "vip", "port": "maybe",
                                                                                "to": "t"}]}


def _texts() -> dict[tuple[str | None, str], str]:
    report = validate_flow(flow_from_dict(DOC))
    return {(p.step_id, p.code): p.text for p in report.problems}


def test_problems_in_plain_sentences_with_the_id_as_detail() -> None:
    texts = _texts()
    assert texts[("vip", "bad_condition")] == "Condition 'VIP?': rule 2 has no field chosen"
    assert texts[("hello", "bad_config")] == "Send email 'Hello': Body is empty"
    assert texts[("hello", "bad_template")].startswith("Send email 'Hello', Subject: template error on line 1")
    assert texts[("nudge", "dangling_edge")] == "the link from Send SMS 'Nudge' to 'gone' refers to unknown step 'gone'"
    assert texts[("vip", "bad_port")] == "Condition 'VIP?' has no port 'maybe' (its ports: yes, no)"
    for text in texts.values():  # no type names, config paths or condition paths
        assert "(condition)" not in text and "config." not in text and "if.all" not in text, text
    # the technical message keeps the step id and path for files and scripts
    report = validate_flow(flow_from_dict(DOC))
    [bad] = [p for p in report.errors if p.code == "bad_condition"]
    assert bad.message == "step 'vip' (condition) if.all[1]: 'field' must be a field name"
    assert bad.to_json()["text"] == bad.text and bad.to_json()["step"] == "vip"


def test_linter_advice_names_steps_too() -> None:
    doc = {**DOC, "steps": [
        {"id": "hello", "type": "send_email", "name": "Hello", "config": {"subject": "Hi", "body": "Hi"}},
        {"id": "t", "type": "add_tag", "config": {"tag": "x"}},
        {"id": "nudge", "type": "send_sms", "name": "Nudge", "config": {"text": "hi"}}],
        "edges": [{"from": "hello", "to": "t"}, {"from": "t", "to": "nudge"}]}
    [advice] = [p for p in validate_flow(flow_from_dict(doc)).warnings if p.code == "lint_sends_without_wait"]
    assert advice.step_id == "nudge"
    assert advice.text.startswith("Send SMS 'Nudge': sends right after Send email 'Hello' with no wait")


def test_labels_and_picker_titles() -> None:
    flow = flow_from_dict(DOC)
    assert step_label(flow.step("vip")) == "Condition 'VIP?'" and step_title(flow.step("vip")) == "VIP?"
    # an unnamed step: its kind and its card's summary; a picker shows the summary
    assert step_label(flow.step("t")) == "Add tag (Tag +x)" and step_title(flow.step("t")) == "Tag +x"


def test_flow_settings_problems_name_the_place_in_words() -> None:
    doc = {**DOC, "trigger": {"type": "event", "event": "go",
                              "filter": {"all": [{"tag": "a"}, {"field": "", "op": "=", "value": 1}]}},
           "entry": {"exclude": {"tag": ""}}, "goal": {"event": ""},
           "steps": [{"id": "t", "type": "add_tag", "config": {"tag": "x"}}], "edges": []}
    texts = sorted(p.text for p in validate_flow(flow_from_dict(doc)).errors)
    assert texts == ["Goal event is empty", "Keep-out condition: no tag chosen",
                     "Trigger filter: rule 2 has no field chosen"]
