"""The write batch's one statement: each write a common table expression, parameters renumbered in order."""

from __future__ import annotations

from adapters.persistence.write_batch import Write, combined


def test_each_write_numbers_its_parameters_after_those_before_it() -> None:
    ten = ", ".join(f"${n}" for n in range(1, 11))
    writes = [
        Write("a", f"INSERT INTO a VALUES ({ten})", tuple(range(1, 11))),
        Write("b", "UPDATE b SET x = $1 WHERE y = $1", ("x",)),
        Write("c", "DELETE FROM c WHERE id = $2 OR id = $1", ("one", "two")),
    ]

    sql, arguments = combined(writes, "SELECT pg_advisory_xact_lock(7)")

    assert sql == (
        f"WITH write_0 AS (INSERT INTO a VALUES ({ten})),\n"
        "write_1 AS (UPDATE b SET x = $11 WHERE y = $11),\n"
        "write_2 AS (DELETE FROM c WHERE id = $13 OR id = $12)\n"
        "SELECT pg_advisory_xact_lock(7)"
    )
    assert arguments == [*range(1, 11), "x", "one", "two"]


def test_a_write_without_parameters_keeps_its_text() -> None:
    sql, arguments = combined([Write("a", "DELETE FROM a", ())], "SELECT 1")

    assert sql == "WITH write_0 AS (DELETE FROM a)\nSELECT 1"
    assert arguments == []
