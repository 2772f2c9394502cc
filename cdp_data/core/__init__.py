"""The kernel: settings, errors, numbers, periods, suppression. Imports nothing else from cdp_data."""
