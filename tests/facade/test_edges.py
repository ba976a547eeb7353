"""The edges of the facade: what cannot be sent is refused clearly, results are saved under honest names,
and errors speak Python with public names only."""

from __future__ import annotations

import io
import math
import warnings

import pytest
from PIL import Image as PILImage

from dezgo import AsyncDezgo, Dezgo, InvalidRequestError, WeakEvidenceWarning
from dezgo._spec import is_reconstruction
from dezgo.images import Image


def _image(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


# -- values no request can carry ------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"guidance": math.nan}, "guidance", "should be a finite number, got nan"),
        ({"lora1_strength": math.inf}, "lora1_strength", "should be a finite number, got inf"),
        ({"prompt": "a \ud800 lighthouse"}, "prompt", "lone surrogate ('\\ud800') at position 2"),
        ({"prompt": "a\x00lighthouse"}, "prompt", "NUL character at position 1"),
        ({"negative_prompt": "fog\x00"}, "negative_prompt", "NUL character at position 3"),
    ],
)
def test_values_no_request_can_carry_are_refused_before_sending(
    kwargs, field, reason, encoding, sim, needs_encoding
):
    needs_encoding("text2image", encoding)
    arguments = {"prompt": "x", **kwargs}
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, pytest.raises(InvalidRequestError) as caught:
        client.text2image(**arguments, encoding=encoding)
    assert caught.value.field == field
    assert reason in str(caught.value)
    assert type(caught.value) is InvalidRequestError, "not a raw ValueError or UnicodeEncodeError"
    assert sim.requests == {}, "nothing was sent, nothing was billed"


def test_a_nan_is_refused_where_the_spec_has_no_bounds_and_in_a_path(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.raises(InvalidRequestError, match="finite"):
            client.text2image(prompt="x", lora2_strength=float("-inf"))
        with pytest.raises(InvalidRequestError, match="NUL"):
            client.unstable_job(tx_id="job\x00")
    assert sim.requests == {}


def test_a_long_bad_value_is_quoted_as_a_short_prefix(sim):
    prompt = "a lighthouse at dusk " * 50_000  # 1 MB
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client, pytest.raises(InvalidRequestError) as caught:
        client.text2image(prompt=prompt)
    message = str(caught.value)
    assert "should have at most 1000 characters" in message
    assert "(1050000 characters)" in message
    assert len(message) < 300, message
    assert sim.requests == {}


def test_plurals_are_right():
    from dezgo._validation import plural, quote

    assert plural(1, "character") == "1 character"
    assert plural(2, "character") == "2 characters"
    assert quote(b"\x00" * 3) == "<3 bytes>"
    assert quote(b"\x00") == "<1 byte>"


@pytest.mark.reconstruction
def test_an_empty_prompt_is_only_a_warning_in_json_but_missing_in_a_form(sim):
    # minLength 1 is an inference (G): JSON sends it; a form's empty value means "not set"
    # to FastAPI, and the prompt is required (H).
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.warns(WeakEvidenceWarning, match="at least 1 character, got ''"):
            client.text2image(prompt="")
        with pytest.raises(InvalidRequestError, match="empty value in a form body means 'not set'"):
            client.text2image(prompt="", encoding="form")
    assert len(sim.charges) == 1


# -- image inputs -------------------------------------------------------------------------------------


def test_other_image_formats_are_sent_with_a_warning_and_strict_refuses_them(sim):
    gif = _image("GIF", (48, 32))
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.warns(WeakEvidenceWarning, match="is a GIF image") as caught:
            result = client.upscale(image=gif)
        assert caught[0].message.evidence.level == "G", "our inference, whatever the document"
        if is_reconstruction():  # the note is our evidence's, on the reconstruction's image fields
            assert "PNG, JPEG and WebP are all accepted is an inference [G]" in str(caught[0].message)
        assert (result.width, result.height) == (96, 64)
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url, strict=True) as strict,
        pytest.raises(InvalidRequestError, match="is a GIF image"),
    ):
        strict.upscale(image=gif)
    assert len(sim.charges) == 1


def test_bytes_that_are_no_image_are_refused(sim):
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url) as client,
        pytest.raises(InvalidRequestError, match="not an image"),
    ):
        client.upscale(image=b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert sim.requests == {}


# -- saving results ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "wrong", "right"), [("PNG", "a.jpg", "a.png"), ("JPEG", "a.png", "a.jpg")])
def test_save_never_writes_one_format_under_another_formats_extension(fmt, wrong, right, tmp_path):
    image = Image.from_bytes(_image(fmt), operation="text2image")
    with pytest.raises(ValueError, match="names a") as refused:
        image.save(tmp_path / wrong)
    message = str(refused.value)
    assert right in message, "the fix is in the message"
    assert "fix_extension=True" in message
    assert "format=" in message, "and how to ask the service for the named format"
    assert list(tmp_path.iterdir()) == [], "nothing was written"
    written = image.save(tmp_path / wrong, fix_extension=True)
    assert written == tmp_path / right
    assert PILImage.open(written).format == fmt


@pytest.mark.parametrize("name", ["a.png", "a.PNG", "a", "a.bin", "out.data"])
def test_save_keeps_names_that_agree_or_name_no_format(name, tmp_path):
    image = Image.from_bytes(_image("PNG"))
    written = image.save(tmp_path / name)
    assert written.name == (name if "." in name else f"{name}.png")


def test_save_with_a_jpeg_extension_spelt_jpeg(tmp_path):
    image = Image.from_bytes(_image("JPEG"))
    assert image.save(tmp_path / "b.jpeg").name == "b.jpeg"
    assert image.save(tmp_path / "c.JPG").name == "c.JPG"


# -- errors name public classes ------------------------------------------------------------------------


def test_typos_name_the_public_class_not_a_generated_mixin(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url) as client:
        with pytest.raises(TypeError) as typo:
            client.text2image(prompt="x", widht=512)  # type: ignore[call-arg]
        assert str(typo.value).startswith("Dezgo.text2image() got an unexpected keyword argument 'widht'")
        with pytest.raises(
            TypeError, match=r"^Dezgo\.text2image\(\) missing 1 required keyword-only argument"
        ):
            client.text2image()  # type: ignore[call-arg]
    client = AsyncDezgo(api_key=sim.api_key, base_url=sim.url)
    with pytest.raises(TypeError, match=r"^AsyncDezgo\.upscale\(\) got an unexpected keyword"):
        client.upscale(imag=b"")  # type: ignore[call-arg]
    assert Dezgo.text2image.__qualname__ == "Dezgo.text2image"
    assert sim.requests == {}


def test_no_warning_for_a_call_that_is_refused(sim):
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url) as client,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        with pytest.raises(InvalidRequestError):
            client.text2image(prompt="x", sampler="fastest", width=2000)  # sampler is a guess, width is not
    assert caught == []
