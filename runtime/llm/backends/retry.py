"""Retries with exponential backoff for calls to a server.

Only transient failures are retried (connection refused or reset, timeouts, HTTP 408/409/429 and
5xx); a wrong model name or a bad key fails at once, since asking again cannot fix it.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4          # attempts after the first
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    jitter: float = 0.25          # +/- share of each delay, so many clients do not retry in step

    def delay(self, retry_number: int, rng: random.Random) -> float:
        base = min(self.max_backoff_s, self.initial_backoff_s * 2 ** retry_number)
        return max(0.0, base * (1 + self.jitter * (2 * rng.random() - 1)))


def call_with_retries(call: Callable[[], T], *, policy: RetryPolicy,
                      is_transient: Callable[[BaseException], bool],
                      on_retry: Callable[[BaseException, int], None] = lambda exc, n: None,
                      sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `call`; on a transient failure wait and try again, up to policy.max_retries times.
    The last failure propagates unchanged, so the caller can word the final error."""
    rng = random.Random()
    retry_number = 0
    while True:
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - classified by is_transient, else re-raised
            if retry_number >= policy.max_retries or not is_transient(exc):
                raise
            on_retry(exc, retry_number)
            sleep(policy.delay(retry_number, rng))
            retry_number += 1
