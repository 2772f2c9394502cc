"""CLI subcommands: one module per capability, each with ``register(subparsers)``."""
