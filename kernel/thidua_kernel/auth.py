"""Who may do what: bearer tokens name a principal with a role and a scope (a unit code)."""
import json
from dataclasses import dataclass
from pathlib import Path

from contracts.envelope import Actor

from .errors import NotAuthenticated, NotAuthorised

PROVINCE_BOARD = "province_board"  # the Emulation Board, DARD: the whole province
DISTRICT_OFFICER = "district_officer"  # one district and its communes
# A department, mass organisation or Fatherland Front committee (scope: its participant code):
# nominates itself, its subordinate units and its staff for awards (A4, A9(e), A9(f)).
DEPARTMENT_OFFICER = "department_officer"
VIEWER = "viewer"  # reads only (auditors, other agencies), without individuals' personal data
RECORDS_OFFICER = "records_officer"  # reads only, personal data included (complaints, inspection)
PUBLIC = "public"  # anonymous reads, only where THIDUA_PUBLIC_READ grants them; no personal data
ROLES = (PROVINCE_BOARD, DISTRICT_OFFICER, DEPARTMENT_OFFICER, VIEWER, RECORDS_OFFICER, PUBLIC)
# Reading chosen: personal data of individuals (names and addresses of households, officials and
# business people) is for the roles that record or check it. A district officer sees it only for
# participants inside its own district (registry.views); everyone else gets those records with
# the personal fields withheld (null, `personal_data_withheld: true`), not a 403: the rest of
# the list (departments, enterprises, unions) is public business of the movement.
PERSONAL_DATA_ROLES = (PROVINCE_BOARD, DISTRICT_OFFICER, RECORDS_OFFICER)
# Roles that may record something; the others are refused by every command before its body is read.
# A department officer's writes are judged by each command against its scope (unit commands
# refuse it: require_unit_scope knows only the board and district officers).
WRITING_ROLES = (PROVINCE_BOARD, DISTRICT_OFFICER, DEPARTMENT_OFFICER)


@dataclass(frozen=True)
class TokenRegistry:
    tokens: dict[str, Actor]

    @classmethod
    def from_file(cls, path: Path) -> "TokenRegistry":
        raw = json.loads(path.read_text(encoding="utf-8"))["tokens"]
        registry = cls({token: Actor(**who) for token, who in raw.items()})
        unknown = {a.role for a in registry.tokens.values()} - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles in {path}: {sorted(unknown)}")
        return registry

    def authenticate(self, authorization: str | None) -> Actor:
        actor = self.tokens.get(bearer_token(authorization) or "")
        if actor is None:
            raise not_authenticated("unknown_token")
        return actor


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def not_authenticated(reason: str, **figures: object) -> NotAuthenticated:
    """401 rule AUTH; `reason` says which check failed (never which part of a secret was wrong)."""
    return NotAuthenticated(
        "AUTH",
        "Thiếu, sai, hết hạn hoặc đã bị thu hồi mã truy cập (Authorization: Bearer ...).",
        "Missing, invalid, expired or revoked bearer token (Authorization: Bearer ...).",
        reason=reason, **figures,
    )


def _split(action: str) -> tuple[str, str]:
    """Actions are written "Vietnamese / English"; each message takes its own half."""
    vi, _, en = action.partition(" / ")
    return vi, en or vi


def require_province_board(actor: Actor, action: str) -> None:
    if actor.role != PROVINCE_BOARD:
        vi, en = _split(action)
        raise NotAuthorised(
            "AUTH-ROLE",
            f"Chỉ Ban Thi đua – Khen thưởng / cấp tỉnh được {vi}.",
            f"Only the province board may {en}.",
            principal=actor.principal_id,
            role=actor.role,
        )


def require_writer(actor: Actor) -> None:
    """Every command: a read-only role is refused at the edge (403 AUTH-ROLE), whatever the body."""
    if actor.role not in WRITING_ROLES:
        raise NotAuthorised(
            "AUTH-ROLE",
            f"Vai trò {actor.role} chỉ được xem, không được ghi.",
            f"Role {actor.role} may read only, not record anything.",
            principal=actor.principal_id, role=actor.role,
        )


def require_unit_scope(actor: Actor, unit_path: list[str], action: str) -> None:
    """A write on a unit: the province board anywhere, a district officer inside its district."""
    if actor.role == PROVINCE_BOARD:
        return
    if actor.role == DISTRICT_OFFICER and actor.scope in unit_path:
        return
    vi, en = _split(action)
    raise NotAuthorised(
        "AUTH-SCOPE",
        f"Tài khoản {actor.principal_id} ({actor.role}, phạm vi {actor.scope}) không được {vi}"
        f" đơn vị {unit_path[-1]}.",
        f"{actor.principal_id} ({actor.role}, scope {actor.scope}) may not {en} unit {unit_path[-1]}.",
        principal=actor.principal_id,
        role=actor.role,
        scope=actor.scope,
        unit_path=unit_path,
    )


def principal_shown(reader: Actor, actor_scope: str | None) -> bool:
    """Whether `reader` may read the account (principal) that recorded an event, an official's
    own name: the board and the records officer always, a district officer for actors of its own
    district's scope; every other reader sees the role and scope only (the office that acted,
    the movement's public business). One reading for every answer that names a recorder."""
    return reader.role in (PROVINCE_BOARD, RECORDS_OFFICER) or (
        reader.role == DISTRICT_OFFICER and actor_scope is not None and actor_scope == reader.scope)


def actor_as_shown(actor: dict | None, reader: Actor) -> dict | None:
    """An event's actor as `reader` may see it: the principal null and `principal_withheld` true
    where principal_shown says no."""
    if actor is None:
        return None
    shown = principal_shown(reader, actor.get("scope"))
    return {"principal_id": actor.get("principal_id") if shown else None, "role": actor.get("role"),
            "scope": actor.get("scope"), "principal_withheld": not shown}
