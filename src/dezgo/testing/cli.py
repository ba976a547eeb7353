"""``dezgo sim``: run the simulator in the foreground until Ctrl-C.

The global options apply: ``--base-url http://127.0.0.1:8123`` is where it
listens, ``--api-key-file`` holds the test key it accepts, ``--json`` prints
its address and key as one JSON line, ``--debug`` logs what it does.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import threading
from urllib.parse import urlsplit

from dezgo._exit import ExitCode
from dezgo.cli._options import CommandError, api_key, option, standalone
from dezgo.testing.faults import KINDS, parse_fault

__all__ = ["configure", "main", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Run a local Dezgo simulator (a real HTTP server on 127.0.0.1)."
    parser.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default 8000; 0 = any free port)")
    parser.add_argument("--balance", default="5.00", help="the test account's balance in USD (default 5.00)")
    parser.add_argument("--seed", type=int, default=0, help="seed for chosen seeds and fault rates")
    parser.add_argument("--api-key", default=None, help="accept this test key instead of a random one")
    parser.add_argument("--spec", default=None, help="serve this spec instead of the pinned one")
    parser.add_argument("--async-jobs", action="store_true", help="answer job-ticket operations with tickets")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also refuse (422) values that break limits the spec only guesses (evidence L or G); "
        "by default they are served, as the facade sends them",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[=VALUE][:OPERATION][@RATE][#COUNT]",
        help=f"inject a fault (repeatable); kinds: {', '.join(KINDS)}",
    )


def _address(args: argparse.Namespace) -> tuple[str, int]:
    host, port = "127.0.0.1", 8000
    base = option(args, "base_url")
    if base:
        parts = urlsplit(base if "//" in base else f"http://{base}")
        host = parts.hostname or host
        try:
            port = parts.port if parts.port is not None else port
        except ValueError:
            raise CommandError(f"--base-url {base!r} has no valid port", ExitCode.BAD_INPUT) from None
    return args.host or host, args.port if args.port is not None else port


def run(args: argparse.Namespace) -> int:
    try:
        faults = [parse_fault(text) for text in args.fault]
    except ValueError as exc:
        raise CommandError(str(exc), ExitCode.BAD_INPUT) from None
    try:
        from dezgo.testing.server import Simulator
    except ImportError:
        raise CommandError(
            "dezgo sim needs the testing extra: pip install 'dezgo[testing]'", ExitCode.BAD_INPUT
        ) from None
    if option(args, "debug"):
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    host, port = _address(args)
    sim = Simulator(
        balance=args.balance,
        seed=args.seed,
        faults=faults,
        spec_path=args.spec,
        host=host,
        port=port,
        api_key=args.api_key or api_key(args),
        async_jobs=args.async_jobs,
        strict=args.strict,
    )
    try:
        sim.start()
    except OSError as exc:
        print(f"dezgo sim: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if option(args, "json"):
        payload = {"url": sim.url, "api_key": sim.api_key, "balance_usd": str(sim.balance)}
        print(json.dumps(payload), flush=True)
    else:
        print(f"Dezgo simulator on {sim.url}", flush=True)
        print(f"test key: {sim.api_key} (balance {sim.balance} USD)", flush=True)
        print(
            f"try: DEZGO_BASE_URL={sim.url} DEZGO_API_KEY={shlex.quote(sim.api_key)} "
            "dezgo text2image 'a lighthouse' -o out.png",
            flush=True,
        )
        for fault in sim.fault_plan.faults:
            print(f"fault: {fault}", flush=True)
    stop.wait()
    sim.stop()
    if not option(args, "json"):
        print(f"stopped; billed {len(sim.charges)} jobs, {sim.total_billed} USD", flush=True)
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    return standalone("dezgo sim", "Run a local Dezgo simulator on 127.0.0.1.", configure, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
