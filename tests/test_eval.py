"""The geoparser scored on the development set with the project's own scorer (CI floor: 0.95)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from geo import load_corpus, parse_article

EVAL = Path(__file__).parent / "data" / "eval"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_gold_overlap_f1_and_accuracy():
    scorer = _scorer()
    gold = scorer.load(EVAL / "seeds_gold.jsonl")
    predicted = [m.to_record() for article in load_corpus() for m in parse_article(article)]
    # the records must survive a JSON round trip, as the CLI prints them
    predicted = [json.loads(json.dumps(record, ensure_ascii=False)) for record in predicted]
    result = scorer.score(gold, predicted)
    precision, recall, f1 = result["overlap_prf"]
    assert f1 >= 0.95, result["missed"] + result["spurious"]
    assert result["acc_161km"] >= 0.95, result["wrong"]
