"""The encrypted store: file format, durable storage, and the journal repository."""
