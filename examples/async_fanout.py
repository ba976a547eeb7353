"""Many prompts at once with AsyncDezgo, under a spending cap.

Twelve jobs are started together, at most four in flight; the client's budget
refuses (before sending, so nothing is charged) whatever would pass 0.02 USD.
Each refusal is a ``BudgetExceededError``; the ledger has every charge, exactly.

Runs against a local simulator unless ``DEZGO_BASE_URL`` is set (then it uses
``DEZGO_BASE_URL`` and ``DEZGO_API_KEY``; against https://api.dezgo.com that is
real money, at most the budget).
"""

from __future__ import annotations

import asyncio
import os
import sys
from decimal import Decimal
from pathlib import Path

from dezgo import AsyncDezgo, BudgetExceededError

BUDGET_USD = Decimal("0.02")
PROMPTS = [f"a lighthouse at dusk, study {n}" for n in range(12)]
OUT = Path("out/fanout")


async def fan_out(api_key: str | None, base_url: str | None) -> int:
    limit = asyncio.Semaphore(4)
    async with AsyncDezgo(api_key=api_key, base_url=base_url, budget_usd=BUDGET_USD) as client:

        async def one(number: int, prompt: str) -> str:
            async with limit:
                try:
                    image = await client.text2image(prompt=prompt, width=512, height=512, seed=number)
                except BudgetExceededError:
                    return "refused by the budget (not sent)"
            path = await asyncio.to_thread(image.save, OUT / f"{number:02d}")  # disk I/O off the loop
            return f"{path} ({image.charge.amount_usd if image.charge else '?'} USD)"

        results = await asyncio.gather(*(one(n, p) for n, p in enumerate(PROMPTS)))
        for number, outcome in enumerate(results):
            print(f"job {number:2d}: {outcome}")
        spent = client.ledger.total_usd
        made = sum(not r.startswith("refused") for r in results)
    print(
        f"{made} images for {spent} USD; budget {BUDGET_USD} USD; {len(PROMPTS) - made} refused before sending"
    )
    return 0 if spent <= BUDGET_USD else 1


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if os.environ.get("DEZGO_BASE_URL"):
        return asyncio.run(fan_out(None, None))  # the key and the URL come from the environment
    from dezgo.testing import Simulator

    with Simulator(balance="5.00") as sim:
        return asyncio.run(fan_out(sim.api_key, sim.url))


if __name__ == "__main__":
    sys.exit(main())
