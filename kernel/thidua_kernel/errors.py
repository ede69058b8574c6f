"""Errors are values the caller can show: a rule id, a message in Vietnamese and English, figures."""
from typing import Any


class ThiduaError(Exception):
    status_code = 400

    def __init__(self, rule: str, message_vi: str, message_en: str, **figures: Any) -> None:
        super().__init__(f"{rule}: {message_en}")
        self.rule = rule
        self.message_vi = message_vi
        self.message_en = message_en
        self.figures = figures

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "figures": self.figures,
        }


class DomainRefusal(ThiduaError):
    """A command broke a domain rule (DOMAIN.md id in `rule`)."""

    status_code = 422


class NotFound(ThiduaError):
    status_code = 404


class NotAuthenticated(ThiduaError):
    status_code = 401


class NotAuthorised(ThiduaError):
    status_code = 403


class ConcurrencyConflict(ThiduaError):
    """Another command changed the aggregate first (expected version did not hold)."""

    status_code = 409


class IdempotencyKeyReused(ThiduaError):
    """The same idempotency key came with a different command."""

    status_code = 409


class InvalidInput(ThiduaError):
    """Input outside what the API accepts (kernel rules INPUT-*, NFC): see limits.py."""

    status_code = 422


class MalformedRequest(ThiduaError):
    status_code = 400


class PayloadTooLarge(ThiduaError):
    status_code = 413


class UriTooLong(ThiduaError):
    status_code = 414


class UnsupportedMediaType(ThiduaError):
    status_code = 415
