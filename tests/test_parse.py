"""Loading and checking the spaCy pipeline; paragraph breaks end sentences."""

from __future__ import annotations

import pytest
import spacy

from newswire.errors import ModelError
from newswire.parse import DEFAULT_MODEL, _check_meta, load_pipeline


def test_default_model_is_the_pinned_version():
    nlp = load_pipeline()
    assert nlp.meta["version"] == "3.8.0"
    assert "newswire_paragraphs" in nlp.pipe_names


def test_wrong_version_of_default_model_is_refused():
    nlp = spacy.blank("en")
    nlp.meta["version"] = "3.7.1"
    with pytest.raises(ModelError, match="3.7.1"):
        _check_meta(DEFAULT_MODEL, nlp)


def test_non_english_pipeline_is_refused():
    with pytest.raises(ModelError, match="language 'de'"):
        _check_meta("de_custom", spacy.blank("de"))


def test_pipeline_without_parser_is_refused():
    with pytest.raises(ModelError, match="lacks the components"):
        _check_meta("en_custom", spacy.blank("en"))


def test_missing_model_names_itself():
    with pytest.raises(ModelError, match="xx_missing_model"):
        load_pipeline("xx_missing_model")


def test_line_break_starts_a_sentence():
    nlp = load_pipeline()
    doc = nlp('"The fighting will go on\n"Nobody expects a ceasefire," he said.')
    starts = [sentence.text.strip()[:8] for sentence in doc.sents]
    assert any(s.startswith('"Nobody') for s in starts)
    assert all("\n" not in sentence.text.strip() for sentence in doc.sents)
