"""Failed sign-ins of one user name are counted in a window; past the limit the name waits."""
from datetime import datetime, timedelta, timezone

import pytest

from registry.signin_throttle import SignInThrottle, TooManyFailures
from thidua_kernel.clock import ManualClock


def test_a_user_name_waits_after_too_many_failures_and_a_success_forgets_them():
    clock = ManualClock(datetime(2026, 12, 2, tzinfo=timezone.utc))
    throttle = SignInThrottle(clock, limit=3, window=timedelta(minutes=5))
    for _ in range(3):
        throttle.check("kiem-toan")
        throttle.failed("kiem-toan")
        clock.advance(timedelta(seconds=10))
    with pytest.raises(TooManyFailures) as refused:
        throttle.check("kiem-toan")
    assert (refused.value.status_code, refused.value.rule) == (429, "AUTH-THROTTLE")
    assert refused.value.figures["retry_after_s"] == 271  # the first failure leaves the window then
    throttle.check("thanh-tra")  # other names are not affected
    clock.advance(timedelta(seconds=271))
    throttle.check("kiem-toan")
    throttle.failed("kiem-toan")
    throttle.succeeded("kiem-toan")
    for _ in range(2):
        throttle.failed("kiem-toan")
    throttle.check("kiem-toan")
