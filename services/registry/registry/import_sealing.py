"""Issue 11, crypto-shredding of a log recorded before it: an import seals what was in clear.

ParticipantRegistered version 1 carried an individual's name and address in clear; a store
and topic holding such events cannot forget the person. Reading chosen: the way out is the
copy-and-transform migration operators already have (`thidua events export` from the old
deployment, `thidua events import` into a fresh one): the registry's import re-records each
version-1 registration of an individual as version 2, the name and address sealed under a new
key of that person (the event id, stream and version unchanged; the hash chain and seals are the
new store's, as for every import). A PersonalDataErased met in the log destroys that person's
key before it is stored, as the command does, so a person erased in the old deployment is
unreadable in the new one from the moment the erasure is imported. The old deployment's store
and topics still hold the names: the operator deletes them once the import is verified
(README "Operators"); consumers re-read the new topic from its start.
"""
from pydantic import ValidationError

from contracts.envelope import EventEnvelope
from contracts.registry import INDIVIDUAL_KINDS, ParticipantRegisteredV1, PersonalDataErased
from thidua_kernel.errors import InvalidInput
from thidua_kernel.key_store import PgKeyStore
from thidua_kernel.sealing import PersonalData, seal


class SealOnImport:
    def __init__(self, keys: PgKeyStore) -> None:
        self._keys = keys

    async def __call__(self, envelope: EventEnvelope) -> EventEnvelope:
        if envelope.event_type == "PersonalDataErased":
            await self._keys.destroy(_payload(PersonalDataErased, envelope).code)
            return envelope
        if envelope.event_type != "ParticipantRegistered" or envelope.schema_version != 1:
            return envelope
        old = _payload(ParticipantRegisteredV1, envelope)
        if old.kind not in INDIVIDUAL_KINDS:
            return envelope
        key_id, key = await self._keys.key_of(old.code)
        # No key: the person's erasure was imported before (a re-run): nothing of them is kept.
        token = seal(key_id, key, old.code, PersonalData(old.name, old.address)) if key is not None else None
        payload = {**old.model_dump(mode="json"), "name": None, "address": None, "personal_data": token}
        return envelope.model_copy(update={"schema_version": 2, "payload": payload})


def _payload(model, envelope: EventEnvelope):
    try:
        return model.model_validate(envelope.payload)
    except ValidationError as exc:
        raise InvalidInput("OPS-IMPORT", f"Sự kiện {envelope.event_id} có nội dung không hợp lệ.",
                           f"Event {envelope.event_id} ({envelope.event_type} v{envelope.schema_version}) has an"
                           f" invalid payload: {exc.errors()[:1]}", event_id=str(envelope.event_id)) from None
