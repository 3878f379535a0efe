"""The write batch's one statement: each write a common table expression, parameters renumbered in order."""

from __future__ import annotations

from adapters.persistence.write_batch import Write, combined


def test_each_write_numbers_its_parameters_after_those_before_it() -> None:
    writes = [
        Write("a", "INSERT INTO a VALUES ($1, $2, $10)", (1, 2, 10)),
        Write("b", "UPDATE b SET x = $1 WHERE y = $1", ("x",)),
        Write("c", "DELETE FROM c WHERE id = $2 OR id = $1", ("one", "two")),
    ]

    sql, arguments = combined(writes, "SELECT pg_advisory_xact_lock(7)")

    assert sql == (
        "WITH write_0 AS (INSERT INTO a VALUES ($1, $2, $10)),\n"
        "write_1 AS (UPDATE b SET x = $4 WHERE y = $4),\n"
        "write_2 AS (DELETE FROM c WHERE id = $6 OR id = $5)\n"
        "SELECT pg_advisory_xact_lock(7)"
    )
    assert arguments == [1, 2, 10, "x", "one", "two"]


def test_a_write_without_parameters_keeps_its_text() -> None:
    sql, arguments = combined([Write("a", "DELETE FROM a", ())], "SELECT 1")

    assert sql == "WITH write_0 AS (DELETE FROM a)\nSELECT 1"
    assert arguments == []
