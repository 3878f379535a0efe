"""The audit log's hash chain: verification names the first entry that was altered, and how."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from domain.audit import AuditEntry, chain_hash, first_broken_link

AT = datetime(2025, 5, 1, tzinfo=UTC)


def chain(payloads: list[dict[str, object]]) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for seq, payload in enumerate(payloads, 1):
        previous = entries[-1].hash if entries else None
        digest = chain_hash(previous, AT, "policy.decision", f"d{seq}", payload)
        entries.append(AuditEntry(seq, AT, "policy.decision", f"d{seq}", payload, previous, digest))
    return entries


def five() -> list[AuditEntry]:
    return chain([{"allow": index % 2 == 0, "n": index} for index in range(5)])


def test_an_untouched_chain_is_intact() -> None:
    assert first_broken_link(five()) is None
    assert first_broken_link([]) is None


def test_the_hash_covers_the_previous_hash_time_kind_ref_and_payload() -> None:
    base = chain_hash("a" * 64, AT, "k", "r", {"x": 1})
    assert chain_hash("b" * 64, AT, "k", "r", {"x": 1}) != base
    assert chain_hash("a" * 64, AT + timedelta(microseconds=1), "k", "r", {"x": 1}) != base
    assert chain_hash("a" * 64, AT, "j", "r", {"x": 1}) != base
    assert chain_hash("a" * 64, AT, "k", "s", {"x": 1}) != base
    assert chain_hash("a" * 64, AT, "k", "r", {"x": 2}) != base
    assert chain_hash("a" * 64, AT, "k", "r", {"x": 1}) == base


def test_the_same_instant_in_another_zone_has_the_same_hash() -> None:
    elsewhere = AT.astimezone(timezone(timedelta(hours=2)))
    assert chain_hash(None, elsewhere, "k", None, {}) == chain_hash(None, AT, "k", None, {})


def test_a_changed_time_is_named() -> None:
    entries = five()
    entries[1] = dataclasses.replace(entries[1], created_at=AT - timedelta(days=1))
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == 2


def test_an_altered_payload_is_named_by_its_seq() -> None:
    entries = five()
    entries[2] = dataclasses.replace(entries[2], payload={"allow": False, "n": 2})
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == 3
    assert "altered" in broken.problem


def test_an_entry_altered_and_re_hashed_is_still_named() -> None:
    entries = five()
    forged = {"allow": True, "n": 1}
    entries[1] = dataclasses.replace(
        entries[1], payload=forged, hash=chain_hash(entries[0].hash, AT, "policy.decision", "d2", forged)
    )
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == 2
    assert "re-hashed" in broken.problem


def test_a_changed_prev_hash_is_named() -> None:
    entries = five()
    entries[3] = dataclasses.replace(entries[3], prev_hash="0" * 64)
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == 4
    assert "prev_hash" in broken.problem


def test_a_removed_entry_is_noticed_at_the_next_one() -> None:
    entries = five()
    del entries[2]
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == 4
    assert "removed" in broken.problem


def test_a_removed_first_entry_is_noticed() -> None:
    broken = first_broken_link(five()[1:])
    assert broken is not None
    assert broken.seq == 2


def test_swapped_entries_are_noticed() -> None:
    entries = five()
    entries[1], entries[2] = entries[2], entries[1]
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq in (2, 3)


@given(st.lists(st.integers(), min_size=1, max_size=8), st.data())
def test_any_altered_payload_breaks_the_chain_at_that_entry(values: list[int], data: st.DataObject) -> None:
    entries = chain([{"v": value} for value in values])
    index = data.draw(st.integers(0, len(entries) - 1))
    entries[index] = dataclasses.replace(entries[index], payload={"v": values[index] + 1})
    broken = first_broken_link(entries)
    assert broken is not None
    assert broken.seq == index + 1
