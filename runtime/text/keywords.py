"""Keywords by meaning: the ``similar`` match of message triggers and conditions.

A keyword matches a message when every word of the keyword (or of one of its synonyms) is in the
message, compared as lemmas, with typos tolerated, and not negated:

- words are reduced to their dictionary form: pymorphy3 for Russian (and other Cyrillic words),
  snowball stemmers for Latin-script words (English by default, or the trigger's ``language``);
  so "благодарю" finds "благодарить" and "ordered" finds "order";
- a typo of one letter in a word of 4-7 letters, two in a longer one, still matches (rapidfuzz
  OSA distance on the lemma and on the word as written, so a swap of two letters is one typo),
  as long as the first letter is right; 3-letter words must be exact;
- synonyms are the trigger's own list (``"synonyms": ["благодарю", "спс"]``): each is another
  keyword that counts as the same;
- negation: a matched word with a negator shortly before it ("не", "нет", "not", "no", "don't",
  ...), or a message that answers the keyword and then takes it back ("спасибо, но нет", "yes,
  but no") does not match. A keyword that itself contains a negator ("не надо") is matched as a
  phrase instead, so it still finds "нет, не надо".

Functions are pure and cached per word, so a trigger checking every inbound message stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")

NEGATORS = frozenset({
    "не", "нет", "ни", "нету", "никогда", "неа", "отказываюсь",
    "not", "no", "never", "dont", "don't", "doesn't", "doesnt", "isn't", "isnt", "won't", "wont", "cannot", "can't",
    "nope", "nah",
})
CONTRASTS = frozenset({"но", "однако", "а", "but", "however"})
NEGATION_WINDOW = 2  # a negator this many words before a keyword word negates it
STEMMER_LANGUAGES = {"en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
                     "pt": "portuguese", "nl": "dutch", "uk": "russian"}


def words(text: str) -> list[str]:
    """The words of ``text``: NFKC, case-folded, ``ё`` as ``е``, apostrophes unified."""
    norm = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е").replace("’", "'")
    return _WORD.findall(norm)


@lru_cache(maxsize=1)
def _morph() -> Any:  # a pymorphy3 MorphAnalyzer (untyped library)
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:  # a snowballstemmer stemmer (untyped library)
    import snowballstemmer

    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=50000)
def lemma(word: str, language: str = "en") -> str:
    """The dictionary form of one (already case-folded) word."""
    if _CYRILLIC.search(word):
        return str(_morph().parse(word)[0].normal_form).replace("ё", "е")
    if word.isascii() and word.isalpha():
        return str(_stemmer(STEMMER_LANGUAGES.get(language, "english")).stemWord(word))
    return word


def _allowed_edits(word: str) -> int:
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 7 else 2


@dataclass(frozen=True)
class _Token:
    word: str
    lemma: str


def _tokens(text: str, language: str) -> list[_Token]:
    return [_Token(w, lemma(w, language)) for w in words(text)]


def _same(want: _Token, got: _Token) -> bool:
    if want.lemma == got.lemma or want.word == got.word:
        return True
    edits = _allowed_edits(want.word)
    if edits == 0 or want.word[0] != got.word[0]:
        # typos seldom hit the first letter, while prefixes change meaning: "отписаться" is two
        # edits from "подписаться", "unsubscribe" two from "subscribe"
        return False
    # OSA distance: a swap of two neighbouring letters ("odrer") is one typo, not two
    return (OSA.distance(want.lemma, got.lemma, score_cutoff=edits) <= edits
            or OSA.distance(want.word, got.word, score_cutoff=edits) <= edits)


def _negated(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the word at ``index`` is negated: a negator just before it, or a contrast later
    in the message followed by a negator ("..., но нет")."""
    for back in range(max(0, index - NEGATION_WINDOW), index):
        if tokens[back].word in NEGATORS:
            return True
    after = [t.word for t in tokens[index + 1:]]
    return any(word in CONTRASTS and any(w in NEGATORS for w in after[i + 1:i + 4]) for i, word in enumerate(after))


def _phrase_match(keyword: Sequence[_Token], message: Sequence[_Token], negation: bool) -> bool:
    if not keyword:
        return False
    if any(t.word in NEGATORS for t in keyword):
        # the keyword carries its own negation: look for it as a contiguous phrase
        n = len(keyword)
        return any(all(_same(k, m) for k, m in zip(keyword, message[i:i + n], strict=True)) for i in range(len(message) - n + 1))
    for want in keyword:
        hits = [i for i, got in enumerate(message) if _same(want, got)]
        if not hits:
            return False
        if negation and all(_negated(message, i) for i in hits):
            return False
    return True


def matches_meaning(keyword: str, text: str, synonyms: Iterable[str] = (), language: str = "en",
                    negation: bool = True) -> bool:
    """Whether ``text`` says ``keyword`` (or one of ``synonyms``), by lemmas, with typos, not negated."""
    message = _tokens(text, language)
    if not message:
        return False
    for phrase in (keyword, *synonyms):
        if isinstance(phrase, str) and _phrase_match(_tokens(phrase, language), message, negation):
            return True
    return False


def explain(keyword: str, text: str, synonyms: Iterable[str] = (), language: str = "en") -> dict[str, object]:
    """What the matcher sees (for the trigger inspector's "test a phrase" box)."""
    message = _tokens(text, language)
    return {
        "matches": matches_meaning(keyword, text, synonyms, language),
        "message_lemmas": [t.lemma for t in message],
        "keyword_lemmas": [t.lemma for t in _tokens(keyword, language)],
        "negated": [t.word for i, t in enumerate(message) if _negated(message, i) and t.word not in NEGATORS],
    }
