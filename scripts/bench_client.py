"""Client benchmarks: the SDK against what a user would use instead, measured in the same run.

``make bench`` runs it. The baseline is a default ``httpx.Client`` / ``httpx.AsyncClient``
(no limits or options of ours: what a user writes), and each figure is a ratio (SDK /
baseline), so a noisy shared machine moves both sides together. Results print as a table
and go to build/bench_client.json. Targets are from the project's performance issues; a
missed target is reported as missed, never hidden.

The async figures are taken twice: with the simulator in its own process (the client's
CPU alone, by ``time.process_time``), and in one process with it (a busy box: what the
client's work costs the throughput of everything else on its core). The pool AsyncDezgo
uses is chosen by measurement: the last table row compares it with the limits we used to set.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from _simulator_process import SimulatorProcess, simulator_process  # noqa: E402

from dezgo import AsyncDezgo, Dezgo, Image  # noqa: E402

OUT = ROOT / "build" / "bench_client.json"
MB = 1024 * 1024


def bench_sync_latency(sim: SimulatorProcess, rounds: int = 60) -> dict[str, float]:
    body = {"prompt": "a lighthouse at dusk", "width": 512, "height": 512, "seed": 42}
    headers = {"X-Dezgo-Key": sim.api_key}
    sdk_times, bare_times = [], []
    with (
        Dezgo(api_key=sim.api_key, base_url=sim.url) as client,
        httpx.Client(base_url=sim.url, headers=headers) as bare,
    ):
        for _ in range(5):  # warm both connections and caches
            client.text2image(**body)
            bare.post("/text2image", json=body).raise_for_status()
        for _ in range(rounds):
            start = time.perf_counter()
            client.text2image(**body)
            sdk_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            response = bare.post("/text2image", json=body)
            response.raise_for_status()
            bare_times.append(time.perf_counter() - start)
    sdk, bare_median = statistics.median(sdk_times), statistics.median(bare_times)
    return {
        "sdk_ms": sdk * 1000,
        "baseline_ms": bare_median * 1000,
        "ratio": sdk / bare_median,
        "target": 1.03,
        "better": "lower",
    }


def bench_async_throughput(
    sim: Any, concurrency: int = 32, rounds: int = 4, *, make_sdk: Callable[[], AsyncDezgo] | None = None
) -> dict[str, float]:
    body = {"prompt": "x", "width": 320, "height": 320, "seed": 1}

    async def sdk() -> float:
        async with (make_sdk or (lambda: AsyncDezgo(api_key=sim.api_key, base_url=sim.url)))() as client:
            await asyncio.gather(*(client.text2image(**body) for _ in range(concurrency)))
            start = time.perf_counter()
            for _ in range(rounds):
                await asyncio.gather(*(client.text2image(**body) for _ in range(concurrency)))
            return concurrency * rounds / (time.perf_counter() - start)

    async def bare() -> float:
        async with httpx.AsyncClient(base_url=sim.url, headers={"X-Dezgo-Key": sim.api_key}) as client:
            await asyncio.gather(*(client.post("/text2image", json=body) for _ in range(concurrency)))
            start = time.perf_counter()
            for _ in range(rounds):
                responses = await asyncio.gather(
                    *(client.post("/text2image", json=body) for _ in range(concurrency))
                )
                for response in responses:
                    response.raise_for_status()
            return concurrency * rounds / (time.perf_counter() - start)

    sdk_rates, bare_rates = [], []
    for _ in range(7):  # alternate, so a busy moment on the shared machine hits both sides
        bare_rates.append(asyncio.run(bare()))
        sdk_rates.append(asyncio.run(sdk()))
    s, b = statistics.median(sdk_rates), statistics.median(bare_rates)
    return {
        "sdk_calls_per_s": s,
        "baseline_calls_per_s": b,
        "ratio": s / b,
        "target": 0.95,
        "better": "higher",
    }


def _import_time(python: str, statement: str, runs: int = 15) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


RUNTIME_VENV = ROOT / "build" / "venv-runtime"


def _runtime_python() -> str:
    """A venv with `pip install .` and nothing else: what a user's `import` costs, without dev tools.

    (In the dev venv, click and rich are installed, and `import httpx` itself loads its CLI
    through them: both sides pay ~40 ms that a user's environment does not.)
    """
    python = RUNTIME_VENV / "bin" / "python"
    marker = RUNTIME_VENV / ".installed"
    if not marker.exists() or marker.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(RUNTIME_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", str(ROOT)], check=True)
        marker.touch()
    return str(python)


def bench_import(python: str) -> dict[str, float]:
    """``from dezgo import Dezgo`` (what making a client needs) vs ``import httpx``, alternated."""
    dezgo_times, bare_times = [], []
    for _ in range(3):
        bare_times.append(_import_time(python, "import httpx"))
        dezgo_times.append(_import_time(python, "from dezgo import Dezgo"))
    dezgo, bare = statistics.median(dezgo_times), statistics.median(bare_times)
    return {
        "sdk_ms": dezgo * 1000,
        "baseline_ms": bare * 1000,
        "ratio": dezgo / bare,
        "target": 1.3,
        "better": "lower",
    }


def bench_async_cpu(
    sim: SimulatorProcess,
    concurrency: int = 32,
    calls: int = 200,
    *,
    make_sdk: Callable[[], AsyncDezgo] | None = None,
) -> dict[str, float]:
    """Client CPU time per async text2image call (time.process_time), 32 in flight, vs bare httpx.

    The simulator runs in its own process, so process_time is the client's work alone: what
    the facade adds (checks, request building, charges, results) next to the transport's cost.
    """
    body = {"prompt": "x", "width": 320, "height": 320, "seed": 1}

    async def sdk() -> float:
        async with (make_sdk or (lambda: AsyncDezgo(api_key=sim.api_key, base_url=sim.url)))() as client:
            gate = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with gate:
                    await client.text2image(**body)

            await asyncio.gather(*(one() for _ in range(concurrency)))
            start = time.process_time()
            await asyncio.gather(*(one() for _ in range(calls)))
            return (time.process_time() - start) / calls

    async def bare() -> float:
        async with httpx.AsyncClient(base_url=sim.url, headers={"X-Dezgo-Key": sim.api_key}) as client:
            gate = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with gate:
                    response = await client.post("/text2image", json=body)
                    response.raise_for_status()

            await asyncio.gather(*(one() for _ in range(concurrency)))
            start = time.process_time()
            await asyncio.gather(*(one() for _ in range(calls)))
            return (time.process_time() - start) / calls

    sdk_cpu, bare_cpu = [], []
    for _ in range(7):  # alternate, so a busy moment on the shared machine hits both sides
        bare_cpu.append(asyncio.run(bare()))
        sdk_cpu.append(asyncio.run(sdk()))
    s, b = statistics.median(sdk_cpu), statistics.median(bare_cpu)
    return {"sdk_ms": s * 1000, "baseline_ms": b * 1000, "ratio": s / b, "target": 1.10, "better": "lower"}


def bench_pool(sim: SimulatorProcess) -> dict[str, float]:
    """AsyncDezgo's own pool (httpx's default limits) against the limits it used to set
    (``Limits(max_connections=100, max_keepalive_connections=32)``): client CPU per call."""
    ours = bench_async_cpu(sim)
    old = bench_async_cpu(
        sim,
        make_sdk=lambda: AsyncDezgo(
            api_key=sim.api_key,
            base_url=sim.url,
            http_client=httpx.AsyncClient(
                timeout=httpx.Timeout(300.0, connect=10.0),
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=32),
            ),
        ),
    )
    return {
        "sdk_ms": ours["sdk_ms"],
        "baseline_ms": old["sdk_ms"],
        "ratio": ours["sdk_ms"] / old["sdk_ms"],
        "target": 1.0,
        "better": "lower",
    }


def _big_image(size: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8)  # the SDK checks the magic bytes, not the pixels


def _drain(request: httpx.Request) -> int:
    return sum(len(chunk) for chunk in request.stream)


def _measure(fn, repeat: int = 15) -> tuple[float, int]:
    """Best time of ``repeat`` runs, then the peak memory of one more run under tracemalloc.

    Timed apart because tracemalloc slows every allocation: timing under it would charge
    each side for how many objects it makes rather than for the time it takes.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), peak


def bench_upload(encoding: str, size: int = 16 * MB) -> dict[str, float]:
    image = _big_image(size)
    http = httpx.Client()
    client = Dezgo(api_key="k" * 16, base_url="http://127.0.0.1:9", http_client=http, allow_plain_http=True)

    options = client._options("upscale", encoding, None)

    def sdk() -> None:
        prepared = client.prepare_call("upscale", {"image": image}, options)
        _drain(client.build_request(http, prepared, options.timeout.as_dict()))

    def bare() -> None:
        if encoding == "json":
            body = json.dumps({"image": base64.b64encode(image).decode()}).encode()
            _drain(http.build_request("POST", "http://127.0.0.1:9/upscale", content=body))
        else:
            _drain(
                http.build_request(
                    "POST", "http://127.0.0.1:9/upscale", files={"image": ("image.png", image, "image/png")}
                )
            )

    bare_time, bare_peak = _measure(bare)
    sdk_time, sdk_peak = _measure(sdk)
    client.close()
    http.close()
    return {
        "sdk_ms": sdk_time * 1000,
        "baseline_ms": bare_time * 1000,
        "ratio": sdk_time / bare_time,
        "target": 1.3,
        "better": "lower",
        "sdk_peak_mb": sdk_peak / MB,
        "baseline_peak_mb": bare_peak / MB,
        "peak_vs_image": sdk_peak / size,
        "peak_target": 3.0,
    }


def bench_save(size: int = 20 * MB) -> dict[str, float]:
    """Image.save against plain writes, overwriting a file and writing a new one.

    The two cases differ on ext4: replacing an existing file by rename (and truncating one
    with ``open("wb")``) makes the kernel start writing the new data out at once
    (``auto_da_alloc``), so the overwrite figures include part of a disk flush.
    """
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8)
    image = Image.from_bytes(data)

    def bare_write(path: Path, *, fsync: bool = False) -> None:
        with open(path, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())

    with tempfile.TemporaryDirectory(dir=ROOT / "build") as tmp:
        folder = Path(tmp)
        cases: dict[str, tuple[Callable[[Path], object], bool]] = {
            # name: (write to this path, is the path removed before each run?)
            "sdk": (lambda p: image.save(p), False),
            "bare": (bare_write, False),
            "bare_fsync": (lambda p: bare_write(p, fsync=True), False),
            "sdk_no_fsync": (lambda p: image.save(p, fsync=False), False),
            "sdk_no_fsync_new": (lambda p: image.save(p, fsync=False), True),
            "bare_new": (bare_write, True),
        }
        runs: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(7):
            for name, (write, fresh) in cases.items():
                path = folder / f"{name}.png"
                if fresh:
                    path.unlink(missing_ok=True)
                start = time.perf_counter()
                write(path)
                runs[name].append(time.perf_counter() - start)
    ms = {name: statistics.median(times) * 1000 for name, times in runs.items()}
    return {
        "sdk_ms": ms["sdk"],
        "baseline_ms": ms["bare"],
        "ratio": ms["sdk"] / ms["bare"],
        "target": 1.2,
        "better": "lower",
        "baseline_fsync_ms": ms["bare_fsync"],
        "ratio_vs_fsync": ms["sdk"] / ms["bare_fsync"],
        "no_fsync_ms": ms["sdk_no_fsync"],
        "ratio_no_fsync": ms["sdk_no_fsync"] / ms["bare"],
        "no_fsync_new_ms": ms["sdk_no_fsync_new"],
        "baseline_new_ms": ms["bare_new"],
        "ratio_no_fsync_new": ms["sdk_no_fsync_new"] / ms["bare_new"],
    }


def _num(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def main() -> int:
    (ROOT / "build").mkdir(exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    with simulator_process("--balance", "100000") as sim:
        results["sync latency, text2image 512x512 (vs a default httpx.Client)"] = bench_sync_latency(sim)
        results["async throughput, 32 in flight (vs a default httpx.AsyncClient)"] = bench_async_throughput(
            sim
        )
        results["client CPU per async call, 32 in flight (vs a default AsyncClient)"] = bench_async_cpu(sim)
        results["   AsyncDezgo's pool: httpx default vs Limits(100, 32)"] = bench_pool(sim)
    from dezgo.testing import Simulator

    with Simulator(balance="100000") as in_process:
        results["async throughput, simulator in this process (vs default AsyncClient)"] = (
            bench_async_throughput(in_process)
        )
    results["from dezgo import Dezgo, runtime-only venv (vs import httpx)"] = bench_import(_runtime_python())
    results["from dezgo import Dezgo, dev venv (vs import httpx)"] = bench_import(sys.executable)
    results["16 MB image as base64 JSON (vs b64encode + json.dumps)"] = bench_upload("json")
    results["16 MB image as multipart (vs bare httpx files=)"] = bench_upload("multipart")
    results["Image.save of 20 MB (vs open().write())"] = bench_save()

    print(f"{'benchmark':<62} {'sdk':>10} {'baseline':>10} {'ratio':>7} {'target':>8}  verdict")
    for name, r in results.items():
        unit = "calls/s" if "sdk_calls_per_s" in r else "ms"
        sdk = r.get("sdk_calls_per_s", r.get("sdk_ms", 0.0))
        base = r.get("baseline_calls_per_s", r.get("baseline_ms", 0.0))
        ok = r["ratio"] <= r["target"] if r["better"] == "lower" else r["ratio"] >= r["target"]
        sign = "<=" if r["better"] == "lower" else ">="
        print(
            f"{name:<62} {_num(sdk):>8}{unit[:2]:>2} {_num(base):>8}{unit[:2]:>2} {r['ratio']:>7.2f} {sign}{r['target']:>6}  {'met' if ok else 'MISSED'}"
        )
        if "peak_vs_image" in r:
            peak_ok = r["peak_vs_image"] <= r["peak_target"]
            print(
                f"{'   peak memory (tracemalloc) / image size':<62} {r['sdk_peak_mb']:>8.1f}MB {r['baseline_peak_mb']:>8.1f}MB {r['peak_vs_image']:>7.2f} <={r['peak_target']:>6}  {'met' if peak_ok else 'MISSED'}"
            )
        if "ratio_vs_fsync" in r:
            print(
                f"{'   the same vs open().write() + fsync (what durable means)':<62} {r['sdk_ms']:>8.1f}ms {r['baseline_fsync_ms']:>8.1f}ms {r['ratio_vs_fsync']:>7.2f}"
            )
            for label, sdk_key, base_key, ratio_key in (
                (
                    "   save(fsync=False) vs open().write(), overwriting",
                    "no_fsync_ms",
                    "baseline_ms",
                    "ratio_no_fsync",
                ),
                (
                    "   save(fsync=False) vs open().write(), new file",
                    "no_fsync_new_ms",
                    "baseline_new_ms",
                    "ratio_no_fsync_new",
                ),
            ):
                verdict = "met" if r[ratio_key] <= r["target"] else "MISSED"
                print(
                    f"{label:<62} {r[sdk_key]:>8.1f}ms {r[base_key]:>8.1f}ms {r[ratio_key]:>7.2f} <={r['target']:>6}  {verdict}"
                )
    OUT.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2) + "\n")
    print(f"\nwritten to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
