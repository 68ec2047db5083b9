"""TANDEM-5-BAS in SimPy: the reference side of bench/tandem.sh.

Five single servers in series with Poisson arrivals at 1/min. At most 5 jobs
at S1 (4 waiting plus the one on the server, busy or blocked); an arrival
finding S1 full is lost. Two waiting places in front of S2..S5. Blocking after
service: a finished job stays on its server until the next buffer has room.

Prints one line per seed in the same key=value form as twinlab-bench.
"""

import argparse
import math
import random
import time

import simpy


def run(seed, jobs, warmup_jobs, variant):
    means = [0.5, 0.6, 0.7, 0.6, 0.5]  # minutes
    streams = [random.Random(seed * 1000 + index) for index in range(6)]
    env = simpy.Environment()
    buffers = [simpy.Store(env, capacity=4)] + [simpy.Store(env, capacity=2) for _ in range(4)]
    occupied = [False] * 5
    stats = {"done": 0, "cycle_sum": 0.0, "lost": 0, "offered": 0, "wip_area": 0.0,
             "wip": 0, "wip_time": 0.0, "window_start": 0.0}
    finished = env.event()

    def service_time(index):
        u = streams[index + 1].random()
        mean = means[index]
        if variant == "T":
            low, mode, high = 0.6 * mean, mean, 1.4 * mean
            split = (mode - low) / (high - low)
            if u < split:
                return low + math.sqrt(u * (high - low) * (mode - low))
            return high - math.sqrt((1 - u) * (high - low) * (high - mode))
        return -mean * math.log(1.0 - u)

    def change_wip(delta):
        stats["wip_area"] += stats["wip"] * (env.now - stats["wip_time"])
        stats["wip_time"] = env.now
        stats["wip"] += delta

    def source():
        while True:
            yield env.timeout(-math.log(1.0 - streams[0].random()))
            stats["offered"] += 1
            if len(buffers[0].items) + (1 if occupied[0] else 0) >= 5:
                stats["lost"] += 1
                continue
            change_wip(1)
            yield buffers[0].put(env.now)

    def server(index):
        while True:
            arrival = yield buffers[index].get()
            occupied[index] = True
            yield env.timeout(service_time(index))
            if index < 4:
                yield buffers[index + 1].put(arrival)
            else:
                change_wip(-1)
                record(arrival)
            occupied[index] = False

    def record(arrival):
        stats["done"] += 1
        if stats["done"] == warmup_jobs:
            stats.update(cycle_sum=0.0, lost=0, offered=0, wip_area=0.0,
                         wip_time=env.now, window_start=env.now)
        elif stats["done"] > warmup_jobs:
            stats["cycle_sum"] += env.now - arrival
            if stats["done"] == warmup_jobs + jobs:
                finished.succeed()

    env.process(source())
    for index in range(5):
        env.process(server(index))
    start_wall = time.perf_counter()
    start_cpu = time.process_time()
    env.run(until=finished)
    wall = time.perf_counter() - start_wall
    cpu = time.process_time() - start_cpu
    change_wip(0)
    span = env.now - stats["window_start"]
    print(" ".join([
        "engine=simpy", f"seed={seed}", f"jobs={jobs}", f"wall_s={wall:.3f}",
        f"cpu_s={cpu:.3f}", f"jobs_per_cpu_s={(warmup_jobs + jobs) / cpu:.0f}",
        f"cycle_min={stats['cycle_sum'] / jobs:.5f}",
        f"loss={stats['lost'] / max(1, stats['offered']):.5f}",
        f"wip={stats['wip_area'] / span:.5f}",
    ]), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--warmup-jobs", type=int, default=10_000)
    parser.add_argument("--seeds", default="1-10")
    parser.add_argument("--variant", choices=["E", "T"], default="E")
    arguments = parser.parse_args()
    first, _, last = arguments.seeds.partition("-")
    for seed in range(int(first), int(last or first) + 1):
        run(seed, arguments.jobs, arguments.warmup_jobs, arguments.variant)


if __name__ == "__main__":
    main()
