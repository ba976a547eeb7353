"""``dezgo sim``: run the simulator in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from dezgo.testing.faults import KINDS, parse_fault

__all__ = ["main"]


def build_parser(prog: str = "dezgo sim") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Run a local Dezgo simulator on 127.0.0.1.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free port)")
    parser.add_argument("--balance", default="5.00", help="the test account's balance in USD (default 5.00)")
    parser.add_argument("--seed", type=int, default=0, help="seed for chosen seeds and fault rates")
    parser.add_argument("--api-key", default=None, help="use this test key instead of a random one")
    parser.add_argument("--spec", default=None, help="serve this spec instead of the pinned one")
    parser.add_argument("--async-jobs", action="store_true", help="answer job-ticket operations with tickets")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[=VALUE][:OPERATION][@RATE][#COUNT]",
        help=f"inject a fault (repeatable); kinds: {', '.join(KINDS)}",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        faults = [parse_fault(text) for text in args.fault]
    except ValueError as exc:
        parser.error(str(exc))
    from dezgo.testing.server import Simulator

    sim = Simulator(
        balance=args.balance,
        seed=args.seed,
        faults=faults,
        spec_path=args.spec,
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        async_jobs=args.async_jobs,
    )
    try:
        sim.start()
    except OSError as exc:
        print(f"dezgo sim: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"Dezgo simulator on {sim.url}", flush=True)
    print(f"test key: {sim.api_key} (balance {sim.balance} USD)", flush=True)
    print(
        f"try: DEZGO_BASE_URL={sim.url} DEZGO_API_KEY=<test key> dezgo text2image 'a lighthouse' -o out.png",
        flush=True,
    )
    for fault in sim.fault_plan.faults:
        print(f"fault: {fault}", flush=True)
    stop.wait()
    sim.stop()
    print(f"stopped; billed {len(sim.charges)} jobs, {sim.total_billed} USD", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
