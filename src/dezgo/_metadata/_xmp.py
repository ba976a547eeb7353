"""The XMP packet that carries the record in JPEG and WebP files (written without Pillow).

The record is the text of one property, ``dezgo:record``, as ASCII JSON, so XML
escaping is all it needs; ``dc:description`` holds the prompt and
``xmp:CreatorTool`` the SDK, for photo tools that show those. Reading parses the
packet with the standard library (expat refuses external entities and, from 2.4.1,
bounds entity expansion); only ``dezgo:record`` is read back.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from dezgo._metadata._record import MAX_RECORD_CHARS, ImageMetadata

__all__ = ["NAMESPACE", "packet", "record_of"]

NAMESPACE = "urn:dezgo-python:xmp:1/"
MAX_PACKET_BYTES = 4 * MAX_RECORD_CHARS
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold: dropped from the description (the record keeps them, escaped)."""


def packet(metadata: ImageMetadata) -> bytes:
    description = ""
    if metadata.prompt:
        text = escape(_NOT_XML.sub("", metadata.prompt))
        description = f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></dc:description>'
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmlns:dezgo="{NAMESPACE}">'
        f"<xmp:CreatorTool>{escape(metadata.software)}</xmp:CreatorTool>"
        f"{description}"
        f"<dezgo:record>{escape(metadata.to_json())}</dezgo:record>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def record_of(xmp: bytes) -> ImageMetadata | None:
    """The record in an XMP packet; None when it has none; ValueError when it is damaged."""
    if NAMESPACE.encode() not in xmp:
        return None
    if len(xmp) > MAX_PACKET_BYTES:
        raise ValueError(f"the XMP packet is larger than {MAX_PACKET_BYTES} bytes")
    start, end = xmp.find(b"<x:xmpmeta"), xmp.rfind(b"</x:xmpmeta>")
    if start < 0 or end < start:
        raise ValueError("the XMP packet is damaged (no x:xmpmeta element)")
    try:
        root = ET.fromstring(xmp[start : end + len(b"</x:xmpmeta>")])
    except ET.ParseError as exc:
        raise ValueError(f"the XMP packet is not well-formed XML ({exc})") from None
    found = root.find(f".//{{{NAMESPACE}}}record")
    if found is None or found.text is None:
        return None
    return ImageMetadata.from_json(found.text)
