"""Password guessing slowed down: after `limit` failed sign-ins of one user name within `window`,
that name is refused (429, rule AUTH-THROTTLE, Retry-After) until the oldest failure leaves the
window, without the argon2 work, whatever the password. A success forgets the failures.

Reading chosen: per user name, in the registry process's memory (a restart forgets, which only
favours the user); not per client address, which a proxy hides and an attacker changes at will.
"""
from collections import deque
from datetime import datetime, timedelta

from thidua_kernel.clock import Clock
from thidua_kernel.errors import ThiduaError

MAX_TRACKED = 10_000  # user names with recent failures kept; beyond it the oldest entries go


class TooManyFailures(ThiduaError):
    status_code = 429


class SignInThrottle:
    def __init__(self, clock: Clock, limit: int = 5, window: timedelta = timedelta(minutes=5)) -> None:
        self._clock, self._limit, self._window = clock, limit, window
        self._failures: dict[str, deque[datetime]] = {}

    def check(self, username: str) -> None:
        now = self._clock.now()
        failures = self._failures.get(username)
        while failures and now - failures[0] >= self._window:
            failures.popleft()
        if failures is not None and len(failures) >= self._limit:
            retry = int((failures[0] + self._window - now).total_seconds()) + 1
            raise TooManyFailures("AUTH-THROTTLE", "Đăng nhập sai quá nhiều lần; hãy thử lại sau.",
                                  "Too many failed sign-ins for this user name; try again later.",
                                  retry_after_s=retry)

    def failed(self, username: str) -> None:
        if username not in self._failures and len(self._failures) >= MAX_TRACKED:
            self._failures.pop(next(iter(self._failures)))
        self._failures.setdefault(username, deque(maxlen=self._limit)).append(self._clock.now())

    def succeeded(self, username: str) -> None:
        self._failures.pop(username, None)
