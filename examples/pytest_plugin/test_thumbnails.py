"""Tests of an application function, ``make_thumbnails``, with the dezgo pytest plugin."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dezgo import Dezgo, InvalidRequestError


def make_thumbnails(client: Dezgo, prompts: list[str], folder: Path) -> Decimal:
    """The code under test: one 320x320 JPEG per prompt; returns what they cost."""
    for number, prompt in enumerate(prompts):
        image = client.text2image(prompt=prompt, width=320, height=320, format="jpg", seed=number)
        image.save(folder / f"thumb-{number}.jpg")
    return client.ledger.total_usd


def test_each_prompt_gives_a_jpeg_and_the_cost_matches_the_bill(dezgo_client, dezgo_simulator, tmp_path):
    spent = make_thumbnails(dezgo_client, ["a fox", "a heron"], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thumb-0.jpg", "thumb-1.jpg"]
    assert (tmp_path / "thumb-0.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert spent == dezgo_simulator.total_billed  # what the app counted is what the "service" billed


def test_a_rate_limit_is_retried_and_billed_once(dezgo_client, dezgo_simulator, tmp_path):
    dezgo_simulator.add_fault("rate-limit", "text2image", count=1, value=0.01)
    make_thumbnails(dezgo_client, ["a fox"], tmp_path)
    assert len(dezgo_simulator.charges) == 1


def test_a_bad_size_costs_nothing(dezgo_client, dezgo_simulator, tmp_path):
    with pytest.raises(InvalidRequestError, match="multiple of 8"):
        dezgo_client.text2image(prompt="a fox", width=321)
    assert dezgo_simulator.charges == []
