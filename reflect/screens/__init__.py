"""The app's screens, one per file. Each talks to the core through the journal gate."""
