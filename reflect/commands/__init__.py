"""CLI sub-commands, one module per command family.

Each module defines ``register(subparsers)``, which adds its parser(s) and sets
``handler=<function>`` as a default; a handler has the signature
``handler(args: argparse.Namespace, ctx: CommandContext) -> int`` and returns the exit code.
Handlers raise :class:`reflect.errors.ReflectError` for anything the user should be told.
"""
