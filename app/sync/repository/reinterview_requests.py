"""Geneva's re-interview requests for one field device (the format: `app.sync.reinterview`).

From the gaps (`matrix.reinterview`): every witness worth asking again (the only witness of
an element, heard and not seen, two of their accounts that disagree) who was interviewed on
this device and whose consent, in an interview on this device, allows re-contact. Each is
named by the interviewee's id and code and the interview codes that device made, never by
anything Geneva learnt elsewhere (a link to another device's interview stays in Geneva).
Witnesses whose consent does not allow re-contact are counted, not listed. Imported records
of other organisations belong to no device and are never asked about here.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from app.files import atomic_write
from app.formats import signed
from app.sync.enrolment import iso, now_utc
from app.sync.reinterview import FORMAT, AskedWitness, Question, Requests
from app.sync.repository import consolidated, matrix
from app.sync.repository.devices import public_key_for
from app.sync.repository.store import Repository


def make_requests(repository: Repository, device_id: str, made_by: str, note: str = "") -> Requests:
    """The list for `device_id` (enrolled and not revoked, else UnknownDevice or
    DeviceRevoked), unsigned."""
    public_key_for(repository, device_id)
    with repository.reading() as connection:
        wanted = matrix.reinterview(connection)
        recontact = matrix.recontact(connection)
        interviewees = {
            r.id: r for r in consolidated.current(connection, "interviewee") if not r.imported
        }
        interviews = [
            r for r in consolidated.current(connection, "interview") if r.device_id == device_id
        ]
    mine: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for interview in interviews:
        interviewee = str(interview.body["interviewee_id"])
        mine[interviewee].append((interview.id, str(interview.body["code"])))
    asked, withheld = [], 0
    for row in wanted:
        questions = [Question(reason=r["reason"], element=r["element"]) for r in row["reasons"]]
        for interviewee, held in sorted(mine.items()):
            if interviewee not in interviewees or not any(i in row["interviews"] for i, _c in held):
                continue
            if not any(recontact.get(interview_id, False) for interview_id, _code in held):
                withheld += 1
                continue
            asked.append(
                AskedWitness(
                    interviewee_id=interviewee,
                    interviewee_code=str(interviewees[interviewee].body.get("code", "")),
                    interview_codes=sorted(code for _id, code in held),
                    questions=questions,
                )
            )
    return Requests(
        repository_id=repository.repository_id,
        device_id=device_id,
        made_at=iso(now_utc()),
        made_by=made_by,
        note=note,
        witnesses=asked,
        withheld_no_recontact=withheld,
    )


def write_requests(
    repository: Repository, device_id: str, out: Path, made_by: str, note: str = ""
) -> Requests:
    """Sign the list for `device_id` with Geneva's key and write it to `out` (0600; an
    existing file is never overwritten: AlreadyExists)."""
    signer = repository.signing_key  # a role that may not sign is refused before any work
    requests = make_requests(repository, device_id, made_by, note)
    data = signed.sign_document(requests, signer, f"{FORMAT} {device_id}")
    atomic_write(out, data, exclusive=True)
    return requests
