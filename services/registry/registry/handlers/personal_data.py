"""Issue 11: individuals' names and addresses sealed with a key per person, and their erasure.

Reading chosen (who erases): the province board alone, as for every structural change of the
registry; the records officer reads personal data but, like every read-only role, records
nothing (403 AUTH-ROLE before the body is read). The legal basis (`document_number`) and the
reason are required and travel in the envelope; the event carries the participant's code only.
"""
from typing import Any

from contracts.registry import INDIVIDUAL_KINDS, ParticipantRegistered, PersonalDataErased
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal, NotFound
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend
from thidua_kernel.sealing import PersonalData, seal

from ..commands import ErasePersonalData, RegisterParticipant
from .deps import RegistryDeps
from .loading import load_history


async def sealed_registration(deps: RegistryDeps, cmd: RegisterParticipant) -> ParticipantRegistered:
    """The event of `cmd`: an individual's name and address sealed under a key of their own
    (created here, once per person), anyone else's in clear."""
    if cmd.kind not in INDIVIDUAL_KINDS:
        return ParticipantRegistered(code=cmd.code, kind=cmd.kind, name=cmd.name, parent_code=cmd.parent_code,
                                     address=cmd.address, effective_from=cmd.effective_from)
    key_id, key = await deps.keys.key_of(cmd.code)
    if key is None:  # U4 already refuses a code registered before; a key without an event was erased
        raise DomainRefusal("U3", f"Dữ liệu cá nhân của {cmd.code} đã bị xóa; mã này không dùng lại được.",
                            f"The personal data of {cmd.code} was erased; the code cannot be used again.",
                            code=cmd.code)
    token = seal(key_id, key, cmd.code, PersonalData(cmd.name, cmd.address))
    return ParticipantRegistered(code=cmd.code, kind=cmd.kind, name=None, parent_code=cmd.parent_code,
                                 address=None, effective_from=cmd.effective_from, personal_data=token)


def hashed_body(cmd: RegisterParticipant) -> dict[str, Any]:
    """What the idempotency record's hash covers: an individual's name and address left out, as
    a password is (a hash of a low-entropy name is a name to anyone who guesses it). Reading: a
    retry of an individual's registration under the same key with another name gets the first
    answer, not a 409."""
    exclude = {"name", "address"} if cmd.kind in INDIVIDUAL_KINDS else set()
    return cmd.model_dump(mode="json", exclude=exclude)


async def erase_personal_data(deps: RegistryDeps, ctx: CommandContext, cmd: ErasePersonalData) -> dict[str, Any]:
    """Destroy the person's key, then record PersonalDataErased; the person's events stay as they are."""
    require_province_board(ctx.actor, "xóa dữ liệu cá nhân / erase personal data")
    code = cmd.participant_code

    async def decide() -> Decision:
        history, version = await load_history(deps.store, "participant", code)
        registered = next((p for t, p in history if t == "ParticipantRegistered"), None)
        if registered is None:
            raise NotFound("U3", f"Không có đối tượng tham gia mã {code}.", f"No participant has code {code}.",
                           code=code)
        if registered["kind"] not in INDIVIDUAL_KINDS:
            raise DomainRefusal("U3", f"{code} không phải cá nhân: không có dữ liệu cá nhân để xóa.",
                                f"{code} is not an individual: it has no personal data to erase.",
                                code=code, kind=registered["kind"])
        # The key goes before the event is appended, so a reader who sees the event never finds
        # the key alive; a crash in between leaves the key gone and the retry appends the event.
        await deps.keys.destroy(code)
        if any(t == "PersonalDataErased" for t, _ in history):
            return Decision([], {"participant_code": code, "personal_data_erased": True, "unchanged": True})
        event = PersonalDataErased(code=code)
        new = NewEvent("PersonalDataErased", event.model_dump(mode="json"), deps.now())
        return Decision([StreamAppend("participant", code, version, (new,))],
                        {"participant_code": code, "personal_data_erased": True})

    return await execute(deps.store, ctx, "ErasePersonalData", cmd.model_dump(mode="json"), decide)
