"""`receipts verify`: a site's record.json, its receipt pages and an earlier record, checked (docs/receipts.md)."""
