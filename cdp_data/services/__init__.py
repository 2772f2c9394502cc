"""The use cases the pages and the command line call: read through the store's repositories,
compute with the domain, write through the repositories (one place for transactions, and for
suppression on the way out)."""
