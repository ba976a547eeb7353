"""``dezgo.testing``: a local Dezgo simulator built from the pinned spec.

Install with the ``testing`` extra (starlette, uvicorn, python-multipart, Pillow)::

    from dezgo import Dezgo
    from dezgo.testing import Simulator

    with Simulator(balance="5.00") as sim:
        client = Dezgo(api_key=sim.api_key, base_url=sim.url)
        client.text2image(prompt="a lighthouse at dusk")
        assert sim.total_billed == client.ledger.total_usd
"""

from dezgo.testing.faults import KINDS as FAULT_KINDS
from dezgo.testing.faults import Fault, parse_fault
from dezgo.testing.server import Simulator
from dezgo.testing.state import BilledJob

__all__ = ["FAULT_KINDS", "BilledJob", "Fault", "Simulator", "parse_fault"]
