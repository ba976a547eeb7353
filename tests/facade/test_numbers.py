"""Numbers are numbers whatever their Python type: numpy scalars, ``Fraction`` and ``Decimal`` are
accepted where the spec says number (an integral one where it says integer) and leave as plain
JSON numbers or form text, through the simulator."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from decimal import Decimal
from fractions import Fraction

import pytest

from dezgo import AsyncDezgo, Dezgo, InvalidRequestError
from dezgo._constants import MEDIA_TYPES
from dezgo._spec import pinned_operations
from dezgo.testing import Simulator

np = pytest.importorskip("numpy")


class _Bodies:
    """A simulator middleware keeping the body of every request it passes on."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bytes]] = []

    def __call__(self, app):
        async def wrapped(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            chunks, more = [], True
            while more:
                message = await receive()
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
            body = b"".join(chunks)
            headers = dict(scope["headers"])
            self.seen.append((headers.get(b"content-type", b"").decode(), body))
            replayed = False

            async def replay():
                nonlocal replayed
                if replayed:
                    return {"type": "http.disconnect"}
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

            await app(scope, replay, send)

        return wrapped

    def fields(self) -> dict[str, str | int | float]:
        """The last body's fields: JSON values, or the text a form or multipart part carried."""
        kind, body = self.seen[-1]
        if kind.startswith("application/json"):
            return json.loads(body)
        if kind.startswith("application/x-www-form-urlencoded"):
            return dict(urllib.parse.parse_qsl(body.decode()))
        boundary = kind.split("boundary=", 1)[1].encode()
        out = {}
        for part in body.split(b"--" + boundary)[1:-1]:
            head, _, value = part.strip(b"\r\n").partition(b"\r\n\r\n")
            name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
            out[name] = value.decode()
        return out


NUMBERS = {
    "numpy float32": (np.float32(7.5), np.int64(320)),
    "numpy float16 and uint16": (np.float16(-2.5), np.uint16(384)),
    "Fraction": (Fraction(15, 2), Fraction(640, 2)),
    "Decimal": (Decimal("7.5"), Decimal("320")),
    "numpy float64 and a whole float32": (np.float64(1.25), np.float32(448.0)),
}


@pytest.fixture(scope="module")
def bodies():
    recorder = _Bodies()
    with Simulator(balance="100", middleware=recorder) as sim:
        recorder.sim = sim
        yield recorder


TEXT2IMAGE = next(op for op in pinned_operations() if op.name == "text2image")
ENCODINGS = [name for name, media in MEDIA_TYPES.items() if media in TEXT2IMAGE.request_media_types]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", list(NUMBERS))
def test_number_types_are_sent_as_plain_numbers(bodies, kind, encoding):
    guidance, width = NUMBERS[kind]
    with Dezgo(api_key=bodies.sim.api_key, base_url=bodies.sim.url, max_retries=0) as client:
        image = client.text2image(
            prompt="a number", guidance=guidance, width=width, height=np.int32(320), encoding=encoding
        )
    assert (image.width, image.height) == (int(width), 320)
    sent = bodies.fields()
    if encoding == "json":
        assert sent["guidance"] == float(guidance)
        assert type(sent["guidance"]) is float
        assert sent["width"] == int(width)
        assert type(sent["width"]) is int
        assert sent["height"] == 320
        assert type(sent["height"]) is int
    else:
        assert float(sent["guidance"]) == float(guidance)
        assert sent["width"] == str(int(width)), "an integer field gets integer text"
        assert sent["height"] == "320"


def test_number_types_are_sent_as_plain_numbers_by_the_async_client(bodies):
    async def go():
        async with AsyncDezgo(api_key=bodies.sim.api_key, base_url=bodies.sim.url, max_retries=0) as client:
            return await client.text2image(prompt="async", guidance=np.float32(7.5), steps=np.int8(12))

    asyncio.run(go())
    sent = bodies.fields()
    if "json" not in ENCODINGS:  # a form carries text; the value is what counts
        assert (float(sent["guidance"]), sent["steps"]) == (7.5, "12")
        return
    assert (sent["guidance"], sent["steps"]) == (7.5, 12)
    assert (type(sent["guidance"]), type(sent["steps"])) == (float, int)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("seed", Fraction(7, 2), "should be a whole number, got 3.5"),
        ("seed", np.float32(3.5), "should be a whole number, got 3.5"),
        ("lora1_strength", Fraction(10**400), "cannot be sent as a number"),
        ("lora1_strength", np.complex64(1 + 2j), "cannot be sent as a number"),
        ("guidance", np.float32("nan"), "finite"),
        ("guidance", np.float64("inf"), "finite"),
        ("guidance", Fraction(41, 2), "less than or equal to 20"),
        ("steps", np.int64(5), "greater than or equal to 10"),
    ],
)
def test_number_types_are_checked_like_any_number_before_sending(bodies, field, value, said):
    before = len(bodies.seen)
    with (
        Dezgo(api_key=bodies.sim.api_key, base_url=bodies.sim.url, max_retries=0) as client,
        pytest.raises(InvalidRequestError) as caught,
    ):
        client.text2image(prompt="refused", **{field: value})
    assert caught.value.field == field
    assert said in caught.value.reason
    assert len(bodies.seen) == before, "nothing was sent"
