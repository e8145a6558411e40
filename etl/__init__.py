"""pmdw: loads portfolio-manager disclosures from EDGAR filings into a SQL warehouse."""

__version__ = "0.1.0"
