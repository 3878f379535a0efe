"""Port: the data sources on offer (built-in and third-party plugins), looked up by name."""

from __future__ import annotations

from typing import Protocol

from application.ports.data_source import DataSource


class DataSourceCatalogue(Protocol):
    def names(self) -> list[str]:
        """Every source name on offer, sorted."""
        ...

    def source(self, name: str) -> DataSource:
        """The source `name`; an unknown name is a DomainError listing the known ones."""
        ...
