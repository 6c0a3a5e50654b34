"""Keywords by meaning (``match: similar``): lemmas, typos, synonyms and negation, on a table of
Russian and English messages a funnel really gets."""

from __future__ import annotations

import pytest

from runtime.steps.conditions import text_matches
from runtime.text.keywords import explain, matches_meaning

THANKS = ["благодарю", "спс", "thank you"]

# (keyword, synonyms, message, expected)
TABLE = [
    # Russian: word forms
    ("спасибо", THANKS, "Спасибо!", True),
    ("спасибо", THANKS, "спасибо большое, всё понятно", True),
    ("спасибо", THANKS, "Благодарю вас", True),
    ("спасибо", THANKS, "спс", True),
    ("спасибо", THANKS, "спосибо", True),  # typo
    ("спасибо", THANKS, "спасибо, но нет", False),  # taken back
    ("спасибо", THANKS, "не спасибо", False),
    ("спасибо", THANKS, "а где оплата?", False),
    ("оплатил", [], "я оплатила", True),
    ("оплатил", [], "Оплатили вчера вечером", True),
    ("оплатил", [], "ещё не оплатил", False),
    ("оплатил", [], "оплачу завтра", True),  # lemmas ignore tense: a flow that needs it uses regex
    ("купить курс", [], "хочу купить ваш курс", True),
    ("купить курс", [], "Курсы купить можно?", True),
    ("купить курс", [], "хочу купить", False),  # one word of two is not the keyword
    ("купить курс", [], "не буду покупать курс", False),
    ("цена", ["сколько стоит", "стоимость"], "а сколько стоит?", True),
    ("цена", ["сколько стоит", "стоимость"], "какие цены?", True),
    ("цена", ["сколько стоит", "стоимость"], "Стоимость обучения?", True),
    ("цена", ["сколько стоит", "стоимость"], "где найти расписание", False),
    ("не надо", [], "нет, не надо больше писать", True),  # a negated keyword is matched as a phrase
    ("не надо", [], "надо", False),
    ("подписаться", [], "хочу подписаться на рассылку", True),
    ("подписаться", [], "подпишите меня", True),  # подписать ~ подписаться
    ("подписаться", [], "хочу отписаться", False),  # two letters away, but another word
    ("отписаться", ["стоп", "хватит"], "СТОП", True),
    ("отписаться", ["стоп", "хватит"], "хватит слать", True),
    ("отписаться", ["стоп", "хватит"], "отпишите", True),
    ("отписаться", ["стоп", "хватит"], "подпишите", False),
    ("записаться", [], "Как записатся на консультацию?", True),  # typo in a long word
    # English: stems
    ("thank you", THANKS, "Thanks, you are great", True),
    ("thanks", [], "thank you so much", True),
    ("thanks", [], "thanks but no", False),
    ("thanks", [], "no thanks", False),
    ("order", [], "I ordered yesterday", True),
    ("order", [], "ordering now", True),
    ("order", [], "I did not order anything", False),
    ("order", [], "odrer", True),  # two letters swapped: one typo
    ("subscribe", [], "unsubscribe", False),
    ("price", ["how much", "cost"], "How much is it?", True),
    ("price", ["how much", "cost"], "what are your prices", True),
    ("price", ["how much", "cost"], "it costs too much", True),
    ("price", ["how much", "cost"], "where is my parcel", False),
    ("subscribe", [], "please subscrbe me", True),
    ("subscribe", [], "don't subscribe me", False),
    ("yes", [], "yes, but no", False),
    ("yes", [], "Yes!", True),
    ("cat", [], "cut", False),  # short words need to be exact
]


@pytest.mark.parametrize(("keyword", "synonyms", "message", "expected"), TABLE,
                         ids=[f"{row[0]}|{row[2]}" for row in TABLE])
def test_keyword_table(keyword: str, synonyms: list[str], message: str, expected: bool) -> None:
    assert matches_meaning(keyword, message, synonyms) is expected, explain(keyword, message, synonyms)


def test_table_is_big_enough_and_balanced() -> None:
    assert len(TABLE) >= 40
    assert sum(1 for row in TABLE if row[3]) >= 15 and sum(1 for row in TABLE if not row[3]) >= 15


def test_triggers_and_conditions_use_synonyms_and_language() -> None:
    assert text_matches("similar", "спасибо", "спс", ["спс"]) is True
    assert text_matches("similar", "спасибо", "спс") is False
    assert text_matches("similar", "kaufen", "ich kaufe", None, "de") is True
    assert text_matches("similar", "спасибо", "спасибо, но нет", ["спс"]) is False
    # other match kinds are untouched by synonyms
    assert text_matches("exact", "спасибо", "спс", ["спс"]) is False


def test_explain_shows_lemmas_and_negated_words() -> None:
    seen = explain("оплатил", "ещё не оплатил")
    assert seen["matches"] is False and seen["keyword_lemmas"] == ["оплатить"] and seen["negated"] == ["оплатил"]
