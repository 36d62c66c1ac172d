"""How many processor cores this process may use: the default and the cap for ``--jobs``.

That is the CPU affinity (the cores it may be scheduled on), further bounded by a CPU quota of
its control group: a container given two CPUs on a 64-core host may run on all 64 cores but
only for two cores' worth of time, so 64 workers would only contend. The quota is read from
cgroup v2 (``cpu.max``) or v1 (``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``), in the process's
own group and those above it; the tightest one counts.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Optional

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores() -> int:
    """The cores this process may run on, bounded by its control group's CPU quota."""
    if hasattr(os, "sched_getaffinity"):
        cores = max(1, len(os.sched_getaffinity(0)))
    else:
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota()
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return cores


def cgroup_cpu_quota() -> Optional[float]:
    """The CPU quota in cores (``1.5`` for 150 ms per 100 ms), or None when there is none."""
    try:
        lines = PROC_CGROUP.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    limits = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        relative = path.strip().lstrip("/")
        if controllers == "":  # cgroup v2
            limits += _limits(CGROUP_ROOT, relative, _v2_quota)
        elif "cpu" in controllers.split(","):
            for mount in (
                CGROUP_ROOT / controllers,
                CGROUP_ROOT / "cpu",
                CGROUP_ROOT / "cpu,cpuacct",
            ):
                limits += _limits(mount, relative, _v1_quota)
    return min(limits) if limits else None


def _limits(mount: Path, relative: str, read) -> list[float]:
    """The quotas in the group ``relative`` under ``mount`` and in each group above it (in a
    container the group path may not exist under its own mount: its root then counts)."""
    found = []
    parts = [p for p in relative.split("/") if p]
    for depth in range(len(parts), -1, -1):
        quota = read(mount.joinpath(*parts[:depth]))
        if quota is not None:
            found.append(quota)
    return found


def _read(path: Path) -> Optional[str]:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def _v2_quota(group: Path) -> Optional[float]:
    text = _read(group / "cpu.max")  # "max 100000" or "200000 100000"
    if not text:
        return None
    quota, _, period = text.partition(" ")
    return _ratio(quota, period or "100000")


def _v1_quota(group: Path) -> Optional[float]:
    quota = _read(group / "cpu.cfs_quota_us")  # -1: no limit
    period = _read(group / "cpu.cfs_period_us")
    if quota is None or period is None:
        return None
    return _ratio(quota, period)


def _ratio(quota: str, period: str) -> Optional[float]:
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:
        return None  # "max"
    if quota_us <= 0 or period_us <= 0:
        return None
    return quota_us / period_us
