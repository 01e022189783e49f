"""keiyaku-lint: check Japanese outsourcing contracts for the clauses an
outsourcing-management regulation requires."""

__version__ = "0.1.0"
