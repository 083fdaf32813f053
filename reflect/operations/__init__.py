"""The application layer: every rule a user could see differ between the command line and
the app, in one place. Both front ends parse input (options, keys), call these functions and
show what they return; neither holds a rule of its own.

- :mod:`~reflect.operations.entries`: saving an entry (add-or-update, safe to retry);
- :mod:`~reflect.operations.entry_input` and :mod:`~reflect.operations.values`: entry fields
  from JSON or options, checked against the one field table (:mod:`reflect.fields`);
- :mod:`~reflect.operations.query`: the one entry query (list, search, filter, export);
- :mod:`~reflect.operations.exporting`: what an export reads and where it may be written;
- :mod:`~reflect.operations.settings`: the one settings file.

Modules are imported where used, not here, so a command loads only what it needs.
"""
